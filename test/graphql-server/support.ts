// Shared pieces of the GraphQL server suites: a mock on a real port, a plain `fetch` GraphQL
// call, and a plain graphql-ws client on `ws` that records what a subscription delivers.
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';

export const CLOCK_START = '2025-01-15T15:00:00Z';
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';

export interface Reply {
  status: number;
  headers: Headers;
  // GraphQL answers are free-form JSON; each test reads the fields it asks for.
  body: { data?: any; errors?: any[] };
}

export interface RunningMock {
  mock: MockServer;
  url: string;
  wsUrl: string;
  apiKey: string;
  /** POSTs a GraphQL request with the test key (or `token`; `null` for none). */
  gql(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<Reply>;
  /** Calls the REST API with the test key (or `token`). */
  rest(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  /** Creates a graphql-ws client; closed in `close()`. */
  wsClient(connectionParams?: Record<string, unknown>): Client;
  close(): Promise<void>;
}

async function toReply(response: Response): Promise<Reply> {
  return { status: response.status, headers: response.headers, body: await response.json() };
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
  const wsUrl = `${listening.url.replace(/^http/, 'ws')}/graphql`;
  const clients: Client[] = [];
  return {
    mock,
    url: listening.url,
    wsUrl,
    apiKey,
    gql: async (query, variables, { token = apiKey, headers = {} } = {}) =>
      toReply(
        await fetch(`${listening.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: `${GRAPHQL_RESPONSE}, application/json`,
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
            ...headers,
          },
          body: JSON.stringify({ query, variables }),
        }),
      ),
    rest: (method, path, body, token = apiKey) =>
      fetch(`${listening.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    wsClient: (connectionParams = { authorization: `Bearer ${apiKey}` }) => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await listening.close();
    },
  };
}

/** What one subscription has delivered so far, with a way to wait for more. */
export class Recorder {
  readonly results: FormattedExecutionResult<any, unknown>[] = [];
  errors: unknown;
  completed = false;
  readonly unsubscribe: () => void;
  #waiters: (() => void)[] = [];

  constructor(client: Client, query: string, variables?: Record<string, unknown>) {
    const wake = () => {
      for (const waiter of this.#waiters.splice(0)) waiter();
    };

    this.unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          this.results.push(result);
          wake();
        },
        error: (error) => {
          this.errors = error;
          wake();
        },
        complete: () => {
          this.completed = true;
          wake();
        },
      },
    );
  }

  /** Resolves once `count` results arrived (or the subscription ended); rejects after `timeoutMs`. */
  async waitFor(
    count: number,
    timeoutMs = 5000,
  ): Promise<FormattedExecutionResult<any, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length < count && !this.completed && this.errors === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Got ${this.results.length} of ${count} results`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }

    return this.results;
  }

  /** Resolves when the subscription has ended with an error or completion. */
  async ended(timeoutMs = 5000): Promise<void> {
    await this.waitFor(Number.POSITIVE_INFINITY, timeoutMs).catch(() => undefined);
  }
}

/** Resolves when `condition` holds, polling; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Creates an API key with only `scopes` through REST and returns it. */
export async function narrowKey(server: RunningMock, scopes: string[]): Promise<string> {
  const response = await server.rest('POST', '/v1/api-keys', {
    name: `graphql-test-${scopes.join('-')}`,
    permissions: scopes,
  });
  if (response.status !== 201)
    throw new Error(`api key: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { api_key: string };
  return body.api_key;
}
