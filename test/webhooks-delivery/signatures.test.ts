// Deliveries from the mock arrive signed both ways, and three independent verifiers accept
// them: node:crypto on the reference header, the standardwebhooks library, and the reference's
// own Python verify_webhook run by python3.
import { spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, Receiver, startMock, type Api, type Received } from './support.js';

const PYTHON_VERIFIER = new URL('./verify_webhook.py', import.meta.url).pathname;
/** The reference's kind of secret: plain text, signed with its UTF-8 bytes. */
const PLAIN_SECRET = 'your_webhook_secret';
/** A Standard Webhooks secret: base64 after the prefix. */
const WHSEC_SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

function verifyReferenceHeader(received: Received, secret: string): boolean {
  const header = String(received.headers['x-cyberfortress-signature']);
  const expected = `sha256=${createHmac('sha256', secret).update(received.body).digest('hex')}`;
  return (
    header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected))
  );
}

function pythonVerify(payload: string, signature: string, secret: string): string {
  const run = spawnSync('python3', [PYTHON_VERIFIER], {
    input: JSON.stringify({ payload, signature, secret }),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

function standardHeaders(received: Received): Record<string, string> {
  return {
    'webhook-id': String(received.headers['webhook-id']),
    'webhook-timestamp': String(received.headers['webhook-timestamp']),
    'webhook-signature': String(received.headers['webhook-signature']),
  };
}

describe('signed deliveries from the mock', () => {
  let api: Api;
  let receiver: Receiver;

  beforeEach(async () => {
    api = await startMock();
    receiver = await Receiver.start();
  });

  afterEach(async () => {
    await api.close();
    await receiver.close();
  });

  async function criticalDelivery(secret: string): Promise<{ webhook: any; received: Received }> {
    const webhook = await api.createWebhook({
      url: receiver.url,
      events: ['threat.critical'],
      secret,
    });
    await api.inject({ threat_score: 95, ip_address: '203.0.113.42' });
    const [received] = await eventually(
      () => receiver.received.length > 0 && receiver.received,
      'a delivery',
    );
    return { webhook, received: received! };
  }

  it("sends the reference's payload without a signature field, with the documented headers", async () => {
    const { webhook, received } = await criticalDelivery(PLAIN_SECRET);
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/hook');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['user-agent']).toBe('CyberFortress-Webhooks/1.0');
    expect(received.headers['x-cyberfortress-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(received.headers['webhook-id']).toMatch(/^whd_[a-z0-9]{12}$/);
    expect(Number(received.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
    expect(received.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const payload = JSON.parse(received.body);
    expect(Object.keys(payload)).toEqual(['event', 'timestamp', 'data']);
    expect(payload).toMatchObject({
      event: 'threat.critical',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      data: {
        threat_id: expect.stringMatching(/^threat_[a-z0-9]{8}$/),
        ip_address: '203.0.113.42',
        threat_score: 95,
        threat_level: 'CRITICAL',
        automated_response: { actions_taken: expect.any(Array) },
      },
    });

    const [delivery] = await eventually(async () => {
      const list = await api.deliveries(webhook.id);
      return list[0]?.status === 'succeeded' && list;
    }, 'a succeeded delivery');
    expect(delivery).toMatchObject({
      id: received.headers['webhook-id'],
      webhook_id: webhook.id,
      event: 'threat.critical',
      status: 'succeeded',
      next_attempt_at: null,
      attempts: [{ attempt: 1, response_status: 200, error: null }],
    });
  });

  it('(a) verifies with node:crypto over the raw body, and a tampered body does not', async () => {
    const { received } = await criticalDelivery(PLAIN_SECRET);
    expect(verifyReferenceHeader(received, PLAIN_SECRET)).toBe(true);
    expect(verifyReferenceHeader({ ...received, body: `${received.body} ` }, PLAIN_SECRET)).toBe(
      false,
    );
    expect(verifyReferenceHeader(received, 'another_secret_of_some_length')).toBe(false);
  });

  it('(b) verifies with the standardwebhooks library given a whsec_ secret', async () => {
    const { received } = await criticalDelivery(WHSEC_SECRET);
    const verifier = new Webhook(WHSEC_SECRET);
    expect(verifier.verify(received.body, standardHeaders(received))).toEqual(
      JSON.parse(received.body),
    );
    expect(() =>
      verifier.verify(received.body.replace('95', '96'), standardHeaders(received)),
    ).toThrow();
    expect(() =>
      verifier.verify(received.body, {
        ...standardHeaders(received),
        'webhook-id': 'whd_000000000000',
      }),
    ).toThrow();
    // The reference header of a whsec_ secret is still keyed by the secret's UTF-8 bytes.
    expect(verifyReferenceHeader(received, WHSEC_SECRET)).toBe(true);
  });

  it('(b) verifies with the standardwebhooks library in raw format given a plain secret', async () => {
    const { received } = await criticalDelivery(PLAIN_SECRET);
    const verifier = new Webhook(PLAIN_SECRET, { format: 'raw' });
    expect(verifier.verify(received.body, standardHeaders(received))).toEqual(
      JSON.parse(received.body),
    );
  });

  it("(c) verifies with the reference's Python verify_webhook, unchanged, and rejects a tampered body", async () => {
    for (const secret of [PLAIN_SECRET, WHSEC_SECRET]) {
      receiver.received.length = 0;
      const { received, webhook } = await criticalDelivery(secret);
      const signature = String(received.headers['x-cyberfortress-signature']);
      expect(pythonVerify(received.body, signature, secret)).toBe('True');
      expect(pythonVerify(received.body.replace('CRITICAL', 'HIGH'), signature, secret)).toBe(
        'False',
      );
      expect(pythonVerify(received.body, signature, 'not_the_secret_at_all')).toBe('False');
      await api.request('DELETE', `/webhooks/${webhook.id}`);
    }
  });
});
