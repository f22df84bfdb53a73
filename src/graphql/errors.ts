/**
 * GraphQL failures as the SDK's errors. A GraphQL answer says what went wrong in `errors[]`,
 * each with the reference's error code in `extensions.code`; the SDK picks its error class by
 * that code (else by the HTTP status), exactly as it does for a REST envelope, so that
 * `catch (e) { if (e instanceof RateLimitError) … }` reads the same over both. Subscriptions
 * fail with `GraphQLSubscriptionError`, which carries the close code or the errors.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import { ApiError, CyberFortressError, type ApiErrorInit } from '../core/errors.js';

/**
 * One entry of a GraphQL response's `errors`, as the server sent it.
 *
 * @example
 * { message: 'Missing scope threats:read', path: ['threat'], extensions: { code: 'FORBIDDEN' } }
 * @category GraphQL
 */
export interface GraphQLErrorEntry {
  /** What went wrong, in words. */
  message: string;
  /** Where in the document the error is, when it belongs to a place in it. */
  locations?: {
    /** 1-based line of the document. */
    line: number;
    /** 1-based column of that line. */
    column: number;
  }[];
  /** The result field the error belongs to (`['threats', 'edges', 0, 'node']`), for a field error. */
  path?: (string | number)[];
  /** `code` is the reference's error code (`FORBIDDEN`, `NOT_FOUND`…); the server may add more. */
  extensions?: {
    /** The reference's error code, such as `FORBIDDEN`. */
    code?: string;
    [key: string]: unknown;
  };
}

/**
 * A GraphQL answer that carries both data and errors: some fields resolved, others failed (a
 * missing scope on one field, a threat that does not exist). `data` keeps what resolved, with
 * `null` where a field failed; `errors` says why; `code` is the first error's code, to branch on
 * (`FORBIDDEN`, `NOT_FOUND`…). An answer with errors and no data is thrown as the SDK class of
 * its code instead (`ForbiddenError`, `RateLimitError`…), whose `body` is the GraphQL response.
 *
 * @example
 * try {
 *   await client.graphql.request(ThreatDocument, { id });
 * } catch (e) {
 *   if (e instanceof GraphQLRequestError) console.log(e.code, e.errors[0]?.path, e.data);
 * }
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @category GraphQL
 */
export class GraphQLRequestError<TData = unknown> extends ApiError<number> {
  override name = 'GraphQLRequestError';
  /** Every error of the answer, in the server's order. */
  readonly errors: readonly GraphQLErrorEntry[];
  /** What resolved, with `null` where a field failed. */
  readonly data: TData;

  constructor(init: ApiErrorInit & { errors: readonly GraphQLErrorEntry[]; data: TData }) {
    super(init);
    this.errors = init.errors;
    this.data = init.data;
  }
}

/**
 * A subscription that failed: the socket closed for good (`closeCode`, `closeReason`; 4401 and
 * 4403 carry `code` `UNAUTHORIZED` and `FORBIDDEN`), or the server sent GraphQL `errors` for it.
 *
 * @example
 * for await (const data of client.graphql.subscribe(doc)) … // throws GraphQLSubscriptionError
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @category GraphQL
 */
export class GraphQLSubscriptionError extends CyberFortressError {
  override name = 'GraphQLSubscriptionError';
  /** The reference's error code, from the close code or the first error's `extensions.code`. */
  readonly code: string | undefined;
  /** The WebSocket close code, when a close ended the subscription. */
  readonly closeCode: number | undefined;
  /** The reason the server gave with the close. */
  readonly closeReason: string | undefined;
  /** The GraphQL errors the server sent, when it sent some. */
  readonly errors: readonly GraphQLErrorEntry[] | undefined;
  /** What resolved of the event that carried errors, if anything. */
  readonly data: unknown;

  constructor(
    message: string,
    init: {
      code?: string | undefined;
      closeCode?: number | undefined;
      closeReason?: string | undefined;
      errors?: readonly GraphQLErrorEntry[] | undefined;
      data?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: init.cause });
    this.code = init.code;
    this.closeCode = init.closeCode;
    this.closeReason = init.closeReason;
    this.errors = init.errors;
    this.data = init.data;
  }
}

/**
 * Whether `value` is a `GraphQLRequestError`, also across realms (by name).
 *
 * @example
 * if (isGraphQLRequestError(e)) console.log(e.errors);
 * @category GraphQL
 */
export function isGraphQLRequestError(value: unknown): value is GraphQLRequestError {
  return (
    value instanceof GraphQLRequestError ||
    (value instanceof Error && value.name === 'GraphQLRequestError')
  );
}

/** The `errors` of a GraphQL response body, or `undefined` when it has none. @internal */
export function errorsOf(body: unknown): GraphQLErrorEntry[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLErrorEntry[]) : undefined;
}

/**
 * The REST-style error envelope of a GraphQL error, so that the SDK's error classes read their
 * fields (`retry_after`, `required_scope`, `details`) from it as they do from a REST body.
 * Extensions may spell those fields in camelCase or snake_case.
 */
function envelopeFor(entry: GraphQLErrorEntry | undefined): object {
  const extensions = entry?.extensions ?? {};
  const pick = (camel: string, snake: string) => extensions[camel] ?? extensions[snake];
  return {
    code: extensions.code,
    message: entry?.message,
    details: extensions.details,
    retry_after: pick('retryAfter', 'retry_after'),
    required_scope: pick('requiredScope', 'required_scope'),
    request_id: pick('requestId', 'request_id'),
    limit: extensions.limit,
    reset_at: pick('resetAt', 'reset_at'),
  };
}

/**
 * The SDK error for a GraphQL response `body` that failed as a whole (a non-2xx answer, or a
 * 2xx one with errors and no data): the class of its first error's code, else of `status`.
 * `body` stays the GraphQL response, with an `error` envelope added for the class's fields.
 *
 * @internal
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: Headers | undefined,
  request?: ApiError['request'],
): ApiError {
  const errors = errorsOf(body);
  const envelope = envelopeFor(errors?.[0]);
  const merged = typeof body === 'object' && body !== null ? { ...body } : {};
  return ApiError.from(status, { ...merged, error: envelope }, headers, request);
}

/**
 * Rebuilds a transport `ApiError` for a non-2xx GraphQL answer with the code of its first
 * GraphQL error; any other error is returned as it is.
 *
 * @internal
 */
export function mapTransportError(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.status === undefined) return error;
  if (!errorsOf(error.body)) return error;
  return errorFromResponse(error.status, error.body, error.headers, error.request);
}

/**
 * The error for a 2xx answer with errors: a `GraphQLRequestError` when some data came too,
 * else the SDK class of the first error's code.
 *
 * @internal
 */
export function errorFromResult(
  status: number,
  result: { data?: unknown; errors: GraphQLErrorEntry[] },
  headers: Headers,
): ApiError {
  const data = result.data;
  if (data === null || data === undefined) return errorFromResponse(status, result, headers);
  const first = result.errors[0];
  return new GraphQLRequestError({
    status,
    code: first?.extensions?.code ?? 'GRAPHQL_ERROR',
    message: first?.message ?? 'The GraphQL request failed',
    requestId: headers.get('x-request-id') ?? undefined,
    headers,
    body: result,
    errors: result.errors,
    data,
  });
}
