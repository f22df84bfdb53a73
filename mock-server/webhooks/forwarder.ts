/**
 * The local forwarder behind `cyberfortress-mock listen --forward-to <url>`: it subscribes to a
 * backend's domain events and delivers each (or each of the chosen webhook events) to one URL,
 * signed and retried exactly as a registered webhook's deliveries are, and reports every
 * attempt.
 */

import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { DomainEvent, DomainEvents } from '../domain/events.js';
import type { RetryPolicy, WebhookDelivery, WebhookEvent } from '../domain/wire.js';
import { DeliveryDispatcher, type AttemptReport, type DeliveryOptions } from './dispatcher.js';
import { toWebhookEvents } from './events.js';
import { WHSEC_PREFIX } from './signing.js';

export interface ForwarderOptions {
  events: DomainEvents;
  clock: Clock;
  /** Where every delivery goes (http or https). */
  url: string;
  /** Signing secret (a `whsec_` secret is base64, as for webhooks). */
  secret: string;
  /** Webhook events to forward. @default every event */
  only?: readonly WebhookEvent[];
  /** @default { max_attempts: 3, backoff_multiplier: 2 } */
  retryPolicy?: Required<RetryPolicy>;
  delivery?: DeliveryOptions;
  /** Called after every attempt. */
  onAttempt?(report: AttemptReport): void;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh `whsec_` secret: 24 random bytes, base64. */
export function generateSecret(): string {
  return `${WHSEC_PREFIX}${randomBytes(24).toString('base64')}`;
}

function deliveryId(): string {
  let body = '';
  for (let i = 0; i < 12; i++) body += ALNUM[randomInt(ALNUM.length)];
  return `whd_${body}`;
}

/**
 * One line for an attempt:
 * `threat.critical whd_3kq0x9a1b2c4 attempt 1: 200 (12 ms)`, or the error when there was no
 * answer, followed by `, retrying at …` or `, gave up` when that applies.
 */
export function formatAttempt({ delivery, attempt, final }: AttemptReport): string {
  const outcome =
    attempt.response_status !== null ? String(attempt.response_status) : (attempt.error ?? '');
  const after =
    delivery.status === 'retrying'
      ? `, retrying at ${delivery.next_attempt_at}`
      : final && delivery.status === 'failed'
        ? ', gave up'
        : '';
  return `${delivery.event} ${delivery.id} attempt ${attempt.attempt}: ${outcome} (${attempt.duration_ms} ms)${after}`;
}

/**
 * Forwards domain events to one URL until `stop()`.
 *
 * @example
 * const forwarder = new Forwarder({ events: backend.events, clock: backend.clock,
 *   url: 'http://localhost:3000/webhook', secret: generateSecret(),
 *   onAttempt: (report) => console.log(formatAttempt(report)) });
 */
export class Forwarder {
  readonly #dispatcher: DeliveryDispatcher;
  readonly #off: () => void;
  readonly #handled = new WeakSet<DomainEvent>();
  /** Deliveries so far, oldest first (the last thousand). */
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly options: ForwarderOptions) {
    this.#dispatcher = new DeliveryDispatcher(options.clock, options.delivery, {
      onAttempt: options.onAttempt,
    });
    this.#off = options.events.on((event) => this.#forward(event));
  }

  stop(): void {
    this.#off();
    this.#dispatcher.stop();
  }

  #forward(event: DomainEvent): void {
    if (this.#handled.has(event)) return;
    this.#handled.add(event);
    const { only, url, secret, clock } = this.options;
    const retryPolicy = this.options.retryPolicy ?? { max_attempts: 3, backoff_multiplier: 2 };

    for (const item of toWebhookEvents(event)) {
      if (only && !only.includes(item.event)) continue;
      const delivery: WebhookDelivery = {
        id: deliveryId(),
        webhook_id: 'forwarder',
        event: item.event,
        status: 'pending',
        attempts: [],
        next_attempt_at: null,
        created_at: clock.nowIso(),
      };
      this.deliveries.push(delivery);
      if (this.deliveries.length > 1000) this.deliveries.shift();
      const body = JSON.stringify({
        event: item.event,
        timestamp: item.timestamp,
        data: item.data,
      });
      void this.#dispatcher.deliver(delivery, body, () => ({ url, secret, retryPolicy }));
    }
  }
}
