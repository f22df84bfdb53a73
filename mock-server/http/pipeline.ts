/**
 * The request pipeline: every REST request, whichever transport brought it, runs these steps in
 * this order. Each refusal happens before the handler, so a refused request changes no state.
 */

import { authenticate, requireScope } from './auth.js';
import { payloadTooLarge, readRouteBody } from './body.js';
import { handleControl, isControlPath } from './control.js';
import { API_PREFIX } from './constants.js';
import { ApiError } from './errors.js';
import {
  fromFetchRequest,
  toFetchResponse,
  type MockRequest,
  type MockResponse,
} from './exchange.js';
import {
  requestFingerprint,
  validateIdempotencyKey,
  type IdempotencyClaim,
} from './idempotency.js';
import { isGraphqlPath } from '../graphql/path.js';
import { errorResponse, fromHandlerResult, newRequestId, type BuiltResponse } from './respond.js';
import { requireRoute, Router } from './router.js';
import type { MockState } from './state.js';
import type { Principal, RequestContext, RouteDefinition } from './types.js';

const ACCEPTED_VERSIONS = new Set(['1', '1.0']);

/** What the steps learned before a refusal, for the headers, counters and log line. */
interface Trace {
  route?: RouteDefinition;
  limitKey?: string;
  rateHeaders?: Record<string, string>;
}

/** Statuses never kept for an idempotent replay: the retry should run for real. */
function isStorable(status: number): boolean {
  return status !== 401 && status !== 403 && status !== 429 && status < 500;
}

/** The path below `/v1`, or `undefined` when the request is outside the REST API. */
function apiPath(pathname: string): string | undefined {
  if (!pathname.startsWith(API_PREFIX)) return undefined;
  if (pathname.length === API_PREFIX.length) return '/';
  return pathname[API_PREFIX.length] === '/' ? pathname.slice(API_PREFIX.length) : undefined;
}

/** The 429 refusal for a limiter's decision (GraphQL refuses with the same one). @internal */
export function rateLimitError(refusal: {
  retryAfter: number;
  limit: number;
  resetAt: number;
}): ApiError {
  return new ApiError('RATE_LIMIT_EXCEEDED', 'API rate limit exceeded', {
    extra: {
      retry_after: refusal.retryAfter,
      limit: refusal.limit,
      reset_at: new Date(Math.ceil(refusal.resetAt / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z'),
    },
    headers: { 'Retry-After': String(refusal.retryAfter) },
  });
}

/** Builds the context a handler sees; the Fetch `Request` is made only if a handler reads it. */
function createContext(
  state: MockState,
  request: MockRequest,
  params: Record<string, string>,
  body: unknown,
  principal: Principal | undefined,
  requestId: string,
): RequestContext {
  let fetchRequest: Request | undefined;
  return {
    get request() {
      fetchRequest ??= request.toRequest();
      return fetchRequest;
    },
    params,
    query: new URLSearchParams(request.search),
    body,
    backend: state.backend,
    principal,
    requestId,
    origin: request.origin,
    clientIp: request.clientIp,
  };
}

/**
 * The pipeline over the transport-neutral request: the node listener calls this directly.
 * @internal
 */
export function createPipeline(state: MockState): (request: MockRequest) => Promise<MockResponse> {
  const router = new Router<RouteDefinition>(state.routes);
  const { limiter, counters, log } = state;
  let graphql: Promise<(request: MockRequest, requestId: string) => Promise<MockResponse>>;

  /** Runs the steps for a request under `/v1` (or outside every known prefix). */
  async function serveApi(
    request: MockRequest,
    requestId: string,
    trace: Trace,
  ): Promise<BuiltResponse> {
    // Routing first: an unknown path or method says so whatever the credentials.
    const path = apiPath(request.pathname);
    const lookup = requireRoute(
      path === undefined ? undefined : router.lookup(request.method, path),
      request,
    );

    const route = lookup.route;
    trace.route = route;

    // Version header: absent means the current version; anything else we do not serve is refused.
    const version = request.header('x-api-version');
    if (version !== undefined && !ACCEPTED_VERSIONS.has(version.trim())) {
      throw ApiError.invalid(
        [
          {
            field: 'X-API-Version',
            issue: `Unsupported API version '${version}'; this server speaks 1.0`,
          },
        ],
        'Unsupported API version',
      );
    }

    // Auth: routes with a scope need a credential that carries it.
    let principal: Principal | undefined;
    if (route.scope !== null) {
      principal = authenticate(state.backend, request.header('authorization'), request.clientIp);
      trace.limitKey = principal.id;
      requireScope(principal, route.scope);
    }

    // Rate limit per credential holder (per client address on unauthenticated routes).
    const limitKey = principal ? principal.id : `ip:${request.clientIp}`;
    const decision = limiter.take(limitKey);
    trace.rateHeaders = decision.headers;
    if (decision.refusal) throw rateLimitError(decision.refusal);

    // Size before idempotency: a body we did not read cannot be fingerprinted or replayed.
    if (request.bodyTooLarge) throw payloadTooLarge();

    // Idempotency for POST: a retry of a finished request gets the first answer back.
    let claim: IdempotencyClaim | undefined;
    const key = request.method === 'POST' ? request.header('idempotency-key') : undefined;
    if (key !== undefined) {
      validateIdempotencyKey(key);
      const fingerprint = requestFingerprint(
        request.method,
        request.pathname + request.search,
        request.body,
      );
      claim = state.idempotency.begin(limitKey, key, fingerprint);
      if (claim.kind === 'replay') {
        counters.recordReplay();
        return {
          ...claim.response,
          headers: { ...claim.response.headers, 'Idempotent-Replayed': 'true' },
        };
      }
    }

    // Body, then the handler; with a claimed key the answer is stored or the claim released.
    let response: BuiltResponse;
    try {
      const body = readRouteBody(route, request);
      const context = createContext(state, request, lookup.params, body, principal, requestId);
      response = await fromHandlerResult(await route.handle(context), requestId);
      if (response.status < 300) counters.recordEffect(route.operationId);
    } catch (error) {
      response = errorResponse(error, requestId, log);
    }

    if (claim?.kind === 'claimed') {
      if (isStorable(response.status)) claim.complete(response);
      else claim.release();
    }

    return response;
  }

  return async function pipeline(request) {
    // Every response carries its own id, so a client's error and the mock's log line can be matched.
    const requestId = newRequestId();

    // The control API is tooling: no auth, no rate limit, not counted.
    if (isControlPath(request.pathname)) return handleControl(state, request, requestId);

    // GraphQL shares auth and the rate limiter but has its own request and error format; it is
    // loaded on first use, so a mock that serves only REST never loads graphql.
    if (isGraphqlPath(request.pathname)) {
      graphql ??= import('../graphql/http.js').then((m) => m.createGraphqlHandler(state));
      return (await graphql)(request, requestId);
    }

    const started = log.enabled('debug') ? performance.now() : 0;
    const trace: Trace = {};
    let response: BuiltResponse;
    try {
      response = await serveApi(request, requestId, trace);
    } catch (error) {
      response = errorResponse(error, requestId, log);
    }

    // Limited plans report their headers on every answer, refusals included; before the limiter
    // ran (404, 401, 403) they describe the caller's bucket, or the client address's, unspent.
    const rateHeaders =
      trace.rateHeaders ?? limiter.peek(trace.limitKey ?? `ip:${request.clientIp}`);
    const out: MockResponse = {
      status: response.status,
      headers: { ...response.headers, ...rateHeaders },
      body: response.body,
    };

    counters.record(trace.route?.operationId, response.status, response.errorCode);
    if (started) {
      log.debug(
        `${request.method} ${request.pathname} ${response.status} ${(performance.now() - started).toFixed(1)}ms`,
      );
    }

    return out;
  };
}

/**
 * The pipeline over Fetch objects, for msw and for `handle()`: one function from a `Request`
 * to a `Response` that runs the same steps as the node listener.
 */
export function createMockHandler(
  state: MockState,
): (request: Request, info: { clientIp: string }) => Promise<Response> {
  const pipeline = createPipeline(state);
  return async (request, info) =>
    toFetchResponse(await pipeline(await fromFetchRequest(request, info.clientIp)));
}
