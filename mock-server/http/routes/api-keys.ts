/** Routes of the API keys resource: create, list, revoke. */

import { ApiError } from '../errors.js';
import { QueryReader, noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { createApiKeyBody } from './schemas.js';

export const apiKeyRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/api-keys',
    operationId: 'createApiKey',
    scope: 'api_keys:write',
    body: createApiKeyBody,
    handle({ query, body, backend, principal }) {
      noQuery(query);

      // The route requires a scope, so the pipeline has authenticated; this guards the type.
      if (!principal) {
        throw new ApiError('UNAUTHORIZED', 'Authentication required');
      }

      return { status: 201, body: backend.credentials.createApiKey(principal, body) };
    },
  },
  {
    method: 'GET',
    path: '/api-keys',
    operationId: 'listApiKeys',
    scope: 'api_keys:read',
    handle({ query, backend }) {
      const q = new QueryReader(query);
      const page = q.pagination();
      q.finish();
      return { status: 200, body: backend.credentials.listApiKeys(page) };
    },
  },
  {
    method: 'DELETE',
    path: '/api-keys/{key_id}',
    operationId: 'revokeApiKey',
    scope: 'api_keys:write',
    handle({ query, params, backend }) {
      noQuery(query);
      return { status: 200, body: backend.credentials.revokeApiKey(params.key_id ?? '') };
    },
  },
];
