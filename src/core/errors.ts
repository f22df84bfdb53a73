/**
 * The SDK's error family: one root, `CyberFortressError`; `ApiError` for every answer the API
 * refused, with one subclass per error code callers branch on; and the failures that have no
 * answer at all (connection lost, aborted, a response that is not what the spec promises).
 * Every message is redacted when the error is built, so that no credential reaches a log or an
 * error tracker.
 *
 * @see https://docs.cyberfortress.io/sdks/node#errors
 * @module
 */

import {
  CODE_BY_STATUS,
  detailsOf,
  envelopeOf,
  numberField,
  numberOf,
  stringField,
  type ErrorDetail,
} from './envelope.js';
import type { ErrorCode as KnownErrorCode } from '../generated/types.gen.js';
import { getHeader, parseRetryAfter } from './headers.js';
import { redactHeaders, redactString } from './redact.js';

/**
 * The API's error codes. Unknown codes from a newer API are kept as strings and mapped to a
 * class by status.
 *
 * @category Errors
 */
export type ErrorCode = KnownErrorCode | (string & {});

/** One field-level problem, named by its wire path (`targets[1].value`, `limit`). @category Errors */
export type { ErrorDetail };

/** The request an error belongs to, with its credentials already redacted. @category Errors */
export interface RequestSummary {
  /** `GET`, `POST`, … */
  method: string;
  /** The full URL, query string included. */
  url: string;
  /** The request headers, lowercase names, with `Authorization` and other secrets redacted. */
  headers: Record<string, string>;
}

/**
 * The root of every error the SDK throws: `catch (e) { if (e instanceof CyberFortressError) … }`.
 *
 * @example
 * try { await client.threats.get('threat_x'); } catch (e) { if (isCyberFortressError(e)) console.error(e.message); }
 * @see https://docs.cyberfortress.io/sdks/node#errors
 * @category Errors
 */
export class CyberFortressError extends Error {
  /**
   * The class name (`'NotFoundError'`, `'RateLimitError'`, …). The type guards match on it too,
   * so that an error thrown by another copy of the SDK is still recognised.
   */
  override name = 'CyberFortressError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(redactString(message), options);
  }
}

/** What `ApiError`'s constructor takes; `ApiError.from` builds it from a response. @category Errors */
export interface ApiErrorInit {
  /** HTTP status; `undefined` for a client-side timeout. */
  status: number | undefined;
  /** The API's error code, such as `NOT_FOUND`. */
  code: ErrorCode;
  /** The envelope's `message`, redacted when the error is built. */
  message: string;
  /** Field-level problems, for `INVALID_REQUEST`. */
  details?: ErrorDetail[] | undefined;
  /** `X-Request-Id` of the response. */
  requestId?: string | undefined;
  /** The response headers. */
  headers?: Headers | undefined;
  /** The parsed response body (the error envelope). */
  body?: unknown;
  /** The request that failed; its headers are redacted by `ApiError.from`. */
  request?: RequestSummary | undefined;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * An answer the API refused, built from its error envelope. Subclasses by code: branch on the
 * class (`e instanceof NotFoundError`) or on `code`.
 *
 * @example
 * catch (e) { if (isApiError(e)) console.error(e.status, e.code, e.requestId); }
 * @see https://docs.cyberfortress.io/sdks/node#errors
 * @category Errors
 */
export class ApiError<
  TStatus extends number | undefined = number | undefined,
> extends CyberFortressError {
  override name = 'ApiError';
  /** HTTP status of the response; `undefined` only for a client-side `TimeoutError`. */
  readonly status: TStatus;
  /** The API's error code, such as `NOT_FOUND`. */
  readonly code: ErrorCode;
  /** Field-level problems, for `INVALID_REQUEST`. */
  readonly details: ErrorDetail[] | undefined;
  /** `X-Request-Id` of the response (or `request_id` of the envelope): quote it to support. */
  readonly requestId: string | undefined;
  /** The response headers. */
  readonly headers: Headers | undefined;
  /** The parsed response body (the envelope), or its text when it was not JSON. */
  readonly body: unknown;
  /** The request that failed, with credentials redacted. */
  readonly request: RequestSummary | undefined;
  /** Link to the code's documentation page, when the API sent one. */
  readonly documentation: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status as TStatus;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.body = init.body;
    this.request = init.request;
    this.documentation = stringField(envelopeOf(init.body), 'documentation');
  }

  /**
   * Builds the error for a non-2xx response: the class comes from the envelope's `code`, or
   * from the status when the code is missing or unknown.
   *
   * @example
   * throw ApiError.from(response.status, await response.json(), response.headers);
   */
  static from(
    status: number,
    body: unknown,
    headers?: Headers | Record<string, string>,
    request?: RequestSummary,
  ): ApiError {
    const envelope = envelopeOf(body);
    const code = stringField(envelope, 'code') ?? CODE_BY_STATUS[status] ?? `HTTP_${status}`;
    const Class = CLASS_BY_CODE[code] ?? classForStatus(status);
    const responseHeaders =
      headers === undefined || headers instanceof Headers ? headers : new Headers(headers);

    return new Class({
      status,
      code,
      message: stringField(envelope, 'message') ?? `Request failed with status ${status}`,
      details: detailsOf(envelope),
      requestId: stringField(envelope, 'request_id') ?? getHeader(responseHeaders, 'x-request-id'),
      headers: responseHeaders,
      body,
      request: request && { ...request, headers: redactHeaders(request.headers) },
    });
  }
}

/** 401: the credential is missing, malformed, unknown, expired or revoked. @category Errors */
export class UnauthorizedError extends ApiError<number> {
  override name = 'UnauthorizedError';
}

/** 403: the credential lacks a scope (`requiredScope`) or the caller's address is not allowed. @category Errors */
export class ForbiddenError extends ApiError<number> {
  override name = 'ForbiddenError';
  /** The scope the operation needs, such as `threats:write`, when that is what was missing. */
  readonly requiredScope: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.requiredScope = stringField(envelopeOf(init.body), 'required_scope');
  }
}

/** 404: no such resource. @category Errors */
export class NotFoundError extends ApiError<number> {
  override name = 'NotFoundError';
}

/**
 * 400: the request's parameters are invalid; `details` names each field. Also raised before
 * sending, without a `requestId`, for a path id that names no resource (empty, `.` or `..`).
 *
 * @category Errors
 */
export class InvalidRequestError extends ApiError<number> {
  override name = 'InvalidRequestError';

  /** A request refused before it was sent, in the form the API would have answered. @internal */
  static beforeSending(message: string, details: ErrorDetail[]): InvalidRequestError {
    return new InvalidRequestError({
      status: 400,
      code: 'INVALID_REQUEST',
      message: `${message}: the request was not sent`,
      details,
    });
  }
}

/** 405: the path does not take this method. @category Errors */
export class MethodNotAllowedError extends ApiError<number> {
  override name = 'MethodNotAllowedError';
}

/**
 * 409: a state conflict (`CONFLICT`), an idempotency key reused for a different request
 * (`IDEMPOTENCY_KEY_REUSED`, a caller bug) or still in use by a running one
 * (`IDEMPOTENCY_KEY_IN_USE`, retried); `code` tells which.
 *
 * @category Errors
 */
export class ConflictError extends ApiError<number> {
  override name = 'ConflictError';
}

/** 413: the body is larger than the API accepts (1 MiB). @category Errors */
export class PayloadTooLargeError extends ApiError<number> {
  override name = 'PayloadTooLargeError';
}

/** 415: the body was sent with the wrong `Content-Type`. @category Errors */
export class UnsupportedMediaTypeError extends ApiError<number> {
  override name = 'UnsupportedMediaTypeError';
}

/**
 * 429: the plan's rate limit or hourly quota is spent. `retryAfter` says how long to wait.
 *
 * @example
 * catch (e) { if (isRateLimitError(e)) await sleep(e.retryAfter! * 1000); }
 * @category Errors
 */
export class RateLimitError extends ApiError<number> {
  override name = 'RateLimitError';
  /** Seconds to wait before the next request can succeed (body `retry_after`, else `Retry-After`). */
  readonly retryAfter: number | undefined;
  /** The limit that was hit: requests per second, or per hour when the hourly quota ran out. */
  readonly limit: number | undefined;
  /** When the limit resets, as an ISO 8601 string. */
  readonly resetAt: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    const envelope = envelopeOf(init.body);
    this.retryAfter =
      numberField(envelope, 'retry_after') ??
      parseRetryAfter(getHeader(init.headers, 'retry-after'));
    this.limit =
      numberField(envelope, 'limit') ?? numberOf(getHeader(init.headers, 'x-ratelimit-limit'));
    const resetEpoch = numberOf(getHeader(init.headers, 'x-ratelimit-reset'));
    this.resetAt =
      stringField(envelope, 'reset_at') ??
      (resetEpoch === undefined ? undefined : new Date(resetEpoch * 1000).toISOString());
  }
}

/** 500 (and unknown 5xx): the API failed; retried. @category Errors */
export class InternalError extends ApiError<number> {
  override name = 'InternalError';
}

/** 503 (and 502): the API is down or overloaded; retried. @category Errors */
export class ServiceUnavailableError extends ApiError<number> {
  override name = 'ServiceUnavailableError';
}

/**
 * A timeout: 504 (or 408) from the API, or the client's own per-attempt `timeout`, in which case
 * `status` is `undefined`. Retried either way.
 *
 * @example
 * catch (e) { if (e instanceof TimeoutError && e.status === undefined) console.error('no answer in time'); }
 * @category Errors
 */
export class TimeoutError extends ApiError<number | undefined> {
  override name = 'TimeoutError';

  /** The client-side timeout of one attempt. @internal */
  static client(timeoutMs: number, request?: RequestSummary): TimeoutError {
    return new TimeoutError({
      status: undefined,
      code: 'TIMEOUT',
      message: `Request timed out after ${timeoutMs} ms`,
      request,
    });
  }
}

/**
 * No answer: DNS failure, connection refused or reset, or the body cut off. `cause` holds the
 * runtime's error. Retried.
 *
 * @category Errors
 */
export class ConnectionError extends CyberFortressError {
  override name = 'ConnectionError';
  /** The request that got no answer, with credentials redacted. */
  readonly request: RequestSummary | undefined;

  constructor(message: string, options: { cause?: unknown; request?: RequestSummary } = {}) {
    super(message, { cause: options.cause });
    this.request = options.request;
  }
}

/** The caller's `AbortSignal` fired; never retried. @category Errors */
export class UserAbortError extends CyberFortressError {
  override name = 'UserAbortError';

  constructor(message = 'Request was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One reason a response failed validation; `path` is in wire names. @category Errors */
export interface ValidationIssue {
  /** Where in the body, in wire names: `['data', 3, 'threat_score']`. */
  path: (string | number)[];
  /** What was wrong, in words. */
  message: string;
  /** The schema library's issue code, such as `invalid_type`. */
  code: string;
}

/**
 * A 2xx response that does not match the spec (a wrong type, a missing field). Unknown fields
 * and unknown enum values are not errors. Turn validation off with `validateResponses: false`.
 *
 * @category Errors
 */
export class ResponseValidationError extends CyberFortressError {
  override name = 'ResponseValidationError';
  /** Every problem found in the body. */
  readonly issues: ValidationIssue[];
  /** HTTP status of the response that failed validation. */
  readonly status: number | undefined;
  /** `X-Request-Id` of that response: quote it to support. */
  readonly requestId: string | undefined;

  constructor(
    message: string,
    issues: ValidationIssue[],
    options: { status?: number; requestId?: string | undefined } = {},
  ) {
    super(message);
    this.issues = issues;
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/* Type guards: they also match by `name`, for errors from another copy of the SDK or realm. */

const API_ERROR_NAMES = new Set([
  'ApiError',
  'UnauthorizedError',
  'ForbiddenError',
  'NotFoundError',
  'InvalidRequestError',
  'MethodNotAllowedError',
  'ConflictError',
  'PayloadTooLargeError',
  'UnsupportedMediaTypeError',
  'RateLimitError',
  'InternalError',
  'ServiceUnavailableError',
  'TimeoutError',
]);

// The SDK's other errors. Not a spread of the set above: a bundler keeps a spread, which it
// cannot prove free of side effects, even in an app that never calls these guards.
const ERROR_NAMES = new Set([
  'CyberFortressError',
  'ConnectionError',
  'UserAbortError',
  'ResponseValidationError',
]);

function hasName(value: unknown, names: Set<string>): boolean {
  return value instanceof Error && names.has(value.name);
}

/** Whether `value` is any error the SDK threw. @example if (isCyberFortressError(e)) … @category Errors */
export function isCyberFortressError(value: unknown): value is CyberFortressError {
  return (
    value instanceof CyberFortressError ||
    hasName(value, API_ERROR_NAMES) ||
    hasName(value, ERROR_NAMES)
  );
}

/** Whether `value` is an error answer from the API (or a timeout). @example if (isApiError(e)) e.status @category Errors */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError || hasName(value, API_ERROR_NAMES);
}

/** Whether `value` is a 429. @example if (isRateLimitError(e)) e.retryAfter @category Errors */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return (
    value instanceof RateLimitError || (value instanceof Error && value.name === 'RateLimitError')
  );
}

/* Mapping */

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

const CLASS_BY_CODE: Record<string, ApiErrorClass | undefined> = {
  UNAUTHORIZED: UnauthorizedError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  INVALID_REQUEST: InvalidRequestError,
  RATE_LIMIT_EXCEEDED: RateLimitError,
  INTERNAL_ERROR: InternalError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  TIMEOUT: TimeoutError,
  METHOD_NOT_ALLOWED: MethodNotAllowedError,
  CONFLICT: ConflictError,
  IDEMPOTENCY_KEY_REUSED: ConflictError,
  IDEMPOTENCY_KEY_IN_USE: ConflictError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  UNSUPPORTED_MEDIA_TYPE: UnsupportedMediaTypeError,
};

function classForStatus(status: number): ApiErrorClass {
  switch (status) {
    case 400:
    case 422:
      return InvalidRequestError;
    case 401:
      return UnauthorizedError;
    case 403:
      return ForbiddenError;
    case 404:
      return NotFoundError;
    case 405:
      return MethodNotAllowedError;
    case 408:
    case 504:
      return TimeoutError;
    case 409:
      return ConflictError;
    case 413:
      return PayloadTooLargeError;
    case 415:
      return UnsupportedMediaTypeError;
    case 429:
      return RateLimitError;
    case 502:
    case 503:
      return ServiceUnavailableError;
    default:
      return status >= 500 ? InternalError : ApiError;
  }
}
