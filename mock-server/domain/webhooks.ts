/**
 * Webhook subscriptions and their deliveries. A test delivery is a real signed HTTP POST to
 * the subscriber's URL, recorded with its outcome.
 *
 * @fixme Only test deliveries are sent so far, with one attempt each: event deliveries driven
 * by the domain's event bus, retries per each webhook's retry_policy and the Standard Webhooks
 * headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`) arrive with the webhook
 * dispatcher. Until then a subscriber receives nothing but what `POST /webhooks/{id}/test` sends.
 */

import { createHmac } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { newId, type DomainContext } from './context.js';
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

/** Every event a webhook can subscribe to, from the generated schema. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = zWebhookEvent.options;
const TIMEOUT_MS = 5000;

interface WebhookRecord {
  webhook: Webhook;
  secret: string;
  deliveries: WebhookDelivery[];
}

/**
 * The signature header value for a raw body: `sha256=` + hex HMAC-SHA256 keyed by the secret.
 *
 * @example
 * signPayload('your_webhook_secret', '{"event":"webhook.test"}'); // 'sha256=…'
 */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The `webhooks` part of the backend. */
export class Webhooks {
  readonly #records = new Map<string, WebhookRecord>();
  readonly #deliveryIds = new Set<string>();

  constructor(private readonly context: DomainContext) {}

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
    return structuredClone(record.webhook);
  }

  /** A webhook's deliveries, newest first. @throws ApiError NOT_FOUND */
  deliveries(id: string, query: { limit?: number; offset?: number } = {}): DeliveryList {
    const record = this.#require(id);
    return page([...record.deliveries].reverse(), query.limit ?? 20, query.offset ?? 0);
  }

  /**
   * Sends a signed `webhook.test` payload to the webhook's URL now and records the attempt.
   *
   * @throws ApiError NOT_FOUND (before anything is sent)
   */
  async test(id: string): Promise<WebhookTestResult> {
    const record = this.#require(id);
    const { clock, random } = this.context;
    const createdAt = clock.nowIso();
    const delivery: WebhookDelivery = {
      id: newId(random, 'whd', 12, 'alnum', (taken) => this.#deliveryIds.has(taken)),
      webhook_id: id,
      event: 'webhook.test',
      status: 'pending',
      attempts: [],
      next_attempt_at: null,
      created_at: createdAt,
    };
    this.#deliveryIds.add(delivery.id);
    record.deliveries.push(delivery);
    const body = JSON.stringify({
      event: 'webhook.test',
      timestamp: createdAt,
      data: {
        webhook_id: id,
        delivery_id: delivery.id,
        message: 'Test delivery from CyberFortress',
      },
    });
    const started = performance.now();
    let responseStatus: number | null = null;
    let error: string | null = null;

    try {
      const response = await fetch(record.webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CyberFortress-Signature': signPayload(record.secret, body),
          'User-Agent': 'CyberFortress-Webhooks/1.0',
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      responseStatus = response.status;
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
    } catch (cause) {
      const name = (cause as { name?: string }).name;
      error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `No response within ${TIMEOUT_MS} ms`
          : `Connection failed: ${(cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message}`;
    }

    delivery.attempts.push({
      attempt: 1,
      started_at: createdAt,
      duration_ms: Math.round(performance.now() - started),
      response_status: responseStatus,
      error,
    });
    delivery.status =
      responseStatus !== null && responseStatus >= 200 && responseStatus < 300
        ? 'succeeded'
        : 'failed';

    if (error === null && delivery.status === 'failed') {
      delivery.attempts[0]!.error = `Receiver answered ${responseStatus}`;
    }

    return { delivery_id: delivery.id, status: delivery.status };
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
