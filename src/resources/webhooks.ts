/**
 * The webhooks resource: subscriptions, their deliveries, and test sends.
 *
 * @see https://docs.cyberfortress.io/api/webhooks
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import { requestPage, type PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rCreateWebhookResponse,
  rDeleteWebhookResponse,
  rListWebhookDeliveriesResponse,
  rListWebhooksResponse,
  rTestWebhookResponse,
} from '../generated/shapes.gen.js';
import type {
  PageParams,
  Webhook,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookTestResult,
} from '../types.js';
// Type-only: verification loads on first use, so that an app that never verifies a delivery
// (a browser dashboard) does not carry it (see scripts/size.ts).
import type { ConstructEventParams, ParsedWebhookEvent } from '../webhooks/events.js';
import type { VerifyWebhookParams } from '../webhooks/verify.js';
import { APIResource } from './resource.js';

/**
 * Webhook subscriptions: CyberFortress posts signed events to your URL.
 *
 * @example
 * const webhook = await client.webhooks.create({ url: 'https://example.com/hook', events: ['threat.critical'], secret });
 * @see https://docs.cyberfortress.io/api/webhooks
 * @category Http
 */
export class Webhooks extends APIResource {
  /**
   * Subscribes a URL to events. The secret signs every delivery and is never returned (only
   * its last four characters, as `secretHint`).
   *
   * @example
   * await client.webhooks.create({
   *   url: 'https://your-server.com/webhook',
   *   events: ['threat.critical', 'threat.high'],
   *   secret: process.env.WEBHOOK_SECRET!,
   *   retryPolicy: { maxAttempts: 3, backoffMultiplier: 2 },
   * });
   * @see https://docs.cyberfortress.io/api/webhooks#create
   */
  create(params: WebhookCreateParams, options?: RequestOptions): APIPromise<Webhook> {
    return this.transport.request<Webhook>(
      { method: 'POST', path: '/webhooks', body: params, response: rCreateWebhookResponse },
      options,
    );
  }

  /**
   * Lists webhooks; await for a page or iterate with `for await`.
   *
   * @example
   * for await (const webhook of client.webhooks.list()) console.log(webhook.url);
   * @see https://docs.cyberfortress.io/api/webhooks#list
   */
  list(params?: PageParams, options?: RequestOptions): PagePromise<Webhook> {
    return requestPage<Webhook>(
      this.transport,
      { method: 'GET', path: '/webhooks', query: params, response: rListWebhooksResponse },
      options,
    );
  }

  /**
   * Deletes a webhook; returns it as it was.
   *
   * @example
   * await client.webhooks.delete('wh_0123456789ab');
   * @see https://docs.cyberfortress.io/api/webhooks#delete
   */
  delete(webhookId: string, options?: RequestOptions): APIPromise<Webhook> {
    return this.transport.request<Webhook>(
      {
        method: 'DELETE',
        path: '/webhooks/{webhook_id}',
        params: { webhook_id: webhookId },
        response: rDeleteWebhookResponse,
      },
      options,
    );
  }

  /**
   * Lists a webhook's deliveries with their attempts; await for a page or iterate.
   *
   * @example
   * const { data } = await client.webhooks.deliveries('wh_0123456789ab', { limit: 10 });
   * @see https://docs.cyberfortress.io/api/webhooks#deliveries
   */
  deliveries(
    webhookId: string,
    params?: PageParams,
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return requestPage<WebhookDelivery>(
      this.transport,
      {
        method: 'GET',
        path: '/webhooks/{webhook_id}/deliveries',
        params: { webhook_id: webhookId },
        query: params,
        response: rListWebhookDeliveriesResponse,
      },
      options,
    );
  }

  /**
   * Queues a `webhook.test` delivery to the webhook's URL.
   *
   * @example
   * const { deliveryId } = await client.webhooks.test('wh_0123456789ab');
   * @see https://docs.cyberfortress.io/api/webhooks#test
   */
  test(webhookId: string, options?: RequestOptions): APIPromise<WebhookTestResult> {
    return this.transport.request<WebhookTestResult>(
      {
        method: 'POST',
        path: '/webhooks/{webhook_id}/test',
        params: { webhook_id: webhookId },
        response: rTestWebhookResponse,
      },
      options,
    );
  }

  /**
   * Verifies a delivery's signature on its raw body and resolves to the body as text; rejects
   * with a `WebhookVerificationError` subclass otherwise. The same as `verifyWebhook` from
   * `@cyberfortress/sdk/webhooks`, which needs no client.
   *
   * @example
   * const body = await client.webhooks.verify({ payload: req.body, headers: req.headers, secret });
   * @see https://docs.cyberfortress.io/webhooks#verify
   */
  verify(params: VerifyWebhookParams): Promise<string> {
    return import('../webhooks/verify.js').then(({ verifyWebhook }) => verifyWebhook(params));
  }

  /**
   * Verifies a delivery, then parses it into a typed, camelCased event (`known: false` for
   * events this SDK does not know). The same as `constructEvent` from
   * `@cyberfortress/sdk/webhooks`.
   *
   * @example
   * const event = await client.webhooks.constructEvent({ payload: await request.text(), headers: request.headers, secret });
   * if (event.known && event.event === 'threat.critical') console.log(event.data.ipAddress);
   * @see https://docs.cyberfortress.io/webhooks#events
   */
  constructEvent(params: ConstructEventParams): Promise<ParsedWebhookEvent> {
    return import('../webhooks/events.js').then(({ constructEvent }) => constructEvent(params));
  }
}
