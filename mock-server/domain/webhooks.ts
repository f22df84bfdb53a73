/**
 * Webhook subscriptions and their deliveries. Domain events (a detected threat, a status
 * change, a risky wallet, …) become webhook events (mock-server/webhooks/events.ts); each
 * enabled webhook subscribed to one gets a delivery: a real signed HTTP POST of
 * `{ event, timestamp, data }`, retried per its retry_policy, every attempt recorded.
 * `POST /webhooks/{id}/test` sends a `webhook.test` event the same way. A receiver answering
 * 410 Gone disables its webhook.
 */

import { ApiError } from '../http/errors.js';
import { newId, type DomainContext } from './context.js';
import type { DomainEvent } from './events.js';
import {
  isInteger,
  isNumberIn,
  isRecord,
  isStringOf,
  Problems,
  refuseUnknown,
} from './validation.js';
import type {
  DeliveryList,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
  WebhookList,
  WebhookTestResult,
} from './wire.js';
import { zWebhookEvent } from '../../src/generated/zod.gen.js';
import { DeliveryDispatcher, type DeliveryOptions } from '../webhooks/dispatcher.js';
import { toWebhookEvents, type OutgoingEvent } from '../webhooks/events.js';
import { referenceSignature } from '../webhooks/signing.js';

export type { DeliveryOptions } from '../webhooks/dispatcher.js';

/** Every event a webhook can subscribe to, from the generated schema. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = zWebhookEvent.options;
/** How long `test()` waits for the first attempt before answering with the status so far. */
const TEST_WAIT_MS = 1000;
/** Deliveries kept per webhook; the oldest are forgotten beyond this. */
const MAX_DELIVERIES = 1000;

interface WebhookRecord {
  webhook: Webhook;
  secret: string;
  deliveries: WebhookDelivery[];
}

/**
 * The reference's signature header value for a raw body: `sha256=` + hex HMAC-SHA256 keyed by
 * the secret's UTF-8 bytes.
 *
 * @example
 * signPayload('your_webhook_secret', '{"event":"webhook.test"}'); // 'sha256=…'
 */
export function signPayload(secret: string, body: string): string {
  return referenceSignature(secret, body);
}

/** The `webhooks` part of the backend. */
export class Webhooks {
  readonly #records = new Map<string, WebhookRecord>();
  readonly #deliveryIds = new Set<string>();
  readonly #dispatcher: DeliveryDispatcher;
  /** Domain events already turned into deliveries, so that none is delivered twice. */
  readonly #handled = new WeakSet<DomainEvent>();
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly context: DomainContext,
    options: DeliveryOptions = {},
  ) {
    this.#dispatcher = new DeliveryDispatcher(context.clock, options, {
      onGone: (delivery) => this.#disable(delivery.webhook_id),
    });
  }

  /** Changes the timing of deliveries (retry base delay, jitter, timeout) from now on. */
  configure(options: DeliveryOptions): void {
    this.#dispatcher.configure(options);
  }

  /** Stops listening to the domain and every pending retry; nothing is sent afterwards. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#dispatcher.stop();
  }

  /** @throws ApiError INVALID_REQUEST naming each wrong field */
  create(input: unknown): Webhook {
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, ['url', 'events', 'secret', 'retry_policy', 'description']);

    if (!isHttpUrl(body.url)) {
      problems.add('url', 'Must be an absolute http or https URL');
    }

    if (!Array.isArray(body.events) || body.events.length === 0) {
      problems.add('events', 'Must be a non-empty array of event names');
    } else {
      body.events.forEach((event: unknown, index: number) => {
        if (!WEBHOOK_EVENTS.includes(event as WebhookEvent)) {
          problems.add(`events[${index}]`, `Must be one of ${WEBHOOK_EVENTS.join(', ')}`);
        }
      });
    }

    if (!isStringOf(body.secret, 16, 256)) {
      problems.add('secret', 'Must be a string of 16 to 256 characters');
    }

    const policy = isRecord(body.retry_policy) ? body.retry_policy : {};

    if (body.retry_policy !== undefined && !isRecord(body.retry_policy)) {
      problems.add('retry_policy', 'Must be an object');
    }

    refuseUnknown(problems, policy, ['max_attempts', 'backoff_multiplier'], 'retry_policy.');

    if (policy.max_attempts !== undefined && !isInteger(policy.max_attempts, 1, 10)) {
      problems.add('retry_policy.max_attempts', 'Must be an integer from 1 to 10');
    }

    if (policy.backoff_multiplier !== undefined && !isNumberIn(policy.backoff_multiplier, 1, 10)) {
      problems.add('retry_policy.backoff_multiplier', 'Must be a number from 1 to 10');
    }

    if (body.description !== undefined && !isStringOf(body.description, 0, 500)) {
      problems.add('description', 'Must be a string of at most 500 characters');
    }

    problems.throwIfAny('The request body is invalid');
    const secret = body.secret as string;
    const retryPolicy: Webhook['retry_policy'] = {
      max_attempts: (policy.max_attempts as number | undefined) ?? 3,
      backoff_multiplier: (policy.backoff_multiplier as number | undefined) ?? 2,
    };
    const webhook: Webhook = {
      id: newId(this.context.random, 'wh', 12, 'alnum', (id) => this.#records.has(id)),
      url: body.url as string,
      events: [...new Set(body.events as WebhookEvent[])],
      retry_policy: retryPolicy,
      status: 'enabled',
      description: (body.description as string | undefined) ?? null,
      created_at: this.context.clock.nowIso(),
      secret_hint: secret.slice(-4),
    };
    this.#records.set(webhook.id, { webhook, secret, deliveries: [] });
    this.#listen();
    return structuredClone(webhook);
  }

  /** Webhooks, newest first. */
  list(query: { limit?: number; offset?: number } = {}): WebhookList {
    const all = [...this.#records.values()].reverse().map((record) => record.webhook);
    return page(all, query.limit ?? 20, query.offset ?? 0);
  }

  /** Deletes a webhook and returns it as it was. @throws ApiError NOT_FOUND */
  delete(id: string): Webhook {
    const record = this.#require(id);
    this.#records.delete(id);
    this.#dispatcher.cancel((delivery) => delivery.webhook_id === id);

    if (this.#records.size === 0) {
      // With nobody listening, the domain skips building events.
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    }

    return structuredClone(record.webhook);
  }

  /** A webhook's deliveries, newest first. @throws ApiError NOT_FOUND */
  deliveries(id: string, query: { limit?: number; offset?: number } = {}): DeliveryList {
    const record = this.#require(id);
    return page([...record.deliveries].reverse(), query.limit ?? 20, query.offset ?? 0);
  }

  /**
   * Sends a signed `webhook.test` event to the webhook's URL through the same path as every
   * delivery (retries included) and answers with its status after the first attempt, or after
   * a second if the receiver is slower (then `pending`). A disabled webhook is sent it too: it
   * is how a receiver is checked before the webhook is registered again.
   *
   * @throws ApiError NOT_FOUND (before anything is sent)
   */
  async test(id: string): Promise<WebhookTestResult> {
    const record = this.#require(id);
    const createdAt = this.context.clock.nowIso();
    const deliveryId = this.#newDeliveryId();
    const first = this.#send(
      record,
      {
        event: 'webhook.test',
        timestamp: createdAt,
        data: {
          webhook_id: id,
          delivery_id: deliveryId,
          message: 'Test delivery from CyberFortress',
        },
      },
      deliveryId,
      true,
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      first.done,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, TEST_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    return { delivery_id: deliveryId, status: first.delivery.status };
  }

  /** Turns one domain event into deliveries to every enabled webhook subscribed to it. */
  #onDomainEvent(event: DomainEvent): void {
    if (this.#handled.has(event)) return;
    this.#handled.add(event);
    const outgoing = toWebhookEvents(event);
    if (outgoing.length === 0) return;

    for (const record of this.#records.values()) {
      if (record.webhook.status !== 'enabled') continue;

      for (const item of outgoing) {
        if (record.webhook.events.includes(item.event)) {
          this.#send(record, item, this.#newDeliveryId(), false);
        }
      }
    }
  }

  /** Records a delivery of `item` to `record` and starts its first attempt. */
  #send(
    record: WebhookRecord,
    item: OutgoingEvent,
    deliveryId: string,
    evenIfDisabled: boolean,
  ): { delivery: WebhookDelivery; done: Promise<void> } {
    const webhookId = record.webhook.id;
    const delivery: WebhookDelivery = {
      id: deliveryId,
      webhook_id: webhookId,
      event: item.event,
      status: 'pending',
      attempts: [],
      next_attempt_at: null,
      created_at: this.context.clock.nowIso(),
    };
    record.deliveries.push(delivery);

    if (record.deliveries.length > MAX_DELIVERIES) {
      // Forgotten from the log only: its id stays taken, so that no later delivery reuses it.
      record.deliveries.splice(0, record.deliveries.length - MAX_DELIVERIES);
    }

    const body = JSON.stringify({ event: item.event, timestamp: item.timestamp, data: item.data });
    const done = this.#dispatcher.deliver(delivery, body, () => {
      const current = this.#records.get(webhookId);
      if (!current) return undefined;
      return {
        url: current.webhook.url,
        secret: current.secret,
        retryPolicy: current.webhook.retry_policy,
        enabled: evenIfDisabled || current.webhook.status === 'enabled',
      };
    });
    return { delivery, done };
  }

  /** A receiver answered 410 Gone: no more deliveries to this webhook, retries included. */
  #disable(webhookId: string): void {
    const record = this.#records.get(webhookId);
    if (!record) return;
    record.webhook.status = 'disabled';
    this.#dispatcher.cancel((delivery) => delivery.webhook_id === webhookId);
  }

  #listen(): void {
    this.#unsubscribe ??= this.context.events.on((event) => this.#onDomainEvent(event));
  }

  #newDeliveryId(): string {
    const id = newId(this.context.random, 'whd', 12, 'alnum', (taken) =>
      this.#deliveryIds.has(taken),
    );
    this.#deliveryIds.add(id);
    return id;
  }

  #require(id: string): WebhookRecord {
    const record = this.#records.get(id);

    if (!record) {
      throw ApiError.notFound('webhook', id);
    }

    return record;
  }
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) {
    return false;
  }

  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function page<T>(
  all: readonly T[],
  limit: number,
  offset: number,
): { data: T[]; pagination: { total: number; limit: number; offset: number; has_more: boolean } } {
  const data = structuredClone(all.slice(offset, offset + limit));
  return {
    data,
    pagination: { total: all.length, limit, offset, has_more: offset + data.length < all.length },
  };
}
