/** Routes of the evidence resource: metadata and content. */

import { noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';

export const evidenceRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/evidence/{evidence_id}',
    operationId: 'getEvidence',
    scope: 'evidence:read',
    handle({ query, params, backend, origin, principal }) {
      noQuery(query);
      return {
        status: 200,
        body: backend.evidence.get(params.evidence_id ?? '', origin, principal?.id ?? 'anonymous'),
      };
    },
  },
  {
    method: 'GET',
    path: '/evidence/{evidence_id}/content',
    operationId: 'downloadEvidence',
    scope: 'evidence:read',
    handle({ query, params, backend, principal }) {
      noQuery(query);
      const { bytes, sha256, contentType } = backend.evidence.download(
        params.evidence_id ?? '',
        principal?.id ?? 'anonymous',
      );
      return new Response(bytes, {
        status: 200,
        headers: {
          'Content-Type': contentType,
          'Content-Length': String(bytes.byteLength),
          'X-Content-SHA256': sha256,
          'Content-Disposition': `attachment; filename="${params.evidence_id ?? 'evidence'}.bin"`,
        },
      });
    },
  },
];
