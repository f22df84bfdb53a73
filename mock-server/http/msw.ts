/**
 * The msw adapter: one catch-all handler that hands matching requests (`/v1`, `/__mock` and
 * `/graphql`) to the pipeline, so msw checks one predicate per request and the router does the
 * indexing.
 */

import { http, type HttpHandler } from 'msw';
import {
  API_PREFIX,
  CONTROL_PREFIX,
  DEFAULT_BASE_URL,
  IN_PROCESS_CLIENT_IP,
  isBelow,
} from './constants.js';
import { isGraphqlPath } from '../graphql/path.js';

/** What `createMswHandlers` takes: the origins to intercept. */
export interface MswHandlerOptions {
  /**
   * Origin or origins to intercept. A URL with a path (`https://api.cyberfortress.io/v1`)
   * counts by its origin; pass several to serve production and staging from one mock:
   * `['https://api.cyberfortress.io', 'https://api-staging.cyberfortress.io']`.
   * @default 'https://api.cyberfortress.io'
   */
  baseUrl?: string | readonly string[];
}

function isServedPath(pathname: string): boolean {
  return (
    isBelow(pathname, API_PREFIX) || isBelow(pathname, CONTROL_PREFIX) || isGraphqlPath(pathname)
  );
}

/**
 * Builds the msw handlers for `handle`.
 *
 * @example
 * const server = setupServer(...createMswHandlers(mock.handle, { baseUrl: 'https://api.cyberfortress.io' }));
 */
export function createMswHandlers(
  handle: (request: Request, info: { clientIp: string }) => Promise<Response>,
  { baseUrl = DEFAULT_BASE_URL }: MswHandlerOptions = {},
): HttpHandler[] {
  const origins = new Set(
    (typeof baseUrl === 'string' ? [baseUrl] : baseUrl).map((url) => new URL(url).origin),
  );

  // A predicate rather than a path pattern: one handler covers every origin and both prefixes.
  const handler = http.all(
    ({ request }) => {
      const url = new URL(request.url);
      return origins.has(url.origin) && isServedPath(url.pathname);
    },
    ({ request }) => handle(request, { clientIp: IN_PROCESS_CLIENT_IP }),
  );
  return [handler];
}
