import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenBackend, invalidFields, refusal } from './support.js';

const SECRET = 'your_webhook_secret';

describe('webhooks', () => {
  let server: Server;
  let url: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.statusCode = request.url === '/fail' ? 500 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns the webhook without its secret, with defaults, listed newest first', () => {
    const backend = frozenBackend();
    const webhook = backend.webhooks.create({
      url: 'https://your-server.com/webhook',
      events: ['threat.critical', 'threat.critical'],
      secret: SECRET,
    });
    expect(webhook).toMatchObject({
      events: ['threat.critical'],
      retry_policy: { max_attempts: 3, backoff_multiplier: 2 },
      status: 'enabled',
      description: null,
      secret_hint: 'cret',
    });
    expect(webhook.id).toMatch(/^wh_[a-z0-9]{12}$/);
    expect(JSON.stringify(webhook)).not.toContain(SECRET);
    expect(backend.webhooks.list({}).data.map((item) => item.id)).toEqual([webhook.id]);
    expect(backend.webhooks.delete(webhook.id).id).toBe(webhook.id);
    expect(refusal(() => backend.webhooks.delete(webhook.id)).code).toBe('NOT_FOUND');
  });

  it('sends a signed webhook.test payload and records a succeeded delivery', async () => {
    const backend = frozenBackend();
    const webhook = backend.webhooks.create({
      url: `${url}/ok`,
      events: ['webhook.test'],
      secret: SECRET,
    });
    const result = await backend.webhooks.test(webhook.id);
    expect(result.status).toBe('succeeded');
    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toMatchObject({
      event: 'webhook.test',
      timestamp: '2025-01-15T15:00:00Z',
    });
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-cyberfortress-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(last.body).digest('hex')}`,
    );
    const delivery = backend.webhooks.deliveries(webhook.id, {}).data[0]!;
    expect(delivery).toMatchObject({
      id: result.delivery_id,
      event: 'webhook.test',
      status: 'succeeded',
      attempts: [{ attempt: 1, response_status: 204, error: null }],
    });
  });

  it('records a failed delivery given a receiver error or an unreachable URL', async () => {
    const backend = frozenBackend();
    const failing = backend.webhooks.create({
      url: `${url}/fail`,
      events: ['webhook.test'],
      secret: SECRET,
      retry_policy: { max_attempts: 1 },
    });
    expect((await backend.webhooks.test(failing.id)).status).toBe('failed');
    const closed = backend.webhooks.create({
      url: 'http://127.0.0.1:9/',
      events: ['webhook.test'],
      secret: SECRET,
      retry_policy: { max_attempts: 1 },
    });
    expect((await backend.webhooks.test(closed.id)).status).toBe('failed');
    expect(backend.webhooks.deliveries(closed.id, {}).data[0]!.attempts[0]!.error).toMatch(
      /Connection failed/,
    );
  });

  it('refuses a non-http URL, unknown events and a short secret', () => {
    expect(
      invalidFields(() =>
        frozenBackend().webhooks.create({
          url: 'ftp://x.example',
          events: ['threat.unknown'],
          secret: 'short',
        }),
      ),
    ).toEqual(['url', 'events[0]', 'secret']);
  });
});
