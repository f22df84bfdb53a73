/** Routes of the network resource: block, list blocks, unblock. */

import { BLOCK_STATUSES, BLOCK_TARGET_TYPES } from '../../domain/network.js';
import { QueryReader, noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { blockBody } from './schemas.js';

export const networkRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/network/block',
    operationId: 'blockTargets',
    scope: 'network:write',
    body: blockBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 201, body: backend.network.block(body) };
    },
  },
  {
    method: 'GET',
    path: '/network/blocks',
    operationId: 'listBlocks',
    scope: 'network:read',
    handle({ query, backend }) {
      const q = new QueryReader(query);
      const status = q.enum('status', BLOCK_STATUSES, 'active');
      const type = q.enum('type', BLOCK_TARGET_TYPES);
      const { limit, offset } = q.pagination();
      q.finish();
      return { status: 200, body: backend.network.list({ status, type, limit, offset }) };
    },
  },
  {
    method: 'DELETE',
    path: '/network/blocks/{block_id}',
    operationId: 'unblock',
    scope: 'network:write',
    handle({ query, params, backend }) {
      noQuery(query);
      return { status: 200, body: backend.network.unblock(params.block_id ?? '') };
    },
  },
];
