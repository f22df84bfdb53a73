/**
 * The reference's error envelope, raised by any layer of the mock and rendered once by the
 * pipeline, so that every refusal has the same shape, a request id and a documentation link.
 */

import type { ErrorCode } from '../../src/generated/types.gen.js';

export type { ErrorCode };

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

export const DOCUMENTATION_BASE = 'https://docs.cyberfortress.io/errors/';

/** One field-level problem, named by its wire path (`targets[1].value`, `limit`). */
export interface ErrorDetail {
  /** The offending field by its wire path. */
  field: string;
  /** What is wrong with it, in words. */
  issue: string;
}

/** What an `ApiError` carries besides its code and message. */
export interface ApiErrorOptions {
  /** Field-level problems, for `INVALID_REQUEST`. */
  details?: ErrorDetail[];
  /** Extra members of the `error` object, such as `retry_after` on a 429. */
  extra?: Record<string, unknown>;
  /** Extra response headers, such as `Allow` on a 405 or `Retry-After` on a 429. */
  headers?: Record<string, string>;
}

/** Thrown by handlers and middleware; the pipeline turns it into the envelope. */
export class ApiError extends Error {
  /** `'ApiError'`. */
  override readonly name = 'ApiError';
  /** The HTTP status the code stands for (`NOT_FOUND` → 404). */
  readonly status: number;
  /** Field-level problems, for `INVALID_REQUEST`. */
  readonly details: ErrorDetail[] | undefined;
  /** Extra members of the envelope's `error` object. */
  readonly extra: Record<string, unknown>;
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  constructor(
    /** The reference's error code, such as `NOT_FOUND`. */
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
    this.details = options.details;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }

  /** Shorthand for the most common refusal: one or more invalid fields. */
  static invalid(details: ErrorDetail[], message = 'The request parameters are invalid'): ApiError {
    return new ApiError('INVALID_REQUEST', message, { details });
  }

  /** A 404 naming what was looked up: `No threat with id 'threat_x'`. */
  static notFound(what: string, id: string): ApiError {
    return new ApiError('NOT_FOUND', `No ${what} with id '${id}'`);
  }

  /** The JSON body of the error response. */
  toBody(requestId: string): {
    /** `code`, `message`, `details`, the extra members, `request_id` and `documentation`. */
    error: Record<string, unknown>;
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
        ...this.extra,
        request_id: requestId,
        documentation: DOCUMENTATION_BASE + this.code,
      },
    };
  }
}

/** Whether `value` is the mock's `ApiError` (to render it as an envelope rather than a 500). */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
