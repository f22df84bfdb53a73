import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachTarget, type Target } from '../helpers/targets.js';
import {
  CLOCK_START,
  RFC3339,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  hmacSha256Hex,
  reference,
} from './support.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A webhook receiver on 127.0.0.1 that answers every request with `status`. */
class Receiver {
  readonly received: Received[] = [];
  #server: Server;
  #waiters: (() => void)[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(status = 200): Promise<Receiver> {
    let receiver!: Receiver;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
        for (const wake of receiver.#waiters.splice(0)) wake();
      });
    });
    receiver = new Receiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** Resolves once `count` requests have arrived, or fails after a few seconds. */
  async waitFor(count: number): Promise<void> {
    const deadline = Date.now() + 5000;
    while (this.received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`receiver got ${this.received.length} of ${count} requests`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

const SECRET = 'whsec_0123456789abcdefXYZ';

async function createWebhook(t: Target, overrides: Record<string, unknown> = {}): Promise<any> {
  const body = {
    url: 'https://your-server.com/webhook',
    events: ['threat.critical'],
    secret: SECRET,
    ...overrides,
  };
  const reply = await t.request('POST', '/webhooks', { body });
  expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(201);
  return reply.body;
}

/** Polls the deliveries of a webhook until `delivery_id` has left `pending`. */
async function settledDelivery(t: Target, webhookId: string, deliveryId: string): Promise<any> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const reply = await t.request('GET', `/webhooks/${webhookId}/deliveries`);
    expect(reply.status).toBe(200);
    const delivery = reply.body.data.find((item: { id: string }) => item.id === deliveryId);
    if (delivery && delivery.status !== 'pending') return delivery;
    if (Date.now() > deadline) return delivery;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachTarget('webhooks', (t) => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  describe('POST /webhooks', () => {
    it("returns 201 with the webhook and a secret hint, never the secret, given the reference's body", async () => {
      const reply = await t().request('POST', '/webhooks', { body: reference.webhook });
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        id: expect.stringMatching(/^wh_[A-Za-z0-9]{12}$/),
        url: reference.webhook.url,
        events: reference.webhook.events,
        retry_policy: reference.webhook.retry_policy,
        status: 'enabled',
        description: null,
        created_at: CLOCK_START,
        secret_hint: 'cret',
      });
      expect(JSON.stringify(reply.body)).not.toContain(reference.webhook.secret);
    });

    it('applies the default retry policy when none is given', async () => {
      const webhook = await createWebhook(t(), { description: 'SOC pager' });
      expect(webhook.retry_policy).toEqual({ max_attempts: 3, backoff_multiplier: 2 });
      expect(webhook.description).toBe('SOC pager');
    });

    it.each([
      ['an ftp url', { url: 'ftp://example.com/hook' }, 'url'],
      ['a url that is not one', { url: 'not a url' }, 'url'],
      ['no events', { events: [] }, 'events'],
      ['an unknown event', { events: ['threat.critical', 'threat.exploded'] }, 'events[1]'],
      ['a secret under 16 characters', { secret: 'short' }, 'secret'],
      [
        'max_attempts 11',
        { retry_policy: { max_attempts: 11, backoff_multiplier: 2 } },
        'retry_policy.max_attempts',
      ],
      ['an unknown field', { active: true }, 'active'],
    ])('refuses with 400 and creates nothing given %s', async (_, overrides, field) => {
      const body = {
        url: 'https://example.com/hook',
        events: ['threat.critical'],
        secret: SECRET,
        ...overrides,
      };
      expectInvalid(await t().request('POST', '/webhooks', { body }), field);
      expect((await t().request('GET', '/webhooks')).body.pagination.total).toBe(0);
    });

    it('refuses with 401 without a token and 403 naming webhooks:write given a read-only key', async () => {
      expectError(
        await t().request('POST', '/webhooks', { body: reference.webhook, token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['webhooks:read']);
      expectForbidden(
        await t().request('POST', '/webhooks', { body: reference.webhook, token: key }),
        'webhooks:write',
      );
      expect((await t().request('GET', '/webhooks')).body.pagination.total).toBe(0);
    });
  });

  describe('GET /webhooks', () => {
    it('lists the webhooks created, without their secrets', async () => {
      const first = await createWebhook(t());
      const second = await createWebhook(t(), { events: ['system.emergency'] });
      const reply = await t().request('GET', '/webhooks');
      expect(reply.status).toBe(200);
      expect(reply.body.pagination).toMatchObject({ total: 2, has_more: false });
      expect(reply.body.data.map((item: { id: string }) => item.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      expect(JSON.stringify(reply.body)).not.toContain(SECRET);
    });

    it('refuses with 401 without a token and 403 naming webhooks:read without it', async () => {
      expectError(await t().request('GET', '/webhooks', { token: null }), 401, 'UNAUTHORIZED');
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(await t().request('GET', '/webhooks', { token: key }), 'webhooks:read');
    });
  });

  describe('DELETE /webhooks/{webhook_id}', () => {
    it('deletes a webhook, which then leaves the list and answers 404', async () => {
      const webhook = await createWebhook(t());
      const reply = await t().request('DELETE', `/webhooks/${webhook.id}`);
      expect(reply.status).toBe(200);
      expect(reply.body.id).toBe(webhook.id);
      expect((await t().request('GET', '/webhooks')).body.pagination.total).toBe(0);
      expectError(await t().request('DELETE', `/webhooks/${webhook.id}`), 404, 'NOT_FOUND');
      expectError(await t().request('GET', `/webhooks/${webhook.id}/deliveries`), 404, 'NOT_FOUND');
    });

    it('refuses with 404 given an unknown id, 401 without a token and 403 given a read-only key', async () => {
      expectError(await t().request('DELETE', '/webhooks/wh_000000000000'), 404, 'NOT_FOUND');
      const webhook = await createWebhook(t());
      expectError(
        await t().request('DELETE', `/webhooks/${webhook.id}`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['webhooks:read']);
      expectForbidden(
        await t().request('DELETE', `/webhooks/${webhook.id}`, { token: key }),
        'webhooks:write',
      );
      expect((await t().request('GET', '/webhooks')).body.pagination.total).toBe(1);
    });
  });

  describe('POST /webhooks/{webhook_id}/test', () => {
    it('delivers a signed webhook.test event to the receiver and lists the delivery with its status', async () => {
      const receiver = await Receiver.start(200);
      receivers.push(receiver);
      const webhook = await createWebhook(t(), { url: receiver.url });
      const reply = await t().request('POST', `/webhooks/${webhook.id}/test`);
      expect(reply.status).toBe(202);
      expect(reply.body.delivery_id).toMatch(/^whd_[A-Za-z0-9]{12}$/);
      expect(['pending', 'retrying', 'succeeded', 'failed']).toContain(reply.body.status);

      await receiver.waitFor(1);
      const [request] = receiver.received;
      expect(request!.method).toBe('POST');
      expect(request!.url).toBe('/hook');
      expect(request!.headers['content-type']).toContain('application/json');
      expect(request!.headers['x-cyberfortress-signature']).toBe(
        `sha256=${hmacSha256Hex(SECRET, request!.body)}`,
      );
      const payload = JSON.parse(request!.body.toString('utf8'));
      expect(payload.event).toBe('webhook.test');
      expect(payload.timestamp).toMatch(RFC3339);
      expect(payload.data).toBeTypeOf('object');

      const delivery = await settledDelivery(t(), webhook.id, reply.body.delivery_id);
      expect(delivery).toMatchObject({
        webhook_id: webhook.id,
        event: 'webhook.test',
        status: 'succeeded',
        next_attempt_at: null,
      });
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ attempt: 1, response_status: 200, error: null });
    });

    it('records a failed delivery with the status the receiver answered', async () => {
      const receiver = await Receiver.start(500);
      receivers.push(receiver);
      const webhook = await createWebhook(t(), {
        url: receiver.url,
        retry_policy: { max_attempts: 1, backoff_multiplier: 2 },
      });
      const reply = await t().request('POST', `/webhooks/${webhook.id}/test`);
      expect(reply.status).toBe(202);
      await receiver.waitFor(1);
      const delivery = await settledDelivery(t(), webhook.id, reply.body.delivery_id);
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts[0].response_status).toBe(500);
      expect(delivery.next_attempt_at).toBeNull();
    });

    it('refuses with 404 given an unknown id, 401 without a token and 403 given a read-only key', async () => {
      expectError(await t().request('POST', '/webhooks/wh_000000000000/test'), 404, 'NOT_FOUND');
      const webhook = await createWebhook(t());
      expectError(
        await t().request('POST', `/webhooks/${webhook.id}/test`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['webhooks:read']);
      expectForbidden(
        await t().request('POST', `/webhooks/${webhook.id}/test`, { token: key }),
        'webhooks:write',
      );
      expect(
        (await t().request('GET', `/webhooks/${webhook.id}/deliveries`)).body.pagination.total,
      ).toBe(0);
    });
  });

  describe('GET /webhooks/{webhook_id}/deliveries', () => {
    it('returns an empty list for a webhook never triggered', async () => {
      const webhook = await createWebhook(t());
      const reply = await t().request('GET', `/webhooks/${webhook.id}/deliveries`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        data: [],
        pagination: { total: 0, limit: 20, offset: 0, has_more: false },
      });
    });

    it('refuses with 404 given an unknown id, 401 without a token and 403 without webhooks:read', async () => {
      expectError(
        await t().request('GET', '/webhooks/wh_000000000000/deliveries'),
        404,
        'NOT_FOUND',
      );
      const webhook = await createWebhook(t());
      expectError(
        await t().request('GET', `/webhooks/${webhook.id}/deliveries`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('GET', `/webhooks/${webhook.id}/deliveries`, { token: key }),
        'webhooks:read',
      );
    });
  });
});
