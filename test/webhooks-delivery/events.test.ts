// Which domain causes reach which subscribers, the test endpoint, and registration refusals,
// all over REST against a mock on a real port.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, Receiver, startMock, type Api } from './support.js';

const SECRET = 'events_test_secret_0123';

describe('webhook events over REST', () => {
  let api: Api;
  let receiver: Receiver;

  beforeAll(async () => {
    api = await startMock();
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  beforeEach(async () => {
    const reset = await fetch(`${api.origin}/__mock/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    receiver.received.length = 0;
  });

  async function subscribe(events: string[]): Promise<any> {
    return api.createWebhook({ url: receiver.url, events, secret: SECRET });
  }

  async function payloads(count: number): Promise<any[]> {
    await eventually(() => receiver.received.length >= count, `${count} deliveries`);
    // Let any unexpected extra delivery arrive before the caller counts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return receiver.received.map((item) => JSON.parse(item.body));
  }

  it('delivers threat.high for a HIGH threat, and nothing to a webhook subscribed elsewhere', async () => {
    await subscribe(['threat.high']);
    const other = await subscribe(['crypto.threat']);
    const threat = await api.inject({ threat_score: 70 });
    const [payload] = await payloads(1);
    expect(receiver.received).toHaveLength(1);
    expect(payload).toMatchObject({
      event: 'threat.high',
      data: { threat_id: threat.id, threat_level: 'HIGH', threat_score: 70 },
    });
    expect(await api.deliveries(other.id)).toEqual([]);
  });

  it('delivers threat.status_changed and threat.mitigated for a PATCH to mitigated', async () => {
    const threat = await api.inject({ threat_score: 50 });
    await subscribe(['threat.status_changed', 'threat.mitigated']);
    const reply = await api.request('PATCH', `/threats/${threat.id}`, {
      status: 'mitigated',
      resolution: 'Blocked at the edge',
    });
    expect(reply.status).toBe(200);
    const received = await payloads(2);
    expect(received).toHaveLength(2);
    expect(received.find((p) => p.event === 'threat.status_changed').data).toMatchObject({
      threat_id: threat.id,
      status: 'mitigated',
      previous_status: 'active',
    });
    expect(received.find((p) => p.event === 'threat.mitigated').data).toMatchObject({
      threat_id: threat.id,
      resolution: 'Blocked at the edge',
    });
  });

  it("delivers crypto.high_risk_transaction and crypto.threat for the reference's risky wallet", async () => {
    await subscribe(['crypto.high_risk_transaction', 'crypto.threat']);
    const reply = await api.request('POST', '/blockchain/wallet/scan', {
      chain: 'ethereum',
      address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
    });
    expect(reply.status).toBe(200);
    const received = await payloads(2);
    expect(received.map((p) => p.event).sort()).toEqual([
      'crypto.high_risk_transaction',
      'crypto.threat',
    ]);
    expect(received[0].data).toMatchObject({
      chain: 'ethereum',
      risk_score: 85,
      risk_level: 'HIGH',
    });
  });

  it('delivers system.status for a mode change', async () => {
    await subscribe(['system.status']);
    const reply = await api.request('PUT', '/monitoring/mode', { mode: 'DEEP_SCAN' });
    expect(reply.status).toBe(200);
    const [payload] = await payloads(1);
    expect(payload).toMatchObject({ event: 'system.status', data: { mode: 'DEEP_SCAN' } });
  });

  it('delivers ml.anomaly, auto_response.executed and evidence.collected when a threat causes them', async () => {
    await api.request('PUT', '/monitoring/mode', { mode: 'AUTO_RESPONSE' });
    const webhook = await subscribe(['ml.anomaly', 'auto_response.executed', 'evidence.collected']);
    const threat = await api.inject({ threat_score: 99 });
    const deliveries = await eventually(async () => {
      const list = await api.deliveries(webhook.id);
      return list.length > 0 && list.every((item) => item.status === 'succeeded') && list;
    }, 'deliveries');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refs = threat.full_analysis.evidence;
    const evidenceIds = [refs.memory_dump, refs.network_capture, refs.process_tree].filter(Boolean);
    const expected = [
      ...(threat.ml_analysis.anomaly_score >= 80 ? ['ml.anomaly'] : []),
      ...(threat.automated_response.actions_taken.length > 0 ? ['auto_response.executed'] : []),
      ...evidenceIds.map(() => 'evidence.collected'),
    ].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(deliveries.map((item: any) => item.event).sort()).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const received = receiver.received.map((item) => JSON.parse(item.body));
    expect(received.map((payload) => payload.event).sort()).toEqual(expected);
    for (const payload of received) {
      if (payload.event === 'evidence.collected') {
        expect(payload.data.threat_id).toBe(threat.id);
        expect(evidenceIds).toContain(payload.data.id);
      } else {
        expect(payload.data).toMatchObject({ threat_id: threat.id, ip_address: threat.ip_address });
      }
    }
  });

  describe('POST /webhooks/{id}/test', () => {
    it('answers 202 with the delivery id and sends a signed webhook.test through the same path', async () => {
      const webhook = await subscribe(['threat.critical']);
      const reply = await api.request('POST', `/webhooks/${webhook.id}/test`);
      expect(reply.status).toBe(202);
      expect(reply.body).toEqual({
        delivery_id: expect.stringMatching(/^whd_[a-z0-9]{12}$/),
        status: 'succeeded',
      });
      const [payload] = await payloads(1);
      expect(payload).toMatchObject({
        event: 'webhook.test',
        data: { webhook_id: webhook.id, delivery_id: reply.body.delivery_id },
      });
      const [received] = receiver.received;
      expect(received!.headers['webhook-id']).toBe(reply.body.delivery_id);
      expect(received!.headers['x-cyberfortress-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    it('retries a failing test delivery per the retry policy', async () => {
      let calls = 0;
      const flaky = await Receiver.start(() => (++calls === 1 ? 500 : 200));
      try {
        const webhook = await api.createWebhook({
          url: flaky.url,
          events: ['threat.critical'],
          secret: SECRET,
        });
        const reply = await api.request('POST', `/webhooks/${webhook.id}/test`);
        expect(reply.status).toBe(202);
        expect(reply.body.status).toBe('retrying');
        const delivery = await eventually(async () => {
          const [item] = await api.deliveries(webhook.id);
          return item?.status === 'succeeded' && item;
        }, 'the retried test delivery');
        expect(delivery.attempts.map((a: any) => a.response_status)).toEqual([500, 200]);
        expect(flaky.received).toHaveLength(2);
      } finally {
        await flaky.close();
      }
    });
  });

  describe('registration refusals', () => {
    it.each([
      ['a URL that is not http(s)', { url: 'ftp://example.com/hook' }, ['url']],
      ['a javascript: URL', { url: 'javascript:alert(1)' }, ['url']],
      ['an unknown event name', { events: ['threat.low'] }, ['events[0]']],
      ['a secret of 15 characters', { secret: 'a'.repeat(15) }, ['secret']],
    ])('refuses %s with 400 naming the field', async (_, overrides, fields) => {
      const reply = await api.request('POST', '/webhooks', {
        url: 'https://example.com/hook',
        events: ['threat.critical'],
        secret: SECRET,
        ...overrides,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('INVALID_REQUEST');
      expect(reply.body.error.details.map((d: any) => d.field)).toEqual(fields);
      expect(reply.body.error.details[0].issue).toEqual(expect.any(String));
      expect((await api.request('GET', '/webhooks')).body.pagination.total).toBe(0);
    });

    it('refuses in the domain too, whatever the HTTP layer lets through', () => {
      let error: any;
      try {
        api.mock.backend.webhooks.create({
          url: 'file:///etc/passwd',
          events: ['threat.critical', 'system.nope'],
          secret: 'short',
        });
      } catch (caught) {
        error = caught;
      }

      expect(error?.code).toBe('INVALID_REQUEST');
      expect(error.details.map((d: any) => d.field)).toEqual(['url', 'events[1]', 'secret']);
    });
  });
});
