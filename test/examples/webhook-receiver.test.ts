// examples/integrations/webhook-receiver.ts with deliveries from the real mock: a webhook is
// created through the SDK, pointed at a recording relay in front of the receiver, so that the
// test can send a genuine delivery again, tampered.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWebhookReceiver,
  type RunningWebhookReceiver,
} from '../../examples/integrations/webhook-receiver.js';
import { startMock, waitFor, type RunningMock } from './support.js';

const SECRET = 'example_receiver_secret_0123456789';

interface Relayed {
  headers: IncomingHttpHeaders;
  body: Uint8Array<ArrayBuffer>;
  /** What the receiver answered. */
  status: number;
}

/** Forwards each request to `target` unchanged and keeps it with the receiver's answer. */
async function startRelay(target: string) {
  const relayed: Relayed[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      const response = await fetch(target, {
        method: 'POST',
        headers: forwardable(incoming.headers),
        body,
      });
      relayed.push({ headers: incoming.headers, body, status: response.status });
      outgoing.writeHead(response.status).end(await response.text());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    relayed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The headers of a delivery, as strings, without the hop-by-hop ones. */
function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  return result;
}

let running: RunningMock;
let receiver: RunningWebhookReceiver;
let relay: Awaited<ReturnType<typeof startRelay>>;
const processed: Record<string, unknown>[] = [];

beforeAll(async () => {
  running = await startMock();
  receiver = await startWebhookReceiver({
    secret: SECRET,
    port: 0,
    processThreat: (payload) => void processed.push(payload),
  });
  relay = await startRelay(receiver.url);
});

afterAll(async () => {
  await relay.close();
  await receiver.close();
  await running.close();
});

describe('examples/integrations/webhook-receiver', () => {
  it('accepts the genuine deliveries of a webhook made with the SDK, and rejects them tampered', async () => {
    const client = running.client();
    const webhook = await client.webhooks.create({
      url: relay.url,
      events: ['threat.critical'],
      secret: SECRET,
    });

    // A test send, then a real event: a critical threat.
    await client.webhooks.test(webhook.id);
    await waitFor(
      () => processed.some((payload) => payload.event === 'webhook.test'),
      5_000,
      'the test delivery',
    );
    const threat = await running.inject({ threat_score: 96 });
    // The relay records a delivery once the receiver has answered it.
    await waitFor(() => relay.relayed.length === 2, 5_000, 'both deliveries answered');

    expect(processed.map((payload) => payload.event)).toEqual(['webhook.test', 'threat.critical']);
    expect(relay.relayed.map((item) => item.status)).toEqual([200, 200]);
    const critical = processed.find((payload) => payload.event === 'threat.critical');
    expect(critical?.data).toMatchObject({
      threat_id: threat.id,
      ip_address: threat.ip_address,
      threat_score: 96,
    });
    // The mock marks a delivery once it has read the answer, a moment after the relay does.
    let statuses: string[] = [];
    await waitFor(
      async () => {
        const { data } = await client.webhooks.deliveries(webhook.id);
        statuses = data.map((delivery) => delivery.status);
        return statuses.filter((status) => status === 'succeeded').length === 2;
      },
      5_000,
      'both deliveries marked succeeded',
    );
    expect(statuses).toEqual(['succeeded', 'succeeded']);

    // The genuine delivery again is accepted; changed in any way, it is refused.
    const genuine = relay.relayed.find(
      (item) => JSON.parse(new TextDecoder().decode(item.body)).event === 'threat.critical',
    )!;
    expect(genuine.headers['x-cyberfortress-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const post = (body: BodyInit, headers: Record<string, string>) =>
      fetch(receiver.url, { method: 'POST', headers, body }).then((response) => response.status);
    const headers = forwardable(genuine.headers);
    const count = processed.length;

    expect(await post(genuine.body, headers)).toBe(200);
    expect(processed).toHaveLength(count + 1);

    const tampered = new TextDecoder()
      .decode(genuine.body)
      .replace('"threat_score":96', '"threat_score":12');
    expect(tampered).not.toBe(new TextDecoder().decode(genuine.body));
    expect(await post(tampered, headers)).toBe(401);

    const { 'x-cyberfortress-signature': _dropped, ...unsigned } = headers;
    expect(await post(genuine.body, unsigned)).toBe(401);

    const referenceOnly = {
      'content-type': 'application/json',
      'x-cyberfortress-signature': headers['x-cyberfortress-signature']!,
    };
    expect(await post(genuine.body, referenceOnly)).toBe(200);
    expect(await post(tampered, referenceOnly)).toBe(401);
    expect(
      await post(genuine.body, {
        ...referenceOnly,
        'x-cyberfortress-signature': `sha256=${'0'.repeat(64)}`,
      }),
    ).toBe(401);
    expect(processed).toHaveLength(count + 2);
  });

  it('answers 404 off /webhook and 405 to anything but POST', async () => {
    const origin = new URL(receiver.url).origin;
    expect((await fetch(`${origin}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(receiver.url)).status).toBe(405);
  });
});
