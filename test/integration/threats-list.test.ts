import { expect, it } from 'vitest';
import { describeEachTarget, type Target } from '../helpers/targets.js';
import {
  LEVEL_RANK,
  SEEDED_THREATS,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  threatLevel,
} from './support.js';

interface Threat {
  id: string;
  ip_address: string;
  threat_score: number;
  threat_level: string;
  status: string;
  detected_at: string;
  country: { code: string };
}

async function list(t: Target, query: string): Promise<{ data: Threat[]; pagination: any }> {
  const reply = await t.request('GET', `/threats?${query}`);
  expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(200);
  return reply.body;
}

/** Every threat matching `query`, walked page by page. */
async function listAll(t: Target, query: string): Promise<Threat[]> {
  const all: Threat[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await list(t, `${query}&limit=100&offset=${offset}`);
    all.push(...page.data);
    if (!page.pagination.has_more) return all;
  }
}

describeEachTarget(
  'GET /threats',
  (t) => {
    it('returns the first 20 of 1247 threats, newest first, given no parameters', async () => {
      const page = await list(t(), '');
      expect(page.data).toHaveLength(20);
      expect(page.pagination).toEqual({
        total: SEEDED_THREATS,
        limit: 20,
        offset: 0,
        has_more: true,
      });
      for (let i = 1; i < page.data.length; i++) {
        const [before, after] = [page.data[i - 1]!, page.data[i]!];
        expect(before.detected_at >= after.detected_at).toBe(true);
        if (before.detected_at === after.detected_at) expect(before.id < after.id).toBe(true);
      }

      for (const threat of page.data) {
        expect(threat.id).toMatch(/^threat_[a-z0-9]{8}$/);
        expect(threat.threat_level).toBe(threatLevel(threat.threat_score));
      }
    });

    it('returns the same threats given severity repeated or comma-separated, matching any of them', async () => {
      const repeated = await listAll(t(), 'severity=high&severity=critical');
      const comma = await listAll(t(), 'severity=high,critical');
      expect(comma.map((threat) => threat.id)).toEqual(repeated.map((threat) => threat.id));
      expect(repeated.length).toBeGreaterThan(0);
      expect(repeated.length).toBeLessThan(SEEDED_THREATS);
      for (const threat of repeated) expect(['HIGH', 'CRITICAL']).toContain(threat.threat_level);

      const high = await list(t(), 'severity=high&limit=1');
      const critical = await list(t(), 'severity=critical&limit=1');
      expect(high.pagination.total + critical.pagination.total).toBe(repeated.length);
    });

    it('returns threats of every level in the dataset, with the four severity totals adding up to 1247', async () => {
      const totals = await Promise.all(
        ['low', 'medium', 'high', 'critical'].map(async (severity) => {
          const page = await list(t(), `severity=${severity}&limit=5`);
          for (const threat of page.data) expect(threat.threat_level).toBe(severity.toUpperCase());
          return page.pagination.total as number;
        }),
      );
      for (const total of totals) expect(total).toBeGreaterThan(0);
      expect(totals.reduce((sum, total) => sum + total, 0)).toBe(SEEDED_THREATS);
    });

    it('returns only threats of that status given status', async () => {
      const page = await list(t(), 'status=investigating&limit=100');
      expect(page.pagination.total).toBeGreaterThan(0);
      expect(page.pagination.total).toBeLessThan(SEEDED_THREATS);
      for (const threat of page.data) expect(threat.status).toBe('investigating');
      const either = await list(t(), 'status=investigating,mitigated&limit=1');
      const mitigated = await list(t(), 'status=mitigated&limit=1');
      expect(either.pagination.total).toBe(page.pagination.total + mitigated.pagination.total);
    });

    it('returns exactly the threats of one address given ip', async () => {
      const page = await list(t(), 'ip=192.168.1.100&limit=100');
      expect(page.data.map((threat) => threat.id)).toContain('threat_7h8i9j0k');
      for (const threat of page.data) expect(threat.ip_address).toBe('192.168.1.100');
    });

    it('returns the intersection given country, severity, from and to together', async () => {
      const from = '2025-01-01T00:00:00Z';
      const to = '2025-01-15T23:59:59Z';
      const combined = await listAll(
        t(),
        `country=CN,RU&severity=high,critical&from=${from}&to=${to}`,
      );
      expect(combined.length).toBeGreaterThan(0);
      for (const threat of combined) {
        expect(['CN', 'RU']).toContain(threat.country.code);
        expect(['HIGH', 'CRITICAL']).toContain(threat.threat_level);
        expect(threat.detected_at >= from && threat.detected_at <= to).toBe(true);
      }

      const byCountry = await list(t(), 'country=CN&country=RU&limit=1');
      const bySeverity = await list(t(), 'severity=high,critical&limit=1');
      const byDate = await list(t(), `from=${from}&to=${to}&limit=1`);
      for (const single of [byCountry, bySeverity, byDate]) {
        expect(combined.length).toBeLessThan(single.pagination.total);
      }
    });

    it('returns threats detected inside the window given from and to', async () => {
      const from = '2025-01-10T00:00:00Z';
      const to = '2025-01-12T00:00:00Z';
      const inside = await listAll(t(), `from=${from}&to=${to}`);
      expect(inside.length).toBeGreaterThan(0);
      for (const threat of inside)
        expect(threat.detected_at >= from && threat.detected_at <= to).toBe(true);
      const before = await list(t(), `to=${from}&limit=1`);
      expect(before.pagination.total).toBeLessThan(SEEDED_THREATS);
    });

    it('returns scores in monotonic order given sort=score with order asc or desc', async () => {
      const asc = await list(t(), 'sort=score&order=asc&limit=100');
      const desc = await list(t(), 'sort=score&order=desc&limit=100');
      for (let i = 1; i < 100; i++) {
        expect(asc.data[i - 1]!.threat_score).toBeLessThanOrEqual(asc.data[i]!.threat_score);
        expect(desc.data[i - 1]!.threat_score).toBeGreaterThanOrEqual(desc.data[i]!.threat_score);
      }

      expect(desc.data[0]!.threat_score).toBeGreaterThan(asc.data[0]!.threat_score);
    });

    it('returns levels from CRITICAL down to LOW given sort=severity&order=desc', async () => {
      const all = await listAll(t(), 'sort=severity&order=desc');
      expect(all).toHaveLength(SEEDED_THREATS);
      const ranks = all.map((threat) => LEVEL_RANK[threat.threat_level]!);
      for (let i = 1; i < ranks.length; i++) expect(ranks[i - 1]).toBeGreaterThanOrEqual(ranks[i]!);
      expect(ranks[0]).toBe(3);
      expect(ranks.at(-1)).toBe(0);
    });

    it('returns oldest first given sort=timestamp&order=asc', async () => {
      const page = await list(t(), 'sort=timestamp&order=asc&limit=50');
      for (let i = 1; i < page.data.length; i++) {
        expect(page.data[i - 1]!.detected_at <= page.data[i]!.detected_at).toBe(true);
      }

      // The dataset covers the 30 days before the clock start.
      expect(page.data[0]!.detected_at >= '2024-12-16T15:00:00Z').toBe(true);
    });

    it('walks all 1247 threats exactly once given offset paging with limit=100', async () => {
      const seen = new Set<string>();
      for (let offset = 0; offset < SEEDED_THREATS; offset += 100) {
        const page = await list(t(), `limit=100&offset=${offset}`);
        expect(page.pagination).toEqual({
          total: SEEDED_THREATS,
          limit: 100,
          offset,
          has_more: offset + 100 < SEEDED_THREATS,
        });
        expect(page.data).toHaveLength(Math.min(100, SEEDED_THREATS - offset));
        for (const threat of page.data) seen.add(threat.id);
      }

      expect(seen.size).toBe(SEEDED_THREATS);
    });

    it('returns an empty page with the true total given an offset past the end', async () => {
      const page = await list(t(), 'offset=5000');
      expect(page.data).toEqual([]);
      expect(page.pagination).toEqual({
        total: SEEDED_THREATS,
        limit: 20,
        offset: 5000,
        has_more: false,
      });
    });

    it('refuses with 401 given no token or an unknown one', async () => {
      expectError(await t().request('GET', '/threats', { token: null }), 401, 'UNAUTHORIZED');
      expectError(
        await t().request('GET', '/threats', { token: 'cf_live_notarealkey000000000000' }),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await t().request('GET', '/threats', {
          headers: { authorization: 'Basic Zm9vOmJhcg==' },
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses with 403 naming threats:read given a key without it', async () => {
      const key = await createKey(t(), ['monitoring:read']);
      expectForbidden(await t().request('GET', '/threats', { token: key }), 'threats:read');
    });

    it.each([
      ['severity=urgent', 'severity'],
      ['severity=high,urgent', 'severity'],
      ['status=closed', 'status'],
      ['ip=999.1.1.1', 'ip'],
      ['ip=not-an-ip', 'ip'],
      ['country=XX', 'country'],
      ['country=china', 'country'],
      ['country=CN,ZZ', 'country'],
      ['from=yesterday', 'from'],
      ['to=2025-13-01T00:00:00Z', 'to'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=abc', 'offset'],
      ['sort=name', 'sort'],
      ['order=up', 'order'],
    ])('refuses with 400 naming the parameter given %s', async (query, field) => {
      expectInvalid(await t().request('GET', `/threats?${query}`), field);
    });

    it('refuses with 400 given from after to', async () => {
      const reply = await t().request(
        'GET',
        '/threats?from=2025-01-10T00:00:00Z&to=2025-01-01T00:00:00Z',
      );
      expectError(reply, 400, 'INVALID_REQUEST');
      const fields = reply.body.error.details.map((detail: { field: string }) => detail.field);
      expect(fields.some((field: string) => field === 'from' || field === 'to')).toBe(true);
    });

    it('names every invalid parameter given several at once', async () => {
      const reply = await t().request('GET', '/threats?limit=0&offset=-1&severity=urgent');
      expectError(reply, 400, 'INVALID_REQUEST');
      const fields = reply.body.error.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['limit', 'offset', 'severity']));
    });
  },
  { plan: 'custom' },
);
