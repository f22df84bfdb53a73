/**
 * When a failed attempt is tried again, and after how long. Every POST carries an idempotency
 * key that stays the same on every retry, so retrying a write cannot perform it twice.
 *
 * @see https://docs.cyberfortress.io/sdks/node#retries
 * @module
 */

import { ApiError, ConnectionError, RateLimitError, TimeoutError } from './errors.js';
import { parseRetryAfter } from './headers.js';

/** The first retry waits up to this long; each later one up to twice as long as the one before. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_FACTOR = 2;
/** No backoff wait is longer than this, however many attempts came before. */
const BACKOFF_CAP_MS = 8_000;

/**
 * Whether a failed attempt may be tried again.
 *
 * Retried: no answer at all (`ConnectionError`, the client's own timeout), and the answers
 * that say "later": 408, 429, 500, 502, 503, 504, and a 409 `IDEMPOTENCY_KEY_IN_USE` (the first
 * request with that key is still running, so asking again soon gets its stored answer).
 *
 * Not retried: every other 4xx, since the same request would fail the same way; in particular
 * a 409 `IDEMPOTENCY_KEY_REUSED` (one key for two different requests) is a caller bug, a 401 is
 * handled by the token refresh instead, and a `UserAbortError` or `ResponseValidationError` is
 * final.
 *
 * @example
 * if (isRetryable(error) && attempt <= maxRetries) await sleep(delay);
 * @internal
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (!(error instanceof ApiError)) return false;
  if (error instanceof TimeoutError && error.status === undefined) return true;
  switch (error.status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    case 409:
      return error.code === 'IDEMPOTENCY_KEY_IN_USE';
    default:
      return false;
  }
}

/**
 * Exponential backoff with full jitter: a random wait between 0 and `500 ms × 2^(retry − 1)`,
 * capped at 8 s. The randomness spreads out clients that failed together, so that they do
 * not all come back in the same instant.
 *
 * @param retry 1 for the first retry
 * @example
 * randomisedExponentialBackoff(1); // 0..500
 * randomisedExponentialBackoff(3); // 0..2000
 * @internal
 */
export function randomisedExponentialBackoff(retry: number): number {
  const ceiling = Math.min(
    BACKOFF_CAP_MS,
    BACKOFF_BASE_MS * BACKOFF_FACTOR ** Math.max(0, retry - 1),
  );
  return Math.random() * ceiling;
}

/**
 * The wait the API asked for, in ms: the body's `retry_after` (a 429's), else a `Retry-After`
 * header in seconds or as an HTTP date. `undefined` when it asked for nothing.
 *
 * @example
 * serverRequestedDelay(rateLimitError); // 1000 for retry_after: 1
 * @internal
 */
export function serverRequestedDelay(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const seconds =
    error instanceof RateLimitError
      ? error.retryAfter
      : parseRetryAfter(error.headers?.get('retry-after'));
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * How long to wait before retry number `retry`, or `undefined` when the error should be thrown
 * instead: because the API asked for a wait longer than `maxRetryAfter`, which would leave
 * the caller hanging for minutes.
 *
 * @example
 * const delay = retryDelay(error, 1, 60_000);
 * if (delay === undefined) throw error;
 * @internal
 */
export function retryDelay(
  error: unknown,
  retry: number,
  maxRetryAfter: number,
): number | undefined {
  const requested = serverRequestedDelay(error);
  if (requested === undefined) return randomisedExponentialBackoff(retry);
  return requested > maxRetryAfter ? undefined : requested;
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it fires.
 *
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
