/** Routes of the webhooks resource: subscriptions, deliveries and test sends. */

import { QueryReader, noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { createWebhookBody } from './schemas.js';

export const webhookRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/webhooks',
    operationId: 'createWebhook',
    scope: 'webhooks:write',
    body: createWebhookBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 201, body: backend.webhooks.create(body) };
    },
  },
  {
    method: 'GET',
    path: '/webhooks',
    operationId: 'listWebhooks',
    scope: 'webhooks:read',
    handle({ query, backend }) {
      const q = new QueryReader(query);
      const page = q.pagination();
      q.finish();
      return { status: 200, body: backend.webhooks.list(page) };
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{webhook_id}',
    operationId: 'deleteWebhook',
    scope: 'webhooks:write',
    handle({ query, params, backend }) {
      noQuery(query);
      return { status: 200, body: backend.webhooks.delete(params.webhook_id ?? '') };
    },
  },
  {
    method: 'GET',
    path: '/webhooks/{webhook_id}/deliveries',
    operationId: 'listWebhookDeliveries',
    scope: 'webhooks:read',
    handle({ query, params, backend }) {
      const q = new QueryReader(query);
      const page = q.pagination();
      q.finish();
      return { status: 200, body: backend.webhooks.deliveries(params.webhook_id ?? '', page) };
    },
  },
  {
    method: 'POST',
    path: '/webhooks/{webhook_id}/test',
    operationId: 'testWebhook',
    scope: 'webhooks:write',
    accepts: 'none',
    async handle({ query, params, backend }) {
      noQuery(query);
      return { status: 202, body: await backend.webhooks.test(params.webhook_id ?? '') };
    },
  },
];
