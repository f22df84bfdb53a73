import { describe, expect, it } from 'vitest';
import { matchOperation } from '../helpers/spec.js';
import { describeEachTarget } from '../helpers/targets.js';
import { CLOCK_START, SEEDED_THREATS, reference, threatLevel, threatTotal } from './support.js';

describeEachTarget('control API', (t) => {
  describe('POST /__mock/reset', () => {
    it('returns the seed and the dataset size and forgets everything done since', async () => {
      const created = (await t().request('POST', '/threats', { body: reference.reportThreat }))
        .body;
      await t().request('PUT', '/monitoring/mode', { body: reference.setMode });
      await t().control('POST', '/clock', { advance: '2h' });
      const reply = await t().control('POST', '/reset');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ seed: 42, threats: SEEDED_THREATS });
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
      expect((await t().request('GET', `/threats/${created.id}`)).status).toBe(404);
      expect((await t().request('GET', '/monitoring/status')).body.mode).not.toBe('DEEP_SCAN');
    });

    it('gives the same dataset for the same seed and another for another seed', async () => {
      const seeded = (await t().request('GET', '/threats?limit=100&offset=500')).body.data;
      try {
        const other = await t().control('POST', '/reset', { seed: 7 });
        expect(other.body).toEqual({ seed: 7, threats: SEEDED_THREATS });
        // The test credentials may follow the seed; ask for them again.
        const token = (await t().control('GET', '/credentials')).body.api_key;
        const otherPage = await t().request('GET', '/threats?limit=100&offset=500', { token });
        expect(otherPage.status).toBe(200);
        expect(otherPage.body.data).not.toEqual(seeded);
      } finally {
        await t().control('POST', '/reset', { seed: 42 });
      }

      expect((await t().request('GET', '/threats?limit=100&offset=500')).body.data).toEqual(seeded);
    });

    it('refuses a seed that is not a non-negative integer with 400', async () => {
      expect((await t().control('POST', '/reset', { seed: -1 })).status).toBe(400);
      expect((await t().control('POST', '/reset', { seed: 'abc' })).status).toBe(400);
    });
  });

  describe('POST /__mock/threats', () => {
    it('injects a CRITICAL threat that appears first in the default list', async () => {
      const reply = await t().control('POST', '/threats', {
        ip_address: '203.0.113.99',
        threat_score: 97,
        threat_level: 'CRITICAL',
        threat_type: 'RANSOMWARE',
        country: 'RU',
        status: 'active',
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        ip_address: '203.0.113.99',
        threat_score: 97,
        threat_level: 'CRITICAL',
        threat_type: 'RANSOMWARE',
        status: 'active',
        detected_at: CLOCK_START,
        country: { code: 'RU' },
      });
      const page = (await t().request('GET', '/threats')).body;
      expect(page.pagination.total).toBe(SEEDED_THREATS + 1);
      expect(page.data[0].id).toBe(reply.body.id);
      expect((await t().request('GET', `/threats/${reply.body.id}`)).body).toEqual(reply.body);
      const critical = (await t().request('GET', '/threats?severity=critical&country=RU&limit=5'))
        .body.data;
      expect(critical[0].id).toBe(reply.body.id);
    });

    it('fills in a whole consistent threat given an empty body', async () => {
      const reply = await t().control('POST', '/threats', {});
      expect(reply.status).toBe(201);
      expect(reply.body.id).toMatch(/^threat_[a-z0-9]{8}$/);
      expect(reply.body.threat_level).toBe(threatLevel(reply.body.threat_score));
      expect(reply.body.timeline.length).toBeGreaterThan(0);
    });
  });

  describe('/__mock/clock', () => {
    it('reads the frozen clock at its start', async () => {
      const reply = await t().control('GET', '/clock');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        now: CLOCK_START,
        start: CLOCK_START,
        offset_ms: 0,
        frozen: true,
      });
    });

    it('advances by a duration or by milliseconds, and sets an instant', async () => {
      expect((await t().control('POST', '/clock', { advance: '90m' })).body).toMatchObject({
        now: '2025-01-15T16:30:00Z',
        offset_ms: 5_400_000,
      });
      expect((await t().control('POST', '/clock', { advance: 1000 })).body.now).toBe(
        '2025-01-15T16:30:01Z',
      );
      const set = await t().control('POST', '/clock', { set: '2025-02-01T00:00:00Z' });
      expect(set.body.now).toBe('2025-02-01T00:00:00Z');
      expect((await t().control('GET', '/clock')).body.now).toBe('2025-02-01T00:00:00Z');
    });

    it('moves the time the API stamps on what it creates', async () => {
      await t().control('POST', '/clock', { advance: '1d' });
      const threat = (await t().request('POST', '/threats', { body: reference.reportThreat })).body;
      expect(threat.detected_at).toBe('2025-01-16T15:00:00Z');
    });

    it('refuses a malformed advance with 400 and leaves the clock alone', async () => {
      const reply = await t().control('POST', '/clock', { advance: 'soon' });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details[0].field).toBe('advance');
      expect((await t().control('GET', '/clock')).body.now).toBe(CLOCK_START);
    });
  });

  describe('GET /__mock/counters', () => {
    it('counts API requests by operation and status, and not control requests', async () => {
      const list = matchOperation('GET', '/threats')!.operationId;
      const report = matchOperation('POST', '/threats')!.operationId;
      await t().request('GET', '/threats?limit=1');
      await t().request('GET', '/threats?limit=2');
      await t().request('GET', '/threats?limit=0');
      await t().request('POST', '/threats', { body: reference.reportThreat });
      await t().control('GET', '/clock');
      const counters = (await t().control('GET', '/counters')).body;
      expect(counters.requests).toBe(4);
      expect(counters.by_operation[list]).toBe(3);
      expect(counters.by_operation[report]).toBe(1);
      expect(counters.by_status).toEqual({ '200': 2, '201': 1, '400': 1 });
      expect(counters.threats_reported).toBe(1);
      expect(counters.rate_limited).toBe(0);
      expect(counters.idempotent_replays).toBe(0);
    });

    it('starts from zero after a reset', async () => {
      await t().request('GET', '/threats?limit=1');
      await t().control('POST', '/reset');
      expect((await t().control('GET', '/counters')).body.requests).toBe(0);
    });
  });

  describe('GET /__mock/credentials', () => {
    it('returns the test key, the OAuth client and the plan', async () => {
      const reply = await t().control('GET', '/credentials');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        api_key: t().apiKey,
        oauth: { client_id: expect.any(String), client_secret: expect.any(String) },
        plan: 'professional',
      });
    });
  });

  it('answers an unknown control path with 404', async () => {
    expect((await t().control('GET', '/nothing-here')).status).toBe(404);
  });
});
