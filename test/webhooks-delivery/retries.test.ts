// Failed deliveries are retried per the webhook's retry_policy, every attempt in the delivery
// log; 410 disables the webhook; a reset stops retries; nothing is delivered twice.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, Receiver, startMock, type Api, type Behaviour } from './support.js';

const SECRET = 'retry_test_secret_0123';

describe('delivery retries', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function setup(
    behaviour: Behaviour,
    delivery?: Parameters<typeof startMock>[0],
  ): Promise<{ api: Api; receiver: Receiver }> {
    const api = await startMock(delivery);
    const receiver = await Receiver.start(behaviour);
    cleanups.push(
      () => api.close(),
      () => receiver.close(),
    );
    return { api, receiver };
  }

  async function settled(api: Api, webhookId: string, count = 1): Promise<any[]> {
    return eventually(async () => {
      const list = await api.deliveries(webhookId);
      return (
        list.length >= count &&
        list.every((item) => item.status === 'succeeded' || item.status === 'failed') &&
        list
      );
    }, 'settled deliveries');
  }

  it('retries a receiver that fails twice, then succeeds: three attempts in order, one delivery id, no duplicates', async () => {
    // Waits of about 150 ms and 300 ms, so that the retrying state is there to be seen.
    const { api, receiver } = await setup((n) => (n <= 2 ? 503 : 200), { retryBaseMs: 150 });
    const webhook = await api.createWebhook({
      url: receiver.url,
      events: ['threat.critical'],
      secret: SECRET,
      retry_policy: { max_attempts: 5, backoff_multiplier: 2 },
    });
    await api.inject({ threat_score: 97 });

    // While retrying, the log says so and names the next attempt.
    const retrying = await eventually(async () => {
      const [item] = await api.deliveries(webhook.id);
      return item?.status === 'retrying' && item;
    }, 'a retrying delivery');
    expect(retrying.next_attempt_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const [delivery] = await settled(api, webhook.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.next_attempt_at).toBeNull();
    expect(delivery.attempts.map((a: any) => [a.attempt, a.response_status, a.error])).toEqual([
      [1, 503, 'Receiver answered 503'],
      [2, 503, 'Receiver answered 503'],
      [3, 200, null],
    ]);
    for (const attempt of delivery.attempts) {
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
      expect(attempt.started_at).toMatch(/Z$/);
    }

    // Give any stray retry a chance to show up, then count what the receiver saw.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([delivery.id]),
    );
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(await api.deliveries(webhook.id)).toHaveLength(1);
  });

  it('gives up after max_attempts and records each failure, a refused connection included', async () => {
    const { api, receiver } = await setup(() => 500);
    const failing = await api.createWebhook({
      url: receiver.url,
      events: ['threat.detected'],
      secret: SECRET,
      retry_policy: { max_attempts: 2, backoff_multiplier: 1 },
    });
    const refused = await api.createWebhook({
      url: 'http://127.0.0.1:9/hook',
      events: ['threat.detected'],
      secret: SECRET,
      retry_policy: { max_attempts: 3, backoff_multiplier: 1.5 },
    });
    await api.inject({ threat_score: 40 });

    const [failed] = await settled(api, failing.id);
    expect(failed).toMatchObject({
      event: 'threat.detected',
      status: 'failed',
      next_attempt_at: null,
    });
    expect(failed.attempts.map((a: any) => a.response_status)).toEqual([500, 500]);
    expect(receiver.received).toHaveLength(2);

    const [unreachable] = await settled(api, refused.id);
    expect(unreachable.status).toBe('failed');
    expect(unreachable.attempts).toHaveLength(3);
    for (const attempt of unreachable.attempts) {
      expect(attempt.response_status).toBeNull();
      expect(attempt.error).toMatch(/^Connection failed/);
    }
  });

  it('counts a receiver that does not answer within the timeout as failed', async () => {
    const { api, receiver } = await setup(() => 'hang', { timeoutMs: 150 });
    const webhook = await api.createWebhook({
      url: receiver.url,
      events: ['threat.detected'],
      secret: SECRET,
      retry_policy: { max_attempts: 1, backoff_multiplier: 1 },
    });
    await api.inject({ threat_score: 40 });
    const [delivery] = await settled(api, webhook.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts[0]).toMatchObject({
      response_status: null,
      error: 'No response within 150 ms',
    });
    expect(delivery.attempts[0].duration_ms).toBeGreaterThanOrEqual(100);
  });

  it('disables the webhook and stops retrying when the receiver answers 410', async () => {
    const { api, receiver } = await setup(() => 410);
    const webhook = await api.createWebhook({
      url: receiver.url,
      events: ['threat.detected'],
      secret: SECRET,
      retry_policy: { max_attempts: 5, backoff_multiplier: 2 },
    });
    await api.inject({ threat_score: 40 });
    const [delivery] = await settled(api, webhook.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toEqual([expect.objectContaining({ response_status: 410 })]);

    const listed = (await api.request('GET', '/webhooks')).body.data;
    expect(listed.find((item: any) => item.id === webhook.id).status).toBe('disabled');

    // A disabled webhook receives no more events.
    await api.inject({ threat_score: 40 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
    expect(await api.deliveries(webhook.id)).toHaveLength(1);
  });

  it('stops pending retries on reset, and delivers nothing for the old webhooks afterwards', async () => {
    const { api, receiver } = await setup(() => 500, { retryBaseMs: 300, jitter: 0 });
    await api.createWebhook({
      url: receiver.url,
      events: ['threat.detected'],
      secret: SECRET,
      retry_policy: { max_attempts: 5, backoff_multiplier: 1 },
    });
    await api.inject({ threat_score: 40 });
    await eventually(() => receiver.received.length === 1, 'the first attempt');
    const reset = await fetch(`${api.origin}/__mock/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    await api.inject({ threat_score: 40 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(1);
  });

  it('makes one delivery per event and webhook: threat.detected and threat.critical once each', async () => {
    const { api, receiver } = await setup(() => 204);
    const webhook = await api.createWebhook({
      url: receiver.url,
      events: ['threat.detected', 'threat.critical', 'threat.high'],
      secret: SECRET,
    });
    const threat = await api.inject({ threat_score: 99 });
    const deliveries = await settled(api, webhook.id, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveries.map((item) => item.event).sort()).toEqual([
      'threat.critical',
      'threat.detected',
    ]);
    expect(receiver.received).toHaveLength(2);
    for (const item of receiver.received) {
      expect(JSON.parse(item.body).data.threat_id).toBe(threat.id);
    }
  });
});
