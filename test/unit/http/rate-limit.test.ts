import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../mock-server/http/rate-limit.js';
import { createFakeMock } from './support.js';

const RATE_HEADERS = [
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-burst-limit',
  'x-ratelimit-burst-remaining',
];

describe('rate limiting on the personal plan (frozen clock)', () => {
  it('allows a burst of 50, then refuses with 429, Retry-After and the body fields', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    for (let i = 0; i < 50; i++) {
      const response = await mock.send('GET', '/v1/threats');
      expect(response.status).toBe(200);
      if (i === 0) {
        expect(response.headers.get('x-ratelimit-limit')).toBe('10');
        expect(response.headers.get('x-ratelimit-remaining')).toBe('9');
        expect(response.headers.get('x-ratelimit-burst-limit')).toBe('50');
        expect(response.headers.get('x-ratelimit-burst-remaining')).toBe('49');
        expect(response.headers.get('x-ratelimit-reset')).toBe(
          String(Date.parse('2025-01-15T15:00:01Z') / 1000),
        );
      }
    }

    const refused = await mock.send('GET', '/v1/threats');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-ratelimit-burst-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const { error } = await refused.json();
    expect(error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'API rate limit exceeded',
      retry_after: 1,
      limit: 10,
      reset_at: '2025-01-15T15:00:01Z',
    });
    expect((await mock.runtime.state.counters.snapshot()).rate_limited).toBe(1);
  });

  it('refills at the per-second rate when the clock advances', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    for (let i = 0; i < 50; i++) await mock.send('GET', '/v1/threats');
    mock.backend.clock.advance(1000);
    for (let i = 0; i < 10; i++) expect((await mock.send('GET', '/v1/threats')).status).toBe(200);
    expect((await mock.send('GET', '/v1/threats')).status).toBe(429);

    mock.backend.clock.advance(300);
    const afterPartial = await mock.send('GET', '/v1/threats');
    expect(afterPartial.status).toBe(200);
    expect(afterPartial.headers.get('x-ratelimit-burst-remaining')).toBe('2');
  });

  it('keeps a separate bucket per credential holder', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    for (let i = 0; i < 50; i++) await mock.send('GET', '/v1/threats');
    expect((await mock.send('GET', '/v1/threats')).status).toBe(429);
    expect((await mock.send('GET', '/v1/threats', { token: 'tok_read' })).status).toBe(200);
  });

  it('sends the headers on errors too, without spending on refusals before the limiter', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    const unknown = await mock.send('GET', '/v1/nope');
    const unauthorized = await mock.send('GET', '/v1/threats', { token: null });
    const forbidden = await mock.send('POST', '/v1/threats', { token: 'tok_read', json: {} });
    const invalid = await mock.send('POST', '/v1/threats', { json: {} });
    for (const response of [unknown, unauthorized, forbidden, invalid]) {
      for (const name of RATE_HEADERS) expect(response.headers.get(name), name).not.toBeNull();
    }

    expect(unauthorized.headers.get('x-ratelimit-burst-remaining')).toBe('50');
    expect(forbidden.headers.get('x-ratelimit-burst-remaining')).toBe('50');
    expect(invalid.headers.get('x-ratelimit-burst-remaining')).toBe('49');
  });

  it('sends no rate-limit headers and never refuses on the custom plan', async () => {
    const mock = createFakeMock({ plan: 'custom' });
    for (let i = 0; i < 300; i++) {
      const response = await mock.send('GET', '/v1/threats');
      expect(response.status).toBe(200);
      if (i === 0) for (const name of RATE_HEADERS) expect(response.headers.get(name)).toBeNull();
    }
  });
});

describe('RateLimiter', () => {
  it('refuses when the hourly quota is spent, with the hour as the limit and reset', () => {
    let now = Date.parse('2025-01-15T15:59:00Z');
    const limiter = new RateLimiter({ perSecond: 1000, perHour: 3, burst: 1000 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('k').refusal).toBeUndefined();
    const refusal = limiter.take('k').refusal;
    expect(refusal).toEqual({
      retryAfter: 60,
      limit: 3,
      resetAt: Date.parse('2025-01-15T16:00:00Z'),
    });

    now = Date.parse('2025-01-15T16:00:00Z');
    expect(limiter.take('k').refusal).toBeUndefined();
  });

  it('does not drain the bucket when the clock is set backwards', () => {
    let now = 10_000;
    const limiter = new RateLimiter({ perSecond: 10, perHour: 1000, burst: 5 }, () => now);
    limiter.take('k');
    now = 0;
    expect(limiter.take('k').headers['X-RateLimit-Burst-Remaining']).toBe('3');
  });

  it('peeks without spending', () => {
    const limiter = new RateLimiter({ perSecond: 10, perHour: 1000, burst: 5 }, () => 0);
    limiter.peek('k');
    limiter.peek('k');
    expect(limiter.take('k').headers['X-RateLimit-Burst-Remaining']).toBe('4');
  });
});
