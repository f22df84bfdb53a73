/** Routes of the threats resource: list, read, report, update and check an address. */

import type { ThreatLevel, ThreatStatus } from '../../domain/wire.js';
import { QueryReader, noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { reportThreatBody, updateThreatBody } from './schemas.js';

const LEVELS: readonly ThreatLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const STATUSES: readonly ThreatStatus[] = [
  'active',
  'investigating',
  'mitigated',
  'false_positive',
];

export const threatRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/threats',
    operationId: 'listThreats',
    scope: 'threats:read',
    handle({ query, backend }) {
      const q = new QueryReader(query);
      const severity = q.enums('severity', LEVELS);
      const status = q.enums('status', STATUSES);
      const ip = q.ip('ip');
      const country = q.countries('country');
      const from = q.date('from');
      const to = q.date('to');
      const { limit, offset } = q.pagination();
      const sort = q.enum('sort', ['score', 'timestamp', 'severity'] as const, 'timestamp');
      const order = q.enum('order', ['asc', 'desc'] as const, 'desc');

      if (from !== undefined && to !== undefined && from > to) {
        q.problem('from', 'Must not be after to');
      }

      q.finish();
      const body = backend.threats.list({
        severity,
        status,
        ip,
        country,
        from,
        to,
        limit,
        offset,
        sort,
        order,
      });
      return { status: 200, body };
    },
  },
  {
    method: 'POST',
    path: '/threats',
    operationId: 'reportThreat',
    scope: 'threats:write',
    body: reportThreatBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 201, body: backend.threats.report(body) };
    },
  },
  {
    method: 'GET',
    path: '/threats/check/{ip}',
    operationId: 'checkThreat',
    scope: 'threats:read',
    handle({ query, params, backend }) {
      noQuery(query);
      return { status: 200, body: backend.threats.check(params.ip ?? '') };
    },
  },
  {
    method: 'GET',
    path: '/threats/{threat_id}',
    operationId: 'getThreat',
    scope: 'threats:read',
    handle({ query, params, backend }) {
      noQuery(query);
      return { status: 200, body: backend.threats.get(params.threat_id ?? '') };
    },
  },
  {
    method: 'PATCH',
    path: '/threats/{threat_id}',
    operationId: 'updateThreat',
    scope: 'threats:write',
    body: updateThreatBody,
    handle({ query, params, body, backend }) {
      noQuery(query);
      return { status: 200, body: backend.threats.update(params.threat_id ?? '', body) };
    },
  },
];
