import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientRateLimiter, parseRateLimit } from '../../../src/core/rate-limit.js';
import { RATE_HEADERS } from './support.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('parseRateLimit', () => {
  it('returns a typed snapshot given X-RateLimit-* headers', () => {
    expect(parseRateLimit(new Headers(RATE_HEADERS))).toEqual({
      limit: 50,
      remaining: 49,
      reset: 1736953201,
      burstLimit: 200,
      burstRemaining: 199,
    });
  });

  it('returns undefined given no rate-limit headers', () => {
    expect(parseRateLimit(new Headers({ 'content-type': 'application/json' }))).toBeUndefined();
  });
});

/** Takes `count` tokens and returns the fake-clock time at which each was granted. */
async function grantTimes(limiter: ClientRateLimiter, count: number): Promise<number[]> {
  const times: number[] = [];
  const waits = Array.from({ length: count }, (_, index) => {
    const wait = limiter.acquire();
    if (!wait) {
      times[index] = Date.now();
      return undefined;
    }

    return wait.then(() => {
      times[index] = Date.now();
    });
  });
  await vi.runAllTimersAsync();
  await Promise.all(waits);
  return times;
}

describe('ClientRateLimiter', () => {
  it('returns at once for the burst, keeping a jitter reserve, then paces at perSecond', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 10, perHour: 10_000, burst: 5 });
    const times = await grantTimes(limiter, 8);

    // 10/s × 25 ms rounds up to a reserve of 1 token: 4 at once, then one every 100 ms.
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(times.slice(4)).toEqual([100, 200, 300, 400]);
  });

  it('returns waiters in FIFO order given a queue', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 1, perHour: 100, burst: 2 });
    const order: number[] = [];
    expect(limiter.acquire()).toBeUndefined();
    const waits = [1, 2, 3].map((n) => limiter.acquire()?.then(() => order.push(n)));
    expect(limiter.pending).toBe(3);
    await vi.runAllTimersAsync();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects a waiter with the reason given its signal fires, and keeps the others', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 1, perHour: 100, burst: 2 });
    limiter.acquire();
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    const kept = limiter.acquire();
    controller.abort(new Error('cancelled'));
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(limiter.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(kept).resolves.toBeUndefined();
  });

  it('returns no token until the oldest request is an hour old given a spent hourly quota', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 100, perHour: 3, burst: 100 });
    expect([limiter.acquire(), limiter.acquire(), limiter.acquire()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    let granted = false;
    void limiter.acquire()?.then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(3_599_000);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toBe(true);
  });

  it('holds every request back given a pause after a 429', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 100, perHour: 1000, burst: 100 });
    limiter.pause(2000);
    let granted = false;
    void limiter.acquire()?.then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(1999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(granted).toBe(true);
  });

  it("lowers its bucket to the API's burstRemaining minus requests in flight given a snapshot", async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new ClientRateLimiter({ perSecond: 10, perHour: 1000, burst: 20 });
    for (let index = 0; index < 5; index++) expect(limiter.acquire()).toBeUndefined();

    // The API had 3 tokens left after counting one of them; 4 are still on their way.
    limiter.settle({ limit: 10, remaining: 0, reset: 0, burstLimit: 20, burstRemaining: 3 });
    let granted = 0;
    const waits = Array.from({ length: 2 }, () => limiter.acquire()?.then(() => (granted += 1)));
    expect(granted).toBe(0);
    expect(waits.every((wait) => wait !== undefined)).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).toBe(1);
  });
});
