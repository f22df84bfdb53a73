// GraphQL suites run over real sockets on 127.0.0.1: the bundled mock on port 0 (GraphQL at
// `/graphql` over HTTP and graphql-ws), or, for what the mock cannot be made to do on demand
// (close a socket with a chosen code, count connectionParams), a small graphql-ws server on the
// schema of openapi/cyberfortress.graphql, written here.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';
import { CyberFortress, type ClientOptions } from '../../src/index.js';
import { FAST_RETRY } from '../stream/support.js';

export interface RunningMock {
  mock: MockServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** A client of this mock with its test key (unless the options give another credential). */
  client(options?: ClientOptions): CyberFortress;
  close(): Promise<void>;
}

export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const mock = createMockServer({ plan: 'custom', logLevel: 'error', ...options });
  const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
  const clients: CyberFortress[] = [];
  return {
    mock,
    url: listening.url,
    client: (clientOptions = {}) => {
      const credential =
        clientOptions.accessToken || clientOptions.oauth ? {} : { apiKey: mock.credentials.apiKey };
      const client = new CyberFortress({
        ...credential,
        baseURL: `${listening.url}/v1`,
        ...clientOptions,
        graphql: { ...FAST_RETRY, ...clientOptions.graphql },
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.graphql.close()));
      await listening.close();
    },
  };
}

// The same waiting and threat-making helpers as the stream suites.
export { threatInput, waitFor } from '../stream/support.js';

/** A `fetch` that records what it sends, and can answer some requests itself. */
export function recordingFetch(
  answer?: (url: string, init: RequestInit, index: number) => Response | undefined,
) {
  const sent: { url: string; headers: Record<string, string>; body: string | undefined }[] = [];
  const fetchImpl: typeof fetch = async (input, init = {}) => {
    const url = String(input);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    sent.push({ url, headers, body: typeof init.body === 'string' ? init.body : undefined });
    return answer?.(url, init, sent.length - 1) ?? fetch(input, init);
  };

  return { fetch: fetchImpl, sent };
}

export interface TinyGraphqlServer {
  /** `ws://127.0.0.1:<port>/graphql` */
  wsURL: string;
  /** The `connectionParams` of every connection, oldest first. */
  connections: Record<string, unknown>[];
  /** Open sockets, newest last. */
  sockets: ServerSocket[];
  /** Sends one `threatDetected` event to every subscriber. */
  emit(threat: Record<string, unknown>): void;
  /** Closes every open socket with `code`. */
  closeAll(code: number, reason?: string): void;
  /** Whether a connection with this authorization is refused (4401). */
  refuse: (authorization: string) => boolean;
  close(): Promise<void>;
}

// graphql-ws loads `graphql` through Node (its CommonJS build); a schema built by the test's own
// (bundled) copy would be "from another module or realm" to it.
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = buildSchema(
  readFileSync(resolve(import.meta.dirname, '../../openapi/cyberfortress.graphql'), 'utf8'),
);

/** A graphql-ws server on the API's schema whose only live field is `threatDetected`. */
export async function startTinyGraphqlServer(): Promise<TinyGraphqlServer> {
  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const listeners = new Set<(threat: Record<string, unknown>) => void>();
  const server: TinyGraphqlServer = {
    wsURL: '',
    connections: [],
    sockets: [],
    emit: (threat) => {
      for (const listener of listeners) listener(threat);
    },
    closeAll: (code, reason = 'closed by the test') => {
      for (const socket of server.sockets) socket.close(code, reason);
    },
    refuse: () => false,
    close: async () => {
      for (const socket of wss.clients) socket.terminate();
      await dispose();
      await new Promise((done) => http.close(done));
    },
  };

  wss.on('connection', (socket) => server.sockets.push(socket));
  const { dispose } = useServer(
    {
      schema,
      roots: {
        subscription: {
          // graphql-ws calls this for `threatDetected`: an async iterator of `{ threatDetected }`.
          threatDetected: () => threatEvents(listeners),
        },
      },
      onConnect: (context) => {
        const params = context.connectionParams ?? {};
        server.connections.push(params);
        return !server.refuse(String(params.authorization)) || closeUnauthorized(context);
      },
    },
    wss,
  );

  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  server.wsURL = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return server;
}

function closeUnauthorized(context: { extra: { socket: ServerSocket } }): false {
  context.extra.socket.close(4401, 'Unauthorized');
  return false;
}

async function* threatEvents(
  listeners: Set<(threat: Record<string, unknown>) => void>,
): AsyncGenerator<{ threatDetected: Record<string, unknown> }> {
  const queue: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  const listener = (threat: Record<string, unknown>) => {
    queue.push(threat);
    wake?.();
  };

  listeners.add(listener);
  try {
    for (;;) {
      while (queue.length > 0) yield { threatDetected: queue.shift() as Record<string, unknown> };
      await new Promise<void>((done) => (wake = done));
    }
  } finally {
    listeners.delete(listener);
  }
}
