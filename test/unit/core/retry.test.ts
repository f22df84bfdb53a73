import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ConnectionError,
  TimeoutError,
  UserAbortError,
} from '../../../src/core/errors.js';
import {
  isRetryable,
  randomisedExponentialBackoff,
  retryDelay,
  sleep,
} from '../../../src/core/retry.js';
import { envelope } from './support.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isRetryable', () => {
  it('returns true given connection errors, client timeouts, 408, 429 and 5xx', () => {
    expect(isRetryable(new ConnectionError('reset'))).toBe(true);
    expect(isRetryable(TimeoutError.client(10))).toBe(true);
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(isRetryable(ApiError.from(status, undefined)), String(status)).toBe(true);
    }
  });

  it('returns true given 409 IDEMPOTENCY_KEY_IN_USE and false given the other 409s', () => {
    expect(isRetryable(ApiError.from(409, envelope('IDEMPOTENCY_KEY_IN_USE', 'busy')))).toBe(true);
    expect(isRetryable(ApiError.from(409, envelope('IDEMPOTENCY_KEY_REUSED', 'bug')))).toBe(false);
    expect(isRetryable(ApiError.from(409, envelope('CONFLICT', 'state')))).toBe(false);
  });

  it('returns false given other 4xx, aborts and unknown errors', () => {
    for (const status of [400, 401, 403, 404, 405, 413, 415, 422]) {
      expect(isRetryable(ApiError.from(status, undefined)), String(status)).toBe(false);
    }

    expect(isRetryable(new UserAbortError())).toBe(false);
    expect(isRetryable(new TypeError('x'))).toBe(false);
  });
});

describe('randomisedExponentialBackoff', () => {
  it('returns a wait between 0 and 500 × 2^(retry − 1), capped at 8 s', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(randomisedExponentialBackoff(1)).toBeCloseTo(500, 0);
    expect(randomisedExponentialBackoff(2)).toBeCloseTo(1000, 0);
    expect(randomisedExponentialBackoff(3)).toBeCloseTo(2000, 0);
    expect(randomisedExponentialBackoff(10)).toBeCloseTo(8000, 0);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(randomisedExponentialBackoff(4)).toBe(0);
  });
});

describe('retryDelay', () => {
  it("returns the body's retry_after given a 429", () => {
    const error = ApiError.from(429, envelope('RATE_LIMIT_EXCEEDED', 'x', { retry_after: 2 }), {
      'retry-after': '9',
    });
    expect(retryDelay(error, 1, 60_000)).toBe(2000);
  });

  it('returns the Retry-After header in seconds or as an HTTP date given a 503', () => {
    expect(retryDelay(ApiError.from(503, undefined, { 'retry-after': '4' }), 1, 60_000)).toBe(4000);
    const date = new Date(Date.now() + 10_000).toUTCString();
    const delay = retryDelay(ApiError.from(503, undefined, { 'retry-after': date }), 1, 60_000);
    expect(delay).toBeGreaterThanOrEqual(9000);
    expect(delay).toBeLessThanOrEqual(11_000);
  });

  it('returns undefined given a requested wait beyond maxRetryAfter', () => {
    const error = ApiError.from(429, envelope('RATE_LIMIT_EXCEEDED', 'x', { retry_after: 120 }));
    expect(retryDelay(error, 1, 60_000)).toBeUndefined();
  });

  it('returns a backoff given no requested wait', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(retryDelay(new ConnectionError('x'), 2, 60_000)).toBe(500);
  });
});

describe('sleep', () => {
  it('rejects with the reason given a signal that fires while sleeping', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
  });
});
