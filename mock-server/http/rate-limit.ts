/**
 * Rate limiting as the brief's model pins it: a token bucket per credential holder (capacity =
 * burst, refilled at the per-second rate) plus an hourly quota in fixed clock hours, all on the
 * backend's clock so tests can freeze and advance time instead of sleeping.
 */

import type { PlanLimits } from './plans.js';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;

interface Bucket {
  tokens: number;
  /** Mock-clock time of the last refill. */
  refilledAt: number;
  /** Index of the one-second window `secondCount` belongs to (`floor(now / 1000)`). */
  second: number;
  secondCount: number;
  /** Index of the clock hour `hourCount` belongs to. */
  hour: number;
  hourCount: number;
}

/** A refusal's figures, ready for the 429 envelope. */
export interface RateLimitRefusal {
  /** Whole seconds until a request can succeed; at least 1. */
  retryAfter: number;
  /** The per-second figure, or the hourly one when the quota ran out. */
  limit: number;
  /** When that is, as a mock-clock time in ms. */
  resetAt: number;
}

export interface RateLimitDecision {
  /** `X-RateLimit-*` headers; empty on an unlimited plan. */
  headers: Record<string, string>;
  refusal: RateLimitRefusal | undefined;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export class RateLimiter {
  readonly #limits: PlanLimits | null;
  readonly #now: () => number;
  #buckets = new Map<string, Bucket>();

  constructor(limits: PlanLimits | null, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Spends one request for `key`, or refuses it without spending anything. */
  take(key: string): RateLimitDecision {
    const limits = this.#limits;
    if (!limits) return { headers: NO_HEADERS, refusal: undefined };

    const now = this.#now();
    const bucket = this.#bucket(key, limits, now);
    const refusal = this.#refusal(bucket, limits, now);
    if (!refusal) {
      bucket.tokens -= 1;
      bucket.secondCount += 1;
      bucket.hourCount += 1;
    }

    return { headers: this.#headers(bucket, limits), refusal };
  }

  /**
   * The headers for `key` without spending anything, for responses refused before the limiter
   * runs (401, 404): the spec promises the headers on every response of a limited plan.
   */
  peek(key: string): Record<string, string> {
    const limits = this.#limits;
    if (!limits) return NO_HEADERS;
    return this.#headers(this.#bucket(key, limits, this.#now()), limits);
  }

  reset(): void {
    this.#buckets = new Map();
  }

  #bucket(key: string, limits: PlanLimits, now: number): Bucket {
    const second = Math.floor(now / SECOND_MS);
    const hour = Math.floor(now / HOUR_MS);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = {
        tokens: limits.burst,
        refilledAt: now,
        second,
        secondCount: 0,
        hour,
        hourCount: 0,
      };

      this.#buckets.set(key, bucket);
      return bucket;
    }

    // A clock set backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - bucket.refilledAt);
    bucket.tokens = Math.min(
      limits.burst,
      bucket.tokens + (elapsed * limits.perSecond) / SECOND_MS,
    );
    bucket.refilledAt = now;
    if (bucket.second !== second) {
      bucket.second = second;
      bucket.secondCount = 0;
    }

    if (bucket.hour !== hour) {
      bucket.hour = hour;
      bucket.hourCount = 0;
    }

    return bucket;
  }

  #refusal(bucket: Bucket, limits: PlanLimits, now: number): RateLimitRefusal | undefined {
    if (bucket.hourCount >= limits.perHour) {
      const resetAt = (bucket.hour + 1) * HOUR_MS;
      return { retryAfter: wholeSeconds(resetAt - now), limit: limits.perHour, resetAt };
    }

    if (bucket.tokens >= 1) return undefined;

    const waitMs = ((1 - bucket.tokens) * SECOND_MS) / limits.perSecond;
    const retryAfter = wholeSeconds(waitMs);
    return { retryAfter, limit: limits.perSecond, resetAt: now + retryAfter * SECOND_MS };
  }

  #headers(bucket: Bucket, limits: PlanLimits): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(limits.perSecond),
      'X-RateLimit-Remaining': String(Math.max(0, limits.perSecond - bucket.secondCount)),
      'X-RateLimit-Reset': String(bucket.second + 1),
      'X-RateLimit-Burst-Limit': String(limits.burst),
      'X-RateLimit-Burst-Remaining': String(Math.max(0, Math.floor(bucket.tokens))),
    };
  }
}

function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / SECOND_MS));
}
