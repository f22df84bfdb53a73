// Shared pieces of the stream server suites: a mock on a real port and a small `ws` client that
// records every message, so that a test can wait for the one it expects.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import WebSocket from 'ws';
import { parse } from 'yaml';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';

export const CLOCK_START = '2025-01-15T15:00:00Z';

export interface StreamMessage {
  type: string;
  [field: string]: unknown;
}

export interface RunningMock {
  mock: MockServer;
  url: string;
  wsUrl: string;
  apiKey: string;
  /** Calls the REST API with the test key (or `token`). */
  rest(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  close(): Promise<void>;
}

/** A mock on 127.0.0.1, port 0, frozen clock, unlimited plan unless told otherwise. */
export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const mock = createMockServer({
    frozenClock: true,
    clockStart: CLOCK_START,
    plan: 'custom',
    logLevel: 'silent',
    ...options,
  });
  const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
  const apiKey = mock.credentials.apiKey;
  return {
    mock,
    url: listening.url,
    wsUrl: `${listening.url.replace(/^http/, 'ws')}/v1/threats`,
    apiKey,
    rest: (method, path, body, token = apiKey) =>
      fetch(`${listening.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    close: () => listening.close(),
  };
}

/** A `ws` client that records what it receives. */
export class TestClient {
  readonly messages: StreamMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: { match: (m: StreamMessage) => boolean; resolve: (m: StreamMessage) => void }[] = [];
  readonly #taken = new Set<StreamMessage>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as StreamMessage;
      expectMatchesSpec(message);
      this.messages.push(message);
      for (const waiter of [...this.#waiters]) {
        if (!this.#taken.has(message) && waiter.match(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          this.#taken.add(message);
          waiter.resolve(message);
        }
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('error', () => {});
  }

  static async open(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  /** Opens, authenticates and (when channels are given) subscribes. */
  static async connect(
    url: string,
    token: string,
    subscribe?: { channels: string[]; filters?: Record<string, unknown> },
  ): Promise<TestClient> {
    const client = await TestClient.open(url);
    client.send({ type: 'auth', token });
    await client.next('auth_ok');
    if (subscribe) {
      client.send({ type: 'subscribe', ...subscribe });
      await client.next('subscribed');
    }

    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * The first message not yet taken by `next` of `type` that passes `match`, received or to
   * come; rejects after `timeoutMs`.
   */
  next(
    type: string,
    match: (message: StreamMessage) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<StreamMessage> {
    const test = (message: StreamMessage) => message.type === type && match(message);
    const found = this.messages.find((message) => !this.#taken.has(message) && test(message));
    if (found) {
      this.#taken.add(found);
      return Promise.resolve(found);
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter.resolve !== done);
        reject(
          new Error(`No ${type} message within ${timeoutMs} ms; got ${this.types().join(', ')}`),
        );
      }, timeoutMs);
      const done = (message: StreamMessage) => {
        clearTimeout(timer);
        resolve(message);
      };

      this.#waiters.push({ match: test, resolve: done });
    });
  }

  /** Sends a request and waits for its reply by `id`. */
  async request(message: { type: string; id: string } & Record<string, unknown>, reply: string) {
    this.send(message);
    return this.next(reply, (m) => m.id === message.id);
  }

  /** Events received so far (messages that carry a sequence). */
  events(): StreamMessage[] {
    return this.messages.filter((message) => typeof message.sequence === 'number');
  }

  types(): string[] {
    return this.messages.map((message) => message.type);
  }

  /** Sends a ping and waits for the pong: every message sent before it has been handled. */
  async sync(): Promise<void> {
    const id = `sync-${Math.random().toString(36).slice(2)}`;
    await this.request({ type: 'ping', id }, 'pong');
  }

  close(): void {
    this.ws.close();
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Every message the server sends is checked against openapi/asyncapi.yaml: the message of
 * its `type` names its payload schema there.
 */
const asyncapi = parse(
  readFileSync(new URL('../../openapi/asyncapi.yaml', import.meta.url), 'utf8'),
) as {
  components: { messages: Record<string, { payload: { $ref: string } }>; schemas: object };
};
const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its plugin is the module itself, typed as its default export.
const addFormats = (formats as unknown as { default: typeof formats.default }).default ?? formats;
(addFormats as unknown as (ajv: Ajv) => void)(ajv);
ajv.addSchema({ components: { schemas: asyncapi.components.schemas } }, 'asyncapi');
const validators = new Map<string, ValidateFunction>();

/** Fails unless `message` matches the AsyncAPI payload schema of its `type`. */
export function expectMatchesSpec(message: StreamMessage): void {
  let validate: ValidateFunction | undefined = validators.get(message.type);
  if (validate === undefined) {
    const spec = asyncapi.components.messages[message.type];
    if (!spec) throw new Error(`asyncapi.yaml has no message ${message.type}`);
    validate = ajv.compile({ $ref: `asyncapi${spec.payload.$ref}` });
    validators.set(message.type, validate);
  }

  const type = message.type;
  if (!validate(message as unknown)) {
    throw new Error(
      `${type} does not match asyncapi.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(message)}`,
    );
  }
}
