/**
 * Rate limits, seen and avoided. `parseRateLimit` turns a response's `X-RateLimit-*` headers
 * into a typed snapshot; `ClientRateLimiter` runs the API's own model on the client (a token
 * bucket holding `burst` tokens refilled at `perSecond`, plus an hourly quota) and queues
 * requests in order until they may go, so that a script stays under its plan instead of
 * collecting 429s.
 *
 * @see https://docs.cyberfortress.io/sdks/node#rate-limits
 * @module
 */

import type { RateLimitFigures } from './options.js';

/**
 * The rate-limit state the API reported with a response.
 *
 * @example
 * const { rateLimit } = await client.threats.list().withResponse();
 * if (rateLimit && rateLimit.burstRemaining < 10) await slowDown();
 * @see https://docs.cyberfortress.io/sdks/node#rate-limits
 * @category Http
 */
export interface RateLimitSnapshot {
  /** The plan's sustained rate, requests per second (`X-RateLimit-Limit`). */
  limit: number;
  /** Requests left in the current one-second window (`X-RateLimit-Remaining`). */
  remaining: number;
  /** When that window ends, as Unix epoch seconds (`X-RateLimit-Reset`); `new Date(reset * 1000)` for a Date. */
  reset: number;
  /** The bucket's capacity (`X-RateLimit-Burst-Limit`). */
  burstLimit: number;
  /** Whole tokens left in the bucket after this request (`X-RateLimit-Burst-Remaining`). */
  burstRemaining: number;
}

/**
 * The snapshot in `headers`, or `undefined` when they carry none (an unlimited plan, a proxy's
 * error page).
 *
 * @example
 * parseRateLimit(response.headers)?.remaining;
 * @internal
 */
export function parseRateLimit(headers: Headers): RateLimitSnapshot | undefined {
  const limit = headers.get('x-ratelimit-limit');
  if (limit === null) return undefined;
  return {
    limit: Number(limit),
    remaining: Number(headers.get('x-ratelimit-remaining') ?? Number.NaN),
    reset: Number(headers.get('x-ratelimit-reset') ?? Number.NaN),
    burstLimit: Number(headers.get('x-ratelimit-burst-limit') ?? Number.NaN),
    burstRemaining: Number(headers.get('x-ratelimit-burst-remaining') ?? Number.NaN),
  };
}

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;

/**
 * How much network jitter the limiter absorbs: the API counts a request when it arrives, the
 * limiter when it leaves, and two requests sent 20 ms apart may arrive 15 ms apart. Holding
 * back this many milliseconds' worth of tokens keeps the API's bucket a little fuller than ours.
 */
const JITTER_ALLOWANCE_MS = 25;

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A client-side token bucket with an hourly quota and a FIFO queue of waiting requests.
 *
 * @example
 * const limiter = new ClientRateLimiter({ perSecond: 50, perHour: 50_000, burst: 200 });
 * await limiter.acquire(signal); // resolves when the request may go
 * limiter.settle(parseRateLimit(response.headers)); // once its answer is in
 * @internal
 */
export class ClientRateLimiter {
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #perHour: number;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;
  /** Send times within the last hour, oldest first, from `#hourStart` on. */
  #sent: number[] = [];
  #hourStart = 0;
  /** No request leaves before this time: set when the API answered 429. */
  #pausedUntil = 0;
  /** Requests let go whose answer has not come back yet. */
  #inflight = 0;
  #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(figures: RateLimitFigures, now: () => number = Date.now) {
    const reserve = Math.max(1, Math.ceil((figures.perSecond * JITTER_ALLOWANCE_MS) / SECOND_MS));
    this.#perMs = figures.perSecond / SECOND_MS;
    this.#capacity = Math.max(1, figures.burst - reserve);
    this.#perHour = figures.perHour;
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#refilledAt = now();
  }

  /** Requests waiting for a token. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Takes a token for one request. Returns `undefined` when the request may go at once (the
   * common case, with no promise to allocate), or a promise that resolves when its turn comes
   * and rejects with the signal's reason if the signal fires while it waits.
   */
  acquire(signal?: AbortSignal): Promise<void> | undefined {
    if (this.#queue.length === 0 && this.#waitMs() === 0) {
      this.#take();
      return undefined;
    }

    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.#cancel(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }

      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /**
   * Holds every request back for `ms`, after the API answered 429 with `Retry-After`: the API's
   * bucket is emptier than ours, so ours is emptied too.
   */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
    this.#tokens = 0;
    this.#refilledAt = this.#now();
    if (this.#queue.length > 0) this.#schedule();
  }

  /**
   * Reports that a request let go by `acquire` got its answer (or failed without one), with the
   * rate-limit snapshot of that answer. The API's `burstRemaining` is the truth about its bucket
   * when it counted that request; requests still in flight may have been counted since, so
   * ours is lowered to that figure minus those. This corrects for what the send-time model
   * cannot see: requests that queued in the network and reached the API all at once.
   */
  settle(snapshot: RateLimitSnapshot | undefined): void {
    this.#inflight = Math.max(0, this.#inflight - 1);
    const remaining = snapshot?.burstRemaining;
    if (remaining === undefined || Number.isNaN(remaining)) return;
    this.#waitMs();
    this.#tokens = Math.min(this.#tokens, remaining - this.#inflight);
  }

  /** Milliseconds until the next request may go, refilling the bucket first. */
  #waitMs(): number {
    const now = this.#now();
    const paused = this.#pausedUntil - now;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#refilledAt) * this.#perMs);
    this.#refilledAt = now;
    const forToken = this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#perMs;
    return Math.max(0, paused, forToken, this.#hourWaitMs(now));
  }

  /** A sliding hour: at most `perHour` in any 60 minutes also keeps any clock hour under it. */
  #hourWaitMs(now: number): number {
    while (
      this.#hourStart < this.#sent.length &&
      (this.#sent[this.#hourStart] as number) <= now - HOUR_MS
    ) {
      this.#hourStart += 1;
    }

    // Drop the spent prefix now and then rather than shifting the array on every request.
    if (this.#hourStart > 1024 && this.#hourStart * 2 > this.#sent.length) {
      this.#sent = this.#sent.slice(this.#hourStart);
      this.#hourStart = 0;
    }

    const inHour = this.#sent.length - this.#hourStart;
    if (inHour < this.#perHour) return 0;
    return (this.#sent[this.#hourStart] as number) + HOUR_MS - now;
  }

  #take(): void {
    this.#tokens -= 1;
    this.#inflight += 1;
    this.#sent.push(this.#now());
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#drain();
  }

  /** Lets the head of the queue go while tokens last, then sleeps until the next one. */
  #drain(): void {
    while (this.#queue.length > 0) {
      const wait = this.#waitMs();
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#drain();
        }, Math.ceil(wait));
        return;
      }

      const waiter = this.#queue.shift() as Waiter;
      this.#take();
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
  }

  #cancel(waiter: Waiter): void {
    const index = this.#queue.indexOf(waiter);
    if (index === -1) return;
    this.#queue.splice(index, 1);
    waiter.reject(waiter.signal?.reason);
    if (index === 0) this.#schedule();
  }
}
