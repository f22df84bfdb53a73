/**
 * The reference's retry helper (Error Handling Best Practices): call a function up to three
 * times; after a rate limit wait the `retryAfter` the API asked for, after any other failure
 * wait 2^attempt seconds (1 s, then 2 s); on the last attempt give up and throw.
 *
 * The SDK already retries connection failures, 408, 429 and 5xx answers by itself
 * (`maxRetries`, default 2), and every POST keeps its idempotency key across those retries.
 * This helper is for wrapping a whole operation your own way; build its client with
 * `maxRetries: 0` so that the two do not multiply each other's attempts.
 *
 * One change from the reference: an error that waiting cannot fix (a 4xx other than 408 and 429,
 * such as a bad key or an unknown threat, or a call the caller aborted) is thrown at once
 * instead of being retried.
 *
 * Against the bundled mock:
 *
 *   npm run mock -- --port 4010      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *     npx tsx examples/integrations/retry-helper.ts
 *
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import CyberFortress, { ApiError, RateLimitError, UserAbortError } from '../../src/index.js';
import { isMain } from './shared.js';

/** How `withRetry` retries. */
export interface RetryOptions {
  /** Calls in all, the first included (the reference's `max_retries=3`). @default 3 */
  attempts?: number;
  /** Waits this many milliseconds; tests pass one that does not wait. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait. @default nothing */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether waiting could make the call succeed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UserAbortError) return false;
  const status = error instanceof ApiError ? error.status : undefined;
  if (status !== undefined && status >= 400 && status < 500)
    return status === 408 || status === 429;

  return true;
}

/**
 * Calls `fn` until it succeeds or `attempts` calls have failed, waiting between calls as the
 * reference does; rethrows the last error.
 *
 * @example
 * const threats = await withRetry(() => client.threats.list());
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 3, sleep = defaultSleep, onRetry } = options;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (attempt === attempts - 1 || !isRetryable(error)) throw error;

      // A rate limit says how long to wait; anything else backs off exponentially.
      const seconds =
        error instanceof RateLimitError && error.retryAfter !== undefined
          ? error.retryAfter
          : 2 ** attempt;
      onRetry?.(error, attempt + 1, seconds * 1000);
      await sleep(seconds * 1000);
    }
  }
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress({ maxRetries: 0 });
  const threats = await withRetry(() => client.threats.list(), {
    onRetry: (error, attempt, waitMs) =>
      console.warn(`Attempt ${attempt} failed (${String(error)}); retrying in ${waitMs} ms`),
  });
  console.log(`Listed ${threats.data.length} of ${threats.pagination.total} threats`);
}
