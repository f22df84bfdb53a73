/**
 * The mock's domain in one object: seeded state for every resource, the clock it runs on and
 * the event bus its changes are announced on. The HTTP layer, the stream and the control API
 * all work through this class.
 */

import type { Principal } from '../http/types.js';
import { Blockchain } from './blockchain.js';
import { Clock } from './clock.js';
import type { DomainContext } from './context.js';
import { Credentials, type TestCredentials } from './credentials.js';
import { generateDataset } from './dataset.js';
import { DomainEvents } from './events.js';
import { EvidenceStore } from './evidence-store.js';
import { Monitoring } from './monitoring.js';
import { Network, type BlockQuery } from './network.js';
import { Processes } from './processes.js';
import { Random } from './random.js';
import type { ThreatQuery } from './threat-query.js';
import type { InjectThreatInput } from './threat-injection.js';
import { ThreatStore } from './threat-store.js';
import { Webhooks, type DeliveryOptions } from './webhooks.js';
import type {
  ApiKey,
  ApiKeyCreated,
  ApiKeyList,
  Block,
  BlockList,
  BlockResult,
  ContractAnalysis,
  DefiMonitor,
  DeliveryList,
  Evidence,
  MonitoringStatus,
  NftVerification,
  QuarantineResult,
  Scope,
  ThreatCheck,
  ThreatDetail,
  ThreatList,
  TokenResponse,
  WalletScan,
  Webhook,
  WebhookList,
  WebhookTestResult,
} from './wire.js';

export { hasScope } from './scopes.js';
export type { SortOrder, ThreatQuery, ThreatSort } from './threat-query.js';
export type { BlockQuery } from './network.js';
export type { InjectThreatInput } from './threat-injection.js';
export type { DomainEvent, DomainEventListener } from './events.js';
export type { Clock, ClockSnapshot } from './clock.js';
export type { TestCredentials } from './credentials.js';
export type { DeliveryOptions } from './webhooks.js';

/** How a backend starts. */
export interface MockBackendOptions {
  /** Fixes the dataset, ids and credentials. @default 42 */
  seed?: number;
  /** The clock's first instant (RFC 3339 or epoch ms). @default '2025-01-15T15:00:00Z' */
  clockStart?: string | number;
  /** Keep the clock still until told to move. @default false (it runs with real time) */
  frozenClock?: boolean;
  /** Seeded threats. @default 1247 */
  threatCount?: number;
  /** Timing of webhook deliveries (retry base delay, jitter, timeout); tests shrink it. */
  webhookDelivery?: DeliveryOptions;
}

const DEFAULT_SEED = 42;
const DEFAULT_CLOCK_START = '2025-01-15T15:00:00Z';
const DEFAULT_THREAT_COUNT = 1247;

/** Every stateful part for one seed; replaced whole on reset. */
class State {
  readonly context: DomainContext;
  readonly evidence: EvidenceStore;
  readonly threats: ThreatStore;
  readonly monitoring: Monitoring;
  readonly network: Network;
  readonly processes: Processes;
  readonly blockchain: Blockchain;
  readonly credentials: Credentials;
  readonly webhooks: Webhooks;

  constructor(
    seed: number,
    clock: Clock,
    events: DomainEvents,
    threatCount: number,
    extraKeys: Map<string, readonly Scope[]>,
    deliveryOptions: DeliveryOptions,
  ) {
    this.context = { seed, clock, events, random: Random.from(seed, 'runtime') };
    this.network = new Network(this.context);
    this.threats = new ThreatStore(this.context, {
      evidence: () => this.evidence,
      autoResponse: () => this.monitoring.autoResponseActive(),
      isBlocked: (ip) => this.network.isBlocked(ip),
    });
    this.evidence = new EvidenceStore(clock, seed, (id) => this.threats.peek(id));
    this.monitoring = new Monitoring(this.context, {
      threats: () => this.threats.details(),
      threatCount: () => this.threats.count(),
    });
    this.processes = new Processes(this.context, {
      evidence: this.evidence,
      threatExists: (id) => this.threats.peek(id) !== undefined,
      noteOnThreat: (id, event) => this.threats.note(id, event),
    });
    this.blockchain = new Blockchain(this.context);
    this.credentials = new Credentials(this.context, extraKeys);
    this.webhooks = new Webhooks(this.context, deliveryOptions);

    const dataset = generateDataset(seed, clock.start, threatCount);
    this.threats.load(dataset);

    for (const item of dataset.evidence) {
      this.evidence.add(item.id, item.type, item.threatId, item.collectedMs);
    }
  }
}

/**
 * The whole mock backend.
 *
 * @example
 * const backend = new MockBackend({ frozenClock: true });
 * backend.threats.list({ severity: ['CRITICAL'], limit: 5 }).pagination.total;
 */
export class MockBackend {
  /** The mock clock every timestamp comes from: read it, advance it, freeze it. */
  readonly clock: Clock;
  /** @internal The bus on which every change is announced; the mock's stream and webhooks listen to it. */
  readonly events = new DomainEvents();
  #state: State;
  #seed: number;
  readonly #threatCount: number;
  /** Keys from `credentials.addApiKey`, kept across resets. */
  readonly #extraKeys = new Map<string, readonly Scope[]>();
  /** Webhook delivery timing, kept across resets. */
  #deliveryOptions: DeliveryOptions;

  constructor(options: MockBackendOptions = {}) {
    const start = options.clockStart ?? DEFAULT_CLOCK_START;
    const startMs = typeof start === 'number' ? start : Date.parse(start);

    if (!Number.isFinite(startMs)) {
      throw new TypeError(
        `The \`clockStart\` option must be an RFC 3339 date-time or epoch milliseconds, got ${String(start)}`,
      );
    }

    this.clock = new Clock(startMs, options.frozenClock ?? false);
    this.#seed = options.seed ?? DEFAULT_SEED;
    this.#threatCount = options.threatCount ?? DEFAULT_THREAT_COUNT;
    this.#deliveryOptions = { ...options.webhookDelivery };
    this.#state = this.#build(this.#seed);
  }

  /** The seed of the current state. */
  get seed(): number {
    return this.#seed;
  }

  /** Back to the seeded state (the clock keeps running where it is; added keys survive). */
  reset(seed?: number): void {
    this.#seed = seed ?? this.#seed;
    // The old state's webhooks stop listening and retrying before the new state starts.
    this.#state.webhooks.close();
    this.#state = this.#build(this.#seed);
  }

  /** Stops background work (webhook retries and in-flight deliveries). The data stays readable. */
  close(): void {
    this.#state.webhooks.close();
  }

  /** Threats: the operations behind `/v1/threats`, plus `inject` and `count` for tests. */
  readonly threats = {
    /** One page of threats matching a parsed query. */
    list: (query: ThreatQuery): ThreatList => this.#state.threats.list(query),
    /** One threat by id; throws a `NOT_FOUND` `ApiError` when there is none. */
    get: (id: string): ThreatDetail => this.#state.threats.get(id),
    /** Records a reported threat from a raw (snake_case) request body, validated here. */
    report: (body: unknown): ThreatDetail => this.#state.threats.report(body),
    /** Applies a status, resolution or notes change from a raw request body. */
    update: (id: string, body: unknown): ThreatDetail => this.#state.threats.update(id, body),
    /** What the mock knows about one address. */
    check: (ip: string): ThreatCheck => this.#state.threats.check(ip),
    /** Adds a threat now (missing fields are seeded) and announces it on `events`. */
    inject: (partial: InjectThreatInput | Record<string, unknown>): ThreatDetail =>
      this.#state.threats.inject(partial),
    /** How many threats the state holds. */
    count: (): number => this.#state.threats.count(),
  };

  /** Monitoring: the engines' status and the monitoring mode. */
  readonly monitoring = {
    /** The engines, statistics and options now. */
    status: (): MonitoringStatus => this.#state.monitoring.status(),
    /** Changes the mode from a raw request body. */
    setMode: (body: unknown): MonitoringStatus => this.#state.monitoring.setMode(body),
  };

  /** Evidence: metadata and content; every read is added to the chain of custody. */
  readonly evidence = {
    /** Evidence metadata, appending an `Accessed` custody entry for `actor`; `origin` builds the download URL. */
    get: (id: string, origin: string, actor: string): Evidence =>
      this.#state.evidence.get(id, origin, actor),
    /** The evidence content (seeded bytes), its SHA-256 and media type, appending a `Downloaded` custody entry. */
    download: (
      id: string,
      actor: string,
    ): {
      /** The content. */
      bytes: Uint8Array<ArrayBuffer>;
      /** Lowercase hex SHA-256 of `bytes`. */
      sha256: string;
      /** The media type the download is served with. */
      contentType: string;
    } => this.#state.evidence.download(id, actor),
  };

  /** Network blocks on addresses, ranges and domains. */
  readonly network = {
    /** Creates one block per target of a raw request body. */
    block: (body: unknown): BlockResult => this.#state.network.block(body),
    /** One page of blocks matching a parsed query. */
    list: (query: BlockQuery): BlockList => this.#state.network.list(query),
    /** Lifts a block; throws a `NOT_FOUND` `ApiError` for an unknown id. */
    unblock: (id: string): Block => this.#state.network.unblock(id),
    /** Whether an active block covers the address. */
    isBlocked: (ip: string): boolean => this.#state.network.isBlocked(ip),
  };

  /** Process quarantine. */
  readonly processes = {
    /** Quarantines a process from a raw request body, collecting evidence when asked. */
    quarantine: (body: unknown): QuarantineResult => this.#state.processes.quarantine(body),
  };

  /** The blockchain analyses: deterministic verdicts from the seed and the input. */
  readonly blockchain = {
    /** Scans a wallet address from a raw request body. */
    scanWallet: (body: unknown): WalletScan => this.#state.blockchain.scanWallet(body),
    /** Analyses a contract from a raw request body. */
    analyzeContract: (body: unknown): ContractAnalysis =>
      this.#state.blockchain.analyzeContract(body),
    /** Reports on a DeFi protocol from a raw request body. */
    monitorDefi: (body: unknown): DefiMonitor => this.#state.blockchain.monitorDefi(body),
    /** Verifies an NFT from a raw request body. */
    verifyNft: (body: unknown): NftVerification => this.#state.blockchain.verifyNft(body),
  };

  /** API keys, OAuth clients and tokens. */
  readonly credentials = {
    /** Resolves a bearer token to its principal; throws an `UNAUTHORIZED` or `FORBIDDEN` `ApiError`. */
    authenticate: (token: string, clientIp: string): Principal =>
      this.#state.credentials.authenticate(token, clientIp),
    /** The OAuth token endpoint: a form, with client credentials in it or in `basic`. */
    issueToken: (
      form: Record<string, string>,
      basic?: { clientId: string; clientSecret: string },
    ): TokenResponse => this.#state.credentials.issueToken(form, basic),
    /** Creates an API key for `principal` from a raw request body. */
    createApiKey: (principal: Principal, body: unknown): ApiKeyCreated =>
      this.#state.credentials.createApiKey(principal, body),
    /** One page of API keys. */
    listApiKeys: (query: { limit: number; offset: number }): ApiKeyList =>
      this.#state.credentials.listApiKeys(query),
    /** Revokes an API key by id. */
    revokeApiKey: (id: string): ApiKey => this.#state.credentials.revokeApiKey(id),
    /** Accepts `key` as an API key (every scope unless `scopes` says otherwise), across resets. */
    addApiKey: (key: string, scopes?: string[]): void =>
      this.#state.credentials.addApiKey(key, scopes),
    /** The seeded API key and OAuth client that `GET /__mock/credentials` returns. */
    testCredentials: (): TestCredentials => this.#state.credentials.testCredentials(),
  };

  /** Webhook subscriptions and their signed deliveries. */
  readonly webhooks = {
    /** Creates a webhook from a raw request body. */
    create: (body: unknown): Webhook => this.#state.webhooks.create(body),
    /** One page of webhooks. */
    list: (query: { limit?: number; offset?: number }): WebhookList =>
      this.#state.webhooks.list(query),
    /** Deletes a webhook; its pending retries stop. */
    delete: (id: string): Webhook => this.#state.webhooks.delete(id),
    /** One page of a webhook's deliveries. */
    deliveries: (id: string, query: { limit?: number; offset?: number }): DeliveryList =>
      this.#state.webhooks.deliveries(id, query),
    /** Sends a `test` event to the webhook now. */
    test: (id: string): Promise<WebhookTestResult> => this.#state.webhooks.test(id),
    /** Changes delivery timing from now on, for this state and those after a reset. */
    configure: (options: DeliveryOptions): void => {
      this.#deliveryOptions = { ...this.#deliveryOptions, ...options };
      this.#state.webhooks.configure(options);
    },
  };

  #build(seed: number): State {
    return new State(
      seed,
      this.clock,
      this.events,
      this.#threatCount,
      this.#extraKeys,
      this.#deliveryOptions,
    );
  }
}
