// Shared setup of the integration-example suites: the real mock on 127.0.0.1 (port 0) and a
// small `node:http` receiver standing in for each product, which records what it was sent and
// answers as the product does. The suites check the recorded requests against the product's
// documented shape.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMockServer,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';
import CyberFortress, { type ClientOptions, type Threat } from '../../src/index.js';

export interface RunningMock {
  mock: MockServer;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** A client with the mock's key; its stream reconnects fast. */
  client(options?: ClientOptions): CyberFortress;
  /** Adds a threat through the control API (`POST /__mock/threats`) and returns it (snake_case). */
  inject(
    body: Record<string, unknown>,
  ): Promise<{ id: string; ip_address: string; threat_score: number }>;
  close(): Promise<void>;
}

export async function startMock(options: MockServerOptions = {}): Promise<RunningMock> {
  const mock = createMockServer({ plan: 'custom', logLevel: 'error', ...options });
  const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
  const clients: CyberFortress[] = [];
  return {
    mock,
    origin: listening.url,
    client: (clientOptions = {}) => {
      const client = new CyberFortress({
        apiKey: mock.credentials.apiKey,
        baseURL: `${listening.url}/v1`,
        ...clientOptions,
        stream: { retryWait: () => 5, ...clientOptions.stream },
      });
      clients.push(client);
      return client;
    },
    inject: async (body) => {
      const response = await fetch(`${listening.url}/__mock/threats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`inject: ${response.status}`);
      return (await response.json()) as { id: string; ip_address: string; threat_score: number };
    },
    close: async () => {
      for (const client of clients) client.stream.close();
      mock.backend.close();
      await listening.close();
    },
  };
}

/** One request a receiver got, with its raw body. */
export interface Recorded {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The receiver's answer to one request. */
export interface Reply {
  status: number;
  body?: unknown;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/**
 * A local stand-in for a product's HTTP API. `answer` sees each request (and may throw an
 * assertion error, which becomes a 500 with the message and is kept in `failures`).
 */
export async function startReceiver(
  answer: (request: Recorded) => Reply,
): Promise<Receiver & { failures: string[] }> {
  const requests: Recorded[] = [];
  const failures: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: Recorded = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      let reply: Reply;
      try {
        reply = answer(request);
      } catch (error) {
        failures.push(String(error));
        reply = { status: 500, body: { error: String(error) } };
      }

      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      outgoing.writeHead(reply.status, { 'content-type': 'application/json' }).end(text);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { waitFor } from '../helpers/wait-for.js';

/** Every threat `params` selects on the mock, read page by page over REST. */
export async function allThreats(
  client: CyberFortress,
  params: Parameters<CyberFortress['threats']['list']>[0],
): Promise<Threat[]> {
  const threats: Threat[] = [];
  for await (const threat of client.threats.list({ limit: 100, ...params })) threats.push(threat);
  return threats;
}

/**
 * Starts a fresh window on the mock: moves its clock a minute on (past every threat made so far)
 * and returns that time, cut to the whole second as the mock stamps threats, as a `from`.
 */
export async function freshWindow(origin: string): Promise<string> {
  const response = await fetch(`${origin}/__mock/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: '1m' }),
  });
  const { now } = (await response.json()) as { now: string };
  return new Date(Math.floor(Date.parse(now) / 1000) * 1000).toISOString();
}

/** The items of a list that appear more than once. */
export function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}
