import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  ConnectionError,
  CyberFortressError,
  ForbiddenError,
  InternalError,
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  ResponseValidationError,
  ServiceUnavailableError,
  TimeoutError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  UserAbortError,
  isApiError,
  isCyberFortressError,
  isRateLimitError,
} from '../../../src/core/errors.js';
import { envelope } from './support.js';

const CASES = [
  [401, 'UNAUTHORIZED', UnauthorizedError],
  [403, 'FORBIDDEN', ForbiddenError],
  [404, 'NOT_FOUND', NotFoundError],
  [400, 'INVALID_REQUEST', InvalidRequestError],
  [405, 'METHOD_NOT_ALLOWED', MethodNotAllowedError],
  [409, 'CONFLICT', ConflictError],
  [409, 'IDEMPOTENCY_KEY_REUSED', ConflictError],
  [409, 'IDEMPOTENCY_KEY_IN_USE', ConflictError],
  [413, 'PAYLOAD_TOO_LARGE', PayloadTooLargeError],
  [415, 'UNSUPPORTED_MEDIA_TYPE', UnsupportedMediaTypeError],
  [429, 'RATE_LIMIT_EXCEEDED', RateLimitError],
  [500, 'INTERNAL_ERROR', InternalError],
  [503, 'SERVICE_UNAVAILABLE', ServiceUnavailableError],
  [504, 'TIMEOUT', TimeoutError],
] as const;

describe('ApiError.from', () => {
  it.each(CASES)('returns the class for %i %s given its envelope', (status, code, Class) => {
    const error = ApiError.from(status, envelope(code, 'Something went wrong'), {
      'x-request-id': 'req_ffffffffffff',
    });

    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CyberFortressError);
    expect(error.name).toBe(Class.name);
    expect(error).toMatchObject({ status, code, message: 'Something went wrong' });
    expect(error.requestId).toBe('req_a1b2c3d4e5f6');
    expect(error.documentation).toBe(`https://docs.cyberfortress.io/errors/${code}`);
    expect(error.headers?.get('x-request-id')).toBe('req_ffffffffffff');
  });

  it('returns details given an INVALID_REQUEST envelope', () => {
    const details = [{ field: 'ip_address', issue: 'Invalid IP address format' }];
    const error = ApiError.from(400, envelope('INVALID_REQUEST', 'bad', { details }));
    expect(error.details).toEqual(details);
  });

  it('returns requiredScope given a FORBIDDEN envelope for a missing scope', () => {
    const error = ApiError.from(
      403,
      envelope('FORBIDDEN', 'no', { required_scope: 'threats:write' }),
    );
    expect((error as ForbiddenError).requiredScope).toBe('threats:write');
  });

  it('returns retryAfter, limit and resetAt given a 429 envelope', () => {
    const error = ApiError.from(
      429,
      envelope('RATE_LIMIT_EXCEEDED', 'API rate limit exceeded', {
        retry_after: 3,
        limit: 50,
        reset_at: '2025-01-15T15:00:03Z',
      }),
      { 'retry-after': '3' },
    ) as RateLimitError;
    expect(error).toMatchObject({ retryAfter: 3, limit: 50, resetAt: '2025-01-15T15:00:03Z' });
  });

  it('returns the header figures given a 429 without an envelope', () => {
    const error = ApiError.from(429, '<html>slow down</html>', {
      'retry-after': '7',
      'x-ratelimit-limit': '10',
      'x-ratelimit-reset': '1736953200',
    }) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfter: 7, limit: 10, resetAt: '2025-01-15T15:00:00.000Z' });
    expect(error.body).toBe('<html>slow down</html>');
  });

  it('returns a class chosen by status given an unknown code', () => {
    expect(ApiError.from(404, envelope('GONE_FISHING', 'x'))).toBeInstanceOf(NotFoundError);
    expect(ApiError.from(502, undefined)).toBeInstanceOf(ServiceUnavailableError);
    expect(ApiError.from(599, undefined)).toBeInstanceOf(InternalError);
    expect(ApiError.from(418, undefined).constructor).toBe(ApiError);
    expect(ApiError.from(502, undefined).message).toBe('Request failed with status 502');
  });

  it('returns an error without the credential given a request with an Authorization header', () => {
    const error = ApiError.from(
      401,
      envelope('UNAUTHORIZED', 'Invalid key cf_live_abcdefghijklmnopqrstuvwx'),
      {},
      {
        method: 'GET',
        url: 'https://api.test/v1/threats',
        headers: {
          authorization: 'Bearer cf_live_abcdefghijklmnopqrstuvwx',
          accept: 'application/json',
        },
      },
    );

    expect(error.request?.headers.authorization).toBe('[REDACTED]');
    expect(error.request?.headers.accept).toBe('application/json');
    expect(error.message).not.toContain('cf_live_');
    expect(JSON.stringify(error.request)).not.toContain('abcdefghijklmnopqrstuvwx');
  });
});

describe('TimeoutError.client', () => {
  it('returns a TimeoutError with status undefined given a client-side timeout', () => {
    const error = TimeoutError.client(5000);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('Request timed out after 5000 ms');
  });
});

describe('type guards', () => {
  it('returns true given instances', () => {
    expect(isCyberFortressError(new ConnectionError('x'))).toBe(true);
    expect(isCyberFortressError(new UserAbortError())).toBe(true);
    expect(isCyberFortressError(new ResponseValidationError('x', []))).toBe(true);
    expect(isApiError(ApiError.from(404, undefined))).toBe(true);
    expect(isApiError(new ConnectionError('x'))).toBe(false);
    expect(isRateLimitError(ApiError.from(429, undefined))).toBe(true);
    expect(isRateLimitError(ApiError.from(500, undefined))).toBe(false);
  });

  it('returns true given errors from another realm that carry our names', () => {
    const foreign = Object.assign(new Error('x'), { name: 'RateLimitError' });
    expect(isRateLimitError(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isCyberFortressError(Object.assign(new Error('x'), { name: 'ConnectionError' }))).toBe(
      true,
    );
    expect(isCyberFortressError(new TypeError('x'))).toBe(false);
    expect(isCyberFortressError({ name: 'ApiError' })).toBe(false);
  });
});

describe('CyberFortressError', () => {
  it('returns a redacted message given a message with a credential', () => {
    const error = new CyberFortressError('failed with Authorization: Bearer eyJabc.def.ghi');
    expect(error.message).not.toContain('eyJabc');
    expect(error.name).toBe('CyberFortressError');
  });
});
