// Stream suites run over real sockets on 127.0.0.1: the bundled mock on port 0 (its stream at
// `/v1/threats`), or, for behaviour the mock cannot be made to show (a server that goes silent),
// a tiny `ws` server written here.
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';
import { CyberFortress } from '../../src/index.js';
import type { ClientOptions } from '../../src/core/options.js';
import { referenceThreat } from '../fixtures/reference.js';

export interface RunningMock {
  mock: MockServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** A client of this mock with its test key; fast reconnects unless the options say otherwise. */
  client(options?: ClientOptions): CyberFortress;
  close(): Promise<void>;
}

/** Fast reconnects for tests: the production backoff starts at a second. */
export const FAST_RETRY = { retryWait: () => 5 };

export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const mock = createMockServer({ plan: 'custom', logLevel: 'error', ...options });
  const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
  const clients: CyberFortress[] = [];
  return {
    mock,
    url: listening.url,
    client: (clientOptions = {}) => {
      const client = new CyberFortress({
        apiKey: mock.credentials.apiKey,
        baseURL: `${listening.url}/v1`,
        ...clientOptions,
        stream: { ...FAST_RETRY, ...clientOptions.stream },
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const client of clients) client.stream.close();
      await listening.close();
    },
  };
}

export { waitFor } from '../helpers/wait-for.js';

/** A threat for `backend.threats.inject`, with the fields the filters look at. */
export function threatInput(level: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL', country = 'CN') {
  const score = { LOW: 10, MEDIUM: 40, HIGH: 70, CRITICAL: 90 }[level];
  return { threat_score: score, threat_level: level, country };
}

export interface TinyServer {
  url: string;
  /** Every socket the server accepted, newest last. */
  sockets: ServerSocket[];
  /** Messages received from clients, parsed. */
  received: Record<string, unknown>[];
  /** While true, the server answers nothing and sends nothing (a half-dead connection). */
  silent: boolean;
  close(): Promise<void>;
}

/**
 * A minimal stream server for what the mock cannot be asked to do: it answers `auth` with
 * `auth_ok` and `subscribe` with `subscribed`, and can go silent without closing.
 */
export async function startTinyServer(): Promise<TinyServer> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const address = wss.address() as { port: number };
  const server: TinyServer = {
    url: `ws://127.0.0.1:${address.port}/v1/threats`,
    sockets: [],
    received: [],
    silent: false,
    close: async () => {
      for (const socket of server.sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };

  let session = 0;
  wss.on('connection', (socket) => {
    server.sockets.push(socket);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      server.received.push(message);
      if (server.silent) return;
      const reply = (value: Record<string, unknown>) => socket.send(JSON.stringify(value));
      if (message.type === 'auth') {
        reply({
          type: 'auth_ok',
          principal: 'key_tiny',
          scopes: ['threats:read'],
          session_id: `sess_${++session}`,
          resume_window: { oldest_sequence: 1, latest_sequence: 0 },
        });
      } else if (message.type === 'subscribe') {
        reply({ type: 'subscribed', id: message.id, channels: message.channels, filters: {} });
      } else if (message.type === 'resume') {
        reply({
          type: 'resumed',
          id: message.id,
          from_sequence: message.from_sequence,
          replayed: 0,
        });
      } else if (message.type === 'ping') {
        reply({ type: 'pong', id: message.id, server_time: '2025-01-15T15:00:00Z' });
      }
    });
  });

  return server;
}

/** A `threat_detected` event as the wire carries it (the AsyncAPI document's example). */
export const wireThreatEvent = (sequence = 48214) => ({
  type: 'threat_detected',
  sequence,
  timestamp: '2025-01-15T14:30:00Z',
  channel: 'threats',
  // A deep copy: tests change nested fields (the country's code) of the threat they get.
  threat: {
    ...structuredClone(referenceThreat),
    threat_type: 'C2_COMMUNICATION',
    status: 'active',
    updated_at: '2025-01-15T14:30:00Z',
  } as Record<string, unknown>,
});
