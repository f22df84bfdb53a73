/** Routes of the processes resource: quarantine. */

import { noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { quarantineBody } from './schemas.js';

export const processRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/processes/quarantine',
    operationId: 'quarantineProcess',
    scope: 'processes:write',
    body: quarantineBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 201, body: backend.processes.quarantine(body) };
    },
  },
];
