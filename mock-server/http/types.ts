import type { ZodType } from 'zod';
import type { MockBackend } from '../domain/backend.js';

/** HTTP methods the route table serves. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who is calling, as the auth step resolved it. */
export interface Principal {
  /** `key_…` for an API key, the OAuth client id for an access token. */
  id: string;
  /** Which kind of credential authenticated the request. */
  kind: 'api_key' | 'oauth_token';
  /** Scopes as granted; `hasScope` applies the implication rules. */
  scopes: readonly string[];
}

/** Everything a handler needs about one request, prepared by the pipeline. */
export interface RequestContext {
  /** The Fetch `Request` as received. */
  request: Request;
  /** Path parameters by the names in the route's path (`threat_id`). */
  params: Record<string, string>;
  /** The query string, unparsed (handlers parse it with the route's rules). */
  query: URLSearchParams;
  /**
   * The parsed body: JSON for `application/json`, a plain object of strings for
   * `application/x-www-form-urlencoded`; `undefined` when the request had none.
   */
  body: unknown;
  /** The domain the handler works on. */
  backend: MockBackend;
  /** `undefined` only on routes with `auth: false`. */
  principal: Principal | undefined;
  /** The `X-Request-Id` this response will carry. */
  requestId: string;
  /** Origin the client used (`http://127.0.0.1:4010`), for absolute URLs in bodies. */
  origin: string;
  /** The client's address as the listener saw it, for IP whitelists. */
  clientIp: string;
}

/** A handler's answer: a status and a JSON body, or a ready `Response` for non-JSON bodies. */
export type HandlerResult =
  | {
      /** The HTTP status. */
      status: number;
      /** The JSON body, already in wire (snake_case) form. */
      body: unknown;
      /** Extra response headers. */
      headers?: Record<string, string>;
    }
  | Response;

/** One row of the route table: what an operation accepts and the handler that answers it. */
export interface RouteDefinition {
  /** The HTTP method. */
  method: HttpMethod;
  /** Path below `/v1`, with `{name}` parameters exactly as in the OpenAPI spec: `/threats/{threat_id}`. */
  path: string;
  /** The OpenAPI operationId, used by counters, logs and the coverage test. */
  operationId: string;
  /** Required scope, or `null` for unauthenticated routes (`POST /oauth/token`). */
  scope: string | null;
  /** Body types accepted; defaults to JSON for POST/PUT/PATCH and none otherwise. */
  accepts?: 'json' | 'form' | 'none';
  /**
   * The generated zod schema of the request body. The pipeline validates the body with it
   * before the handler runs (and refuses fields the schema does not know), so a handler sees
   * `context.body` already shaped and only checks what the schema cannot say.
   */
  body?: ZodType;
  /** Answers the request; throws an `ApiError` to refuse it. */
  handle(context: RequestContext): HandlerResult | Promise<HandlerResult>;
}
