// The two example receivers, run for real on 127.0.0.1: each accepts a delivery signed by
// signWebhook, refuses a tampered or unsigned one, and accepts what the mock backend delivers.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExpressReceiver } from '../../examples/webhooks/express-receiver.js';
import fetchReceiver, {
  createWebhookHandler,
  startFetchReceiver,
} from '../../examples/webhooks/fetch-receiver.js';
import { createMockServer } from '../../mock-server/index.js';
import CyberFortress from '../../src/index.js';
import { signWebhook } from '../../src/webhooks/index.js';
import { BODY, PLAIN, WHSEC } from './helpers.js';

type Start = typeof startExpressReceiver;

const receivers: [string, Start][] = [
  ['express-receiver', startExpressReceiver],
  ['fetch-receiver', startFetchReceiver],
];

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text() };
}

describe.each(receivers)('examples/webhooks/%s', (_name, start) => {
  let receiver: Awaited<ReturnType<Start>>;

  beforeAll(async () => {
    receiver = await start({ secret: [PLAIN, WHSEC], port: 0 });
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('accepts a delivery signed by signWebhook and hands over the typed event', async () => {
    const headers = await signWebhook({ payload: BODY, secret: WHSEC });
    expect(await post(receiver.url, BODY, headers)).toMatchObject({ status: 204 });
    expect(receiver.events.at(-1)).toMatchObject({
      event: 'threat.critical',
      known: true,
      data: { threatScore: 92 },
      deliveryId: headers['webhook-id'],
    });
  });

  it('refuses a tampered delivery with 400 and the error code', async () => {
    const headers = await signWebhook({ payload: BODY, secret: WHSEC });
    const reply = await post(receiver.url, BODY.replace('92', '12'), headers);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ error: 'WEBHOOK_SIGNATURE_MISMATCH' });
  });

  it('refuses an unsigned delivery with 400', async () => {
    const reply = await post(receiver.url, BODY, { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ error: 'WEBHOOK_MISSING_HEADER' });
  });

  it('answers a replayed delivery with 200 without handling it twice', async () => {
    const headers = await signWebhook({ payload: BODY, secret: PLAIN });
    expect((await post(receiver.url, BODY, headers)).status).toBe(204);
    const count = receiver.events.length;
    expect(await post(receiver.url, BODY, headers)).toEqual({ status: 200, text: 'duplicate' });
    expect(receiver.events.length).toBe(count);
  });
});

describe('examples/webhooks/fetch-receiver default export', () => {
  it('reads the secret from a Worker-style env and verifies the Request', async () => {
    const headers = await signWebhook({ payload: BODY, secret: PLAIN });
    const request = new Request('https://hooks.example/webhook', {
      method: 'POST',
      headers,
      body: BODY,
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const response = await fetchReceiver.fetch(request, { WEBHOOK_SECRET: PLAIN });
    expect(response.status).toBe(204);
    expect(log).toHaveBeenCalledWith(
      'threat.critical',
      expect.objectContaining({ threatScore: 92 }),
    );
    log.mockRestore();
  });

  it('answers 404 and 405 outside POST /webhook', async () => {
    const handle = createWebhookHandler({ secret: PLAIN });
    expect((await handle(new Request('https://hooks.example/other'))).status).toBe(404);
    expect((await handle(new Request('https://hooks.example/webhook'))).status).toBe(405);
  });
});

describe('the example receivers against the mock backend', () => {
  const mock = createMockServer({ plan: 'custom' });
  let origin: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const server = await mock.listen({ port: 0 });
    origin = server.url;
    close = () => server.close();
  });

  afterAll(async () => {
    mock.backend.close();
    await close();
  });

  async function waitFor(check: () => boolean): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!check() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.each(receivers)(
    '%s verifies the test delivery and a threat.critical event',
    async (_name, start) => {
      const secret = 'mock_webhook_secret_0123456789';
      const receiver = await start({ secret, port: 0 });
      try {
        const client = new CyberFortress({
          apiKey: mock.credentials.apiKey,
          baseURL: `${origin}/v1`,
        });
        const webhook = await client.webhooks.create({
          url: receiver.url,
          events: ['threat.critical'],
          secret,
        });
        await client.webhooks.test(webhook.id);

        await waitFor(() => receiver.events.length > 0);
        expect(receiver.events[0]).toMatchObject({ event: 'webhook.test', known: true });
        const { data } = await client.webhooks.deliveries(webhook.id);
        expect(data[0]).toMatchObject({ event: 'webhook.test', status: 'succeeded' });

        // A real domain event: an injected critical threat becomes a signed threat.critical.
        const injected = await fetch(`${origin}/__mock/threats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ threat_score: 95 }),
        });
        const threat = (await injected.json()) as { id: string };
        await waitFor(() => receiver.events.some((event) => event.event === 'threat.critical'));
        const critical = receiver.events.find((event) => event.event === 'threat.critical');
        expect(critical).toMatchObject({
          known: true,
          data: { threatId: threat.id, threatScore: 95, threatLevel: 'CRITICAL' },
        });
        expect(critical?.deliveryId).toBeTypeOf('string');
        await client.webhooks.delete(webhook.id);
      } finally {
        await receiver.close();
      }
    },
  );
});
