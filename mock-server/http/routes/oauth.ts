/** The OAuth token endpoint (form-encoded, client credentials in the form or HTTP Basic). */

import { ApiError } from '../errors.js';
import { noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { oauthTokenBody } from './schemas.js';

/** Client credentials from an `Authorization: Basic` header, per RFC 6749 §2.3.1. */
function basicCredentials(
  header: string | null,
): { clientId: string; clientSecret: string } | undefined {
  if (!header || !/^basic /i.test(header)) {
    return undefined;
  }

  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');

  if (colon < 0) {
    throw new ApiError('UNAUTHORIZED', 'Malformed HTTP Basic credentials');
  }

  // Both halves are form-urlencoded before being joined, as the RFC asks.
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      return part;
    }
  };
  return {
    clientId: decode(decoded.slice(0, colon)),
    clientSecret: decode(decoded.slice(colon + 1)),
  };
}

export const oauthRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/oauth/token',
    operationId: 'createOAuthToken',
    scope: null,
    accepts: 'form',
    body: oauthTokenBody,
    handle({ query, body, backend, request }) {
      noQuery(query);
      const form: Record<string, string> = {};

      if (body && typeof body === 'object') {
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
          if (typeof value === 'string') {
            form[key] = value;
          }
        }
      }

      const tokens = backend.credentials.issueToken(
        form,
        basicCredentials(request.headers.get('authorization')),
      );
      return {
        status: 200,
        body: tokens,
        headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      };
    },
  },
];
