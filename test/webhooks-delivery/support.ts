// Shared setup of the webhook delivery suites: a real receiver on 127.0.0.1, a mock on a real
// port with short retry delays, and small REST helpers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import type { ListeningServer } from '../../mock-server/http/node.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent. */
  body: string;
}

/** What the receiver does with its `n`th request (1-based): a status, or `hang` to never answer. */
export type Behaviour = (n: number, request: Received) => number | 'hang';

/** A webhook receiver that captures raw bodies and headers. */
export class Receiver {
  readonly received: Received[] = [];
  #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(behaviour: Behaviour = () => 200): Promise<Receiver> {
    let receiver!: Receiver;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const item: Received = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        receiver.received.push(item);
        const status = behaviour(receiver.received.length, item);
        if (status === 'hang') return;
        response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    receiver = new Receiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** Requests whose payload names `event`. */
  of(event: string): Received[] {
    return this.received.filter((item) => JSON.parse(item.body).event === event);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** Polls `check` until it returns something truthy, or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Api {
  mock: ReturnType<typeof createMockServer>;
  server: ListeningServer;
  origin: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  inject(body?: Record<string, unknown>): Promise<any>;
  createWebhook(body: Record<string, unknown>): Promise<any>;
  deliveries(webhookId: string): Promise<any[]>;
  close(): Promise<void>;
}

/** A mock on a real port whose retries wait `retryBaseMs` (20 ms unless told). */
export async function startMock(
  delivery: { retryBaseMs?: number; timeoutMs?: number; jitter?: number } = {},
): Promise<Api> {
  const mock = createMockServer({ plan: 'custom' });
  mock.backend.webhooks.configure({ retryBaseMs: 20, ...delivery });
  const server = await mock.listen({ port: 0 });
  const origin = server.url;
  const apiKey = mock.credentials.apiKey;
  const send = async (url: string, method: string, body: unknown, auth: boolean) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const api: Api = {
    mock,
    server,
    origin,
    request: (method, path, body) => send(`${origin}/v1${path}`, method, body, true),
    async inject(body = { threat_score: 95 }) {
      const reply = await send(`${origin}/__mock/threats`, 'POST', body, false);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body;
    },
    async createWebhook(body) {
      const reply = await api.request('POST', '/webhooks', body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body;
    },
    async deliveries(webhookId) {
      const reply = await api.request('GET', `/webhooks/${webhookId}/deliveries?limit=100`);
      expect(reply.status).toBe(200);
      return reply.body.data;
    },
    async close() {
      mock.backend.close();
      await server.close();
    },
  };
  return api;
}
