/** Routes of the monitoring resource: status and mode. */

import { noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { setModeBody } from './schemas.js';

export const monitoringRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/monitoring/status',
    operationId: 'getMonitoringStatus',
    scope: 'monitoring:read',
    handle({ query, backend }) {
      noQuery(query);
      return { status: 200, body: backend.monitoring.status() };
    },
  },
  {
    method: 'PUT',
    path: '/monitoring/mode',
    operationId: 'setMonitoringMode',
    scope: 'monitoring:write',
    body: setModeBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 200, body: backend.monitoring.setMode(body) };
    },
  },
];
