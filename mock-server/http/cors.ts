/**
 * Cross-origin access for browser pages (a SOC dashboard served from its own origin): preflight
 * requests are answered here, before auth and rate limits, and every answer to a request that
 * carries an `Origin` says which origin may read it and which headers the page may see. The mock
 * accepts every origin, since it serves local development and CI; the credential is the
 * `Authorization` header, never a cookie, so no `Allow-Credentials` is needed.
 */

import type { MockRequest, MockResponse } from './exchange.js';

/** Methods a page may use across origins. */
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Request headers a page may send: the SDK's own, plus those of the reference's examples. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'X-API-Version',
  'X-Client-Version',
  'X-CyberFortress-SDK',
  'Idempotency-Key',
  'X-Request-Id',
];

/** Response headers a page may read: rate limits, request ids, retry hints. */
export const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-RateLimit-Burst-Limit',
  'X-RateLimit-Burst-Remaining',
  'Retry-After',
  'Idempotent-Replayed',
];

/** How long a browser may reuse a preflight answer, in seconds (10 minutes). */
export const CORS_MAX_AGE = 600;

const ALLOWED_METHODS = CORS_ALLOWED_METHODS.join(', ');
const ALLOWED_HEADERS = CORS_ALLOWED_HEADERS.join(', ');
const EXPOSED_HEADERS = CORS_EXPOSED_HEADERS.join(', ');

/** True for a CORS preflight: `OPTIONS` with an `Origin` and the method the page wants to use. */
export function isPreflight(request: MockRequest): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.header('origin') !== undefined &&
    request.header('access-control-request-method') !== undefined
  );
}

/** The answer to a preflight: 204, allowing the asking origin, our methods and our headers. */
export function preflightResponse(origin: string): MockResponse {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': String(CORS_MAX_AGE),
      Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    },
    body: null,
  };
}

/**
 * Wraps a pipeline so that preflights are answered without reaching it, and its answers to
 * cross-origin requests (errors and rate-limit refusals included, so a page can read them) carry
 * the CORS headers. Requests without an `Origin` pass through untouched.
 */
export function withCors(
  pipeline: (request: MockRequest) => Promise<MockResponse>,
): (request: MockRequest) => Promise<MockResponse> {
  return async (request) => {
    const origin = request.header('origin');
    if (origin === undefined) return pipeline(request);
    if (isPreflight(request)) return preflightResponse(origin);

    // A copy: a stored idempotent answer must not keep the headers of the origin that made it.
    const response = await pipeline(request);
    const vary = response.headers['Vary'];
    return {
      ...response,
      headers: {
        ...response.headers,
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': EXPOSED_HEADERS,
        Vary: vary ? `${vary}, Origin` : 'Origin',
      },
    };
  };
}
