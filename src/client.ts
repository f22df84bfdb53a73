/**
 * The client: options, defaults, `withOptions()` and the resources. It holds no transport logic;
 * every request goes through the one `Transport` it owns.
 *
 * @see https://docs.cyberfortress.io/sdks/node
 * @module
 */

import { createLog } from './core/log.js';
import { resolveOptions, type ClientOptions, type ResolvedClientOptions } from './core/options.js';
import type { RateLimitSnapshot } from './core/rate-limit.js';
import { Transport } from './core/transport.js';
import { ApiKeys } from './resources/api-keys.js';
import { Blockchain } from './resources/blockchain.js';
import { EvidenceResource } from './resources/evidence.js';
import { Monitoring } from './resources/monitoring.js';
import { Network } from './resources/network.js';
import { OAuth } from './resources/oauth.js';
import { Processes } from './resources/processes.js';
import { Threats } from './resources/threats.js';
import { Webhooks } from './resources/webhooks.js';
// A stand-in: the stream's implementation loads on its first use, its WebSocket (isows, hence
// `ws` on Node) on the first `connect()`, so a REST-only program loads neither.
import { StreamClient } from './stream/client.js';
// Also a stand-in: graphql, graphql-request and graphql-ws load on the first request or
// subscription.
import { GraphQL } from './graphql/index.js';

/**
 * A shallow copy of the options, with the nested option objects copied too, so that a caller
 * mutating the object it passed cannot reach into a client (nor one client into another).
 */
function copyOptions(options: ClientOptions): ClientOptions {
  const copy: ClientOptions = { ...options };
  if (options.oauth) copy.oauth = { ...options.oauth };
  if (options.appInfo) copy.appInfo = { ...options.appInfo };
  if (options.rateLimit) copy.rateLimit = { ...options.rateLimit };
  if (options.stream) copy.stream = { ...options.stream };
  if (options.graphql) copy.graphql = { ...options.graphql };
  return copy;
}

/**
 * The CyberFortress API client. One instance holds one set of credentials, one token cache and
 * one client-side rate limiter; resources are made on first use.
 *
 * @example
 * import CyberFortress from '@cyberfortress/sdk';
 *
 * const client = new CyberFortress({ apiKey: process.env.CYBERFORTRESS_API_KEY });
 * const page = await client.threats.list({ severity: ['high', 'critical'], limit: 50 });
 * @see https://docs.cyberfortress.io/sdks/node
 * @category Client
 */
export class CyberFortress {
  readonly #input: ClientOptions;
  readonly #options: ResolvedClientOptions;
  readonly #transport: Transport;
  #threats: Threats | undefined;
  #monitoring: Monitoring | undefined;
  #evidence: EvidenceResource | undefined;
  #network: Network | undefined;
  #processes: Processes | undefined;
  #blockchain: Blockchain | undefined;
  #webhooks: Webhooks | undefined;
  #apiKeys: ApiKeys | undefined;
  #oauth: OAuth | undefined;
  #stream: StreamClient | undefined;
  #graphql: GraphQL | undefined;

  /**
   * @param options credentials and settings; each default is documented on `ClientOptions`.
   * Without options the key comes from `CYBERFORTRESS_API_KEY` and the URL from
   * `CYBERFORTRESS_BASE_URL`, where the runtime has an environment.
   * @throws TypeError naming the option, when an option is malformed
   */
  constructor(options: ClientOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('The `options` argument must be an object');
    }

    this.#input = copyOptions(options);
    this.#options = resolveOptions(this.#input);
    this.#transport = new Transport(this.#options);
  }

  /**
   * A new client with these options laid over this one's. The two share nothing that changes:
   * the new one has its own token cache, rate limiter and rate-limit snapshot.
   *
   * @example
   * const patient = client.withOptions({ timeout: 120_000, maxRetries: 5 });
   * @see https://docs.cyberfortress.io/sdks/node#options
   */
  withOptions(options: ClientOptions): this {
    // Through `this.constructor`, so that a subclass gets a clone of its own class.
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client({ ...this.#input, ...copyOptions(options) });
  }

  /**
   * The REST base URL requests go to, such as `https://api.cyberfortress.io/v1`.
   * @default the environment's URL, or `CYBERFORTRESS_BASE_URL`
   */
  get baseURL(): string {
    return this.#options.baseURL;
  }

  /**
   * The rate-limit snapshot of the last response that carried `X-RateLimit-*` headers, or
   * `undefined` before the first one (and on plans without limits).
   *
   * @example
   * await client.threats.list();
   * console.log(client.rateLimit?.remaining);
   * @see https://docs.cyberfortress.io/rate-limiting
   */
  get rateLimit(): RateLimitSnapshot | undefined {
    return this.#transport.rateLimit;
  }

  /** Threats: list, get, report, update, check an address. */
  get threats(): Threats {
    return (this.#threats ??= new Threats(this.#transport));
  }

  /** Monitoring: engine status and mode. */
  get monitoring(): Monitoring {
    return (this.#monitoring ??= new Monitoring(this.#transport));
  }

  /** Evidence: metadata and content downloads. */
  get evidence(): EvidenceResource {
    return (this.#evidence ??= new EvidenceResource(this.#transport));
  }

  /** Network: block addresses, ranges and domains; list and lift blocks. */
  get network(): Network {
    return (this.#network ??= new Network(this.#transport));
  }

  /** Processes: quarantine or terminate a process. */
  get processes(): Processes {
    return (this.#processes ??= new Processes(this.#transport));
  }

  /** Blockchain security: `wallet`, `contract`, `defi`, `nft`. */
  get blockchain(): Blockchain {
    return (this.#blockchain ??= new Blockchain(this.#transport));
  }

  /** Webhook subscriptions and their deliveries. */
  get webhooks(): Webhooks {
    return (this.#webhooks ??= new Webhooks(this.#transport));
  }

  /** API keys: create, list, revoke. */
  get apiKeys(): ApiKeys {
    return (this.#apiKeys ??= new ApiKeys(this.#transport));
  }

  /**
   * The real-time threat stream over one WebSocket, made on first use; it connects on
   * `connect()` (or on the first `events()`).
   *
   * @example
   * client.stream.on('threat_detected', (threat) => console.log(threat.ipAddress));
   * client.stream.connect();
   * @see https://docs.cyberfortress.io/sdks/node#streaming
   */
  get stream(): StreamClient {
    if (this.#stream) return this.#stream;
    const options = this.#options;

    // The stream reads its credential again before every (re)connect, from the same token cache
    // as REST and GraphQL. An expiring token is not replaced on the open connection with a
    // second `auth`: the server closes with 4401, and the stream reconnects once with a new
    // token and resumes, losing nothing.
    this.#stream = new StreamClient({
      ...options.stream,
      url: options.streamURL,
      credentials: this.#transport.credentials,
      WebSocket: options.WebSocket,
      validate: options.validateResponses,
      log: createLog(options.logLevel, options.logger),
    });
    return this.#stream;
  }

  /**
   * GraphQL queries and mutations (over HTTP, through the same pipeline as REST) and
   * subscriptions (over graphql-ws), typed by the documents the SDK exports.
   *
   * @example
   * const { threats } = await client.graphql.request(GetHighRiskThreatsDocument);
   * @see https://docs.cyberfortress.io/sdks/node#graphql
   */
  get graphql(): GraphQL {
    return (this.#graphql ??= new GraphQL(this.#transport));
  }

  /** The OAuth token endpoint, for callers that manage tokens themselves. */
  get oauth(): OAuth {
    return (this.#oauth ??= new OAuth(this.#transport));
  }
}
