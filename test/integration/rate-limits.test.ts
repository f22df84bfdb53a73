import { expect, it } from 'vitest';
import { describeEachTarget, type Reply } from '../helpers/targets.js';
import { SEEDED_THREATS, createKey, expectError, reference, threatTotal } from './support.js';

/** Epoch seconds of the end of the clock start's first second (2025-01-15T15:00:01Z). */
const FIRST_RESET = Date.parse('2025-01-15T15:00:01Z') / 1000;

function rateHeaders(reply: Reply): Record<string, string | null> {
  const names = ['limit', 'remaining', 'reset', 'burst-limit', 'burst-remaining'];
  return Object.fromEntries(names.map((name) => [name, reply.headers.get(`x-ratelimit-${name}`)]));
}

describeEachTarget(
  'rate limits on the personal plan',
  (t) => {
    it('serves a burst of 50 with the headers counting down, then refuses the 51st with 429', async () => {
      for (let i = 0; i < 50; i++) {
        const reply = await t().request('GET', '/threats?limit=1');
        expect(reply.status, `request ${i + 1}`).toBe(200);
        expect(rateHeaders(reply)).toEqual({
          limit: '10',
          remaining: String(Math.max(0, 10 - (i + 1))),
          reset: String(FIRST_RESET),
          'burst-limit': '50',
          'burst-remaining': String(49 - i),
        });
      }

      const refused = await t().request('GET', '/threats?limit=1');
      expectError(refused, 429, 'RATE_LIMIT_EXCEEDED');
      expect(refused.body.error).toMatchObject({
        message: 'API rate limit exceeded',
        retry_after: 1,
        limit: 10,
        reset_at: '2025-01-15T15:00:01Z',
      });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(rateHeaders(refused)).toMatchObject({
        limit: '10',
        remaining: '0',
        'burst-limit': '50',
        'burst-remaining': '0',
      });
    });

    it('serves 10 more after the clock advances one second, and refuses the 11th', async () => {
      for (let i = 0; i < 50; i++) await t().request('GET', '/threats?limit=1');
      // Refused requests do not count against the next second.
      for (let i = 0; i < 5; i++)
        expect((await t().request('GET', '/threats?limit=1')).status).toBe(429);
      await t().control('POST', '/clock', { advance: '1s' });
      for (let i = 0; i < 10; i++) {
        const reply = await t().request('GET', '/threats?limit=1');
        expect(reply.status, `request ${i + 1} after refill`).toBe(200);
        expect(reply.headers.get('x-ratelimit-burst-remaining')).toBe(String(9 - i));
        expect(reply.headers.get('x-ratelimit-remaining')).toBe(String(9 - i));
        expect(reply.headers.get('x-ratelimit-reset')).toBe(String(FIRST_RESET + 1));
      }

      expectError(await t().request('GET', '/threats?limit=1'), 429, 'RATE_LIMIT_EXCEEDED');
    });

    it('refills at 10 per second up to the burst of 50', async () => {
      for (let i = 0; i < 50; i++) await t().request('GET', '/threats?limit=1');
      await t().control('POST', '/clock', { advance: '1h' });
      let served = 0;
      while ((await t().request('GET', '/threats?limit=1')).status === 200) served++;
      expect(served).toBe(50);
    });

    it('changes no state when it refuses a request', async () => {
      const blocks = (await t().request('GET', '/network/blocks')).body.pagination.total;
      for (let i = 0; i < 49; i++) await t().request('GET', '/threats?limit=1');
      const refused = await t().request('POST', '/threats', { body: reference.reportThreat });
      expectError(refused, 429, 'RATE_LIMIT_EXCEEDED');
      const block = await t().request('POST', '/network/block', { body: reference.block });
      expectError(block, 429, 'RATE_LIMIT_EXCEEDED');
      await t().control('POST', '/clock', { advance: '1s' });
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
      expect((await t().request('GET', '/network/blocks')).body.pagination.total).toBe(blocks);
    });

    it('keeps a separate bucket per credential', async () => {
      const other = await createKey(t(), ['threats:read']);
      for (let i = 0; i < 49; i++) await t().request('GET', '/threats?limit=1');
      expect((await t().request('GET', '/threats?limit=1')).status).toBe(429);
      const reply = await t().request('GET', '/threats?limit=1', { token: other });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-ratelimit-burst-remaining')).toBe('49');
    });

    it('sends the headers on refusals that happen before the limiter, such as 401 and 404', async () => {
      const unauthorised = await t().request('GET', '/threats', { token: null });
      expect(unauthorised.status).toBe(401);
      expect(rateHeaders(unauthorised)).toMatchObject({ limit: '10', 'burst-limit': '50' });
      const missing = await t().request('GET', '/threats/threat_zzzzzzzz');
      expect(missing.status).toBe(404);
      expect(rateHeaders(missing)).toMatchObject({
        limit: '10',
        'burst-limit': '50',
        'burst-remaining': '49',
      });
    });

    it('does not limit the control API', async () => {
      for (let i = 0; i < 60; i++) expect((await t().control('GET', '/clock')).status).toBe(200);
      expect(
        (await t().request('GET', '/threats?limit=1')).headers.get('x-ratelimit-burst-remaining'),
      ).toBe('49');
    });

    it('counts refusals in the counters', async () => {
      for (let i = 0; i < 53; i++) await t().request('GET', '/threats?limit=1');
      const counters = (await t().control('GET', '/counters')).body;
      expect(counters.rate_limited).toBe(3);
      expect(counters.by_status['429']).toBe(3);
      expect(counters.by_status['200']).toBe(50);
    });
  },
  { plan: 'personal' },
);

describeEachTarget('rate limits on the default plan', (t) => {
  it("reports the professional plan's figures", async () => {
    const reply = await t().request('GET', '/threats?limit=1');
    expect(rateHeaders(reply)).toEqual({
      limit: '50',
      remaining: '49',
      reset: String(FIRST_RESET),
      'burst-limit': '200',
      'burst-remaining': '199',
    });
  });
});

describeEachTarget(
  'rate limits on the custom plan',
  (t) => {
    it('serves 300 requests at once and sends no rate-limit headers', async () => {
      for (let i = 0; i < 300; i++) {
        const reply = await t().request('GET', '/threats?limit=1');
        expect(reply.status).toBe(200);
        if (i === 0 || i === 299)
          expect(rateHeaders(reply)).toEqual({
            limit: null,
            remaining: null,
            reset: null,
            'burst-limit': null,
            'burst-remaining': null,
          });
      }
    });
  },
  { plan: 'custom' },
);
