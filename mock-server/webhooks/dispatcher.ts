/**
 * Sends webhook deliveries: one signed HTTP POST per attempt, retried on failure per the
 * webhook's retry policy with exponential backoff and jitter, every attempt recorded on the
 * delivery. Retries run on real timers (unref'd, so they never hold a process open) and stop
 * with `stop()`.
 *
 * A failure is a non-2xx answer (redirects are not followed), no answer within the timeout, or
 * a connection that could not be made. A receiver answering 410 Gone ends the delivery at once
 * and is reported through `onGone`, so that its webhook can be disabled.
 */

import type { Clock } from '../domain/clock.js';
import { toIso } from '../domain/clock.js';
import type { RetryPolicy, WebhookDelivery } from '../domain/wire.js';
import { signedHeaders } from './signing.js';

/** Timing of deliveries; tests shrink the delays. */
export interface DeliveryOptions {
  /** Wait after the first failed attempt; each later wait is multiplied by the webhook's `backoff_multiplier`. @default 1000 */
  retryBaseMs?: number;
  /** Random spread of each wait as a fraction of it (0.2 = ±20 %). @default 0.2 */
  jitter?: number;
  /** How long one attempt may take before it counts as failed. @default 5000 */
  timeoutMs?: number;
  /** Upper bound of any one wait. @default 3_600_000 (an hour) */
  maxDelayMs?: number;
}

export const DEFAULT_DELIVERY_OPTIONS: Required<DeliveryOptions> = {
  retryBaseMs: 1000,
  jitter: 0.2,
  timeoutMs: 5000,
  maxDelayMs: 3_600_000,
};

/** Where and how a delivery goes, read afresh before every attempt. */
export interface DeliveryTarget {
  url: string;
  secret: string;
  retryPolicy: Required<RetryPolicy>;
  /** False when the webhook was disabled since; the delivery then stops. @default true */
  enabled?: boolean;
}

type Attempt = WebhookDelivery['attempts'][number];

/** What `onAttempt` hears after each attempt. */
export interface AttemptReport {
  delivery: WebhookDelivery;
  attempt: Attempt;
  /** No further attempt will be made. */
  final: boolean;
}

export interface DispatcherHooks {
  /** After every attempt, once the delivery has been updated. */
  onAttempt?(report: AttemptReport): void;
  /** A receiver answered 410 Gone. */
  onGone?(delivery: WebhookDelivery): void;
}

interface Job {
  delivery: WebhookDelivery;
  body: string;
  /** Undefined when the target no longer exists (a deleted webhook). */
  target: () => DeliveryTarget | undefined;
  timer?: NodeJS.Timeout;
}

/**
 * The wait after failed attempt `attempt` (1-based): base × multiplier^(attempt-1), spread by
 * ± jitter, capped.
 */
export function retryDelay(
  attempt: number,
  multiplier: number,
  options: Required<DeliveryOptions>,
  random: () => number = Math.random,
): number {
  const nominal = options.retryBaseMs * multiplier ** (attempt - 1);
  const spread = 1 + options.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(options.maxDelayMs, Math.round(nominal * spread)));
}

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}

export class DeliveryDispatcher {
  readonly #jobs = new Set<Job>();
  readonly #abort = new AbortController();
  #options: Required<DeliveryOptions>;

  constructor(
    private readonly clock: Clock,
    options: DeliveryOptions = {},
    private readonly hooks: DispatcherHooks = {},
  ) {
    this.#options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
  }

  /** Changes the timing of attempts from now on. */
  configure(options: DeliveryOptions): void {
    this.#options = { ...this.#options, ...options };
  }

  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /**
   * Starts a delivery: the first attempt goes out now, retries follow on timers.
   *
   * @param delivery the record to update in place (status, attempts, next_attempt_at)
   * @param body the exact bytes every attempt sends and signs
   * @returns a promise settled once the first attempt has been recorded (it never rejects)
   */
  deliver(
    delivery: WebhookDelivery,
    body: string,
    target: () => DeliveryTarget | undefined,
  ): Promise<void> {
    const job: Job = { delivery, body, target };
    delivery.status = 'pending';
    delivery.next_attempt_at = delivery.created_at;
    this.#jobs.add(job);
    return this.#run(job);
  }

  /** Ends the retries of the deliveries matching `which`, marking those still open as failed. */
  cancel(which: (delivery: WebhookDelivery) => boolean): void {
    for (const job of this.#jobs) {
      if (which(job.delivery)) this.#finish(job, 'failed');
    }
  }

  /** Stops every timer and in-flight request; nothing is sent or recorded afterwards. */
  stop(): void {
    this.#abort.abort();
    for (const job of this.#jobs) clearTimeout(job.timer);
    this.#jobs.clear();
  }

  #finish(job: Job, status: 'succeeded' | 'failed'): void {
    clearTimeout(job.timer);
    job.delivery.status = status;
    job.delivery.next_attempt_at = null;
    this.#jobs.delete(job);
  }

  /** One attempt; a failing hook never becomes an unhandled rejection. */
  #run(job: Job): Promise<void> {
    return this.#attempt(job).catch(() => undefined);
  }

  async #attempt(job: Job): Promise<void> {
    if (this.stopped || !this.#jobs.has(job)) return;
    const { delivery, body } = job;
    const target = job.target();

    if (!target || target.enabled === false) {
      this.#finish(job, 'failed');
      return;
    }

    const number = delivery.attempts.length + 1;
    const startedAt = this.clock.nowIso();
    const started = performance.now();
    const { timeoutMs } = this.#options;
    let responseStatus: number | null = null;
    let error: string | null = null;

    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          ...signedHeaders({
            secret: target.secret,
            id: delivery.id,
            timestamp: Math.floor(Date.now() / 1000),
            body,
          }),
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.#abort.signal]),
        redirect: 'manual',
      });
      responseStatus = response.status;
      // Drain the body so that the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (!isSuccess(responseStatus)) error = `Receiver answered ${responseStatus}`;
    } catch (cause) {
      const name = (cause as { name?: string }).name;
      const code = (cause as { cause?: { code?: string } }).cause?.code;
      error =
        name === 'TimeoutError'
          ? `No response within ${timeoutMs} ms`
          : name === 'AbortError'
            ? 'Delivery stopped'
            : `Connection failed: ${code ?? (cause as Error).message}`;
    }

    // Stopped (a reset, a close) or cancelled while the request was out: record nothing more.
    if (this.stopped || !this.#jobs.has(job)) return;

    const attempt: Attempt = {
      attempt: number,
      started_at: startedAt,
      duration_ms: Math.max(0, Math.round(performance.now() - started)),
      response_status: responseStatus,
      error,
    };
    delivery.attempts.push(attempt);
    let final = true;

    if (isSuccess(responseStatus)) {
      this.#finish(job, 'succeeded');
    } else if (responseStatus === 410) {
      this.#finish(job, 'failed');
      this.hooks.onGone?.(delivery);
    } else if (number >= target.retryPolicy.max_attempts) {
      this.#finish(job, 'failed');
    } else {
      final = false;
      const wait = retryDelay(number, target.retryPolicy.backoff_multiplier, this.#options);
      delivery.status = 'retrying';
      delivery.next_attempt_at = toIso(this.clock.now() + wait);
      job.timer = setTimeout(() => void this.#run(job), wait);
      job.timer.unref();
    }

    this.hooks.onAttempt?.({ delivery, attempt, final });
  }
}
