import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

// The mock's clock runs with real time here, so its buckets refill as the client's do.
describeEachTarget(
  'client-side rate limiter',
  (target) => {
    describe('rateLimit option', () => {
      it('keeps a burst of 300 calls free of 429s given a professional plan', async () => {
        const client = target().client({ rateLimit: { plan: 'professional' }, maxRetries: 0 });
        const pages = await Promise.all(
          Array.from({ length: 300 }, () => client.threats.list({ limit: 1 })),
        );
        expect(pages).toHaveLength(300);
        const counters = target().counters();
        expect(counters.rate_limited).toBe(0);
        expect(counters.by_operation.listThreats).toBe(300);
      });

      it('collects 429s without the limiter given the same burst', async () => {
        const client = target().client({ maxRetries: 0 });
        const results = await Promise.allSettled(
          Array.from({ length: 300 }, () => client.threats.list({ limit: 1 })),
        );
        expect(results.some((result) => result.status === 'rejected')).toBe(true);
        expect(target().counters().rate_limited).toBeGreaterThan(0);
      });
    });
  },
  { plan: 'professional', frozenClock: false },
);
