/**
 * Building responses: request ids, JSON bodies, the error envelope and handler results, in one
 * place so every answer (success, refusal or bug) has the same headers.
 */

import { randomBytes } from 'node:crypto';
import { ApiError } from './errors.js';
import type { MockResponse } from './exchange.js';
import type { MockLogger } from './log.js';
import type { HandlerResult } from './types.js';

/** A response plus the envelope code it carries, for the counters. */
export interface BuiltResponse extends MockResponse {
  errorCode?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

// Random bytes are drawn in blocks: one system call per 512 ids instead of one per request.
const ID_BYTES = 6;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `req_` + 12 lowercase hex characters. */
export function newRequestId(): string {
  if (poolOffset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 512);
    poolOffset = 0;
  }

  const id = `req_${pool.toString('hex', poolOffset, poolOffset + ID_BYTES)}`;
  poolOffset += ID_BYTES;
  return id;
}

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers?: Record<string, string>,
): BuiltResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'X-Request-Id': requestId, ...headers },
    body: status === 204 || body === undefined ? null : JSON.stringify(body),
  };
}

export function apiErrorResponse(error: ApiError, requestId: string): BuiltResponse {
  const response = jsonResponse(error.status, error.toBody(requestId), requestId, error.headers);
  response.errorCode = error.code;
  return response;
}

/**
 * The envelope for anything thrown. An error that is not an `ApiError` is a bug in the mock:
 * it is logged with its stack and answered with a 500 the tests treat as a failure.
 */
export function errorResponse(error: unknown, requestId: string, log: MockLogger): BuiltResponse {
  if (error instanceof ApiError) return apiErrorResponse(error, requestId);

  log.error(
    `${requestId} unexpected error:`,
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  const internal = new ApiError('INTERNAL_ERROR', 'The mock server failed to handle this request');
  return apiErrorResponse(internal, requestId);
}

/** A handler's `{status, body}` as JSON, or its `Response` as it is, with our headers added. */
export async function fromHandlerResult(
  result: HandlerResult,
  requestId: string,
): Promise<BuiltResponse> {
  if (!(result instanceof Response)) {
    return jsonResponse(result.status, result.body, requestId, result.headers);
  }

  const headers: Record<string, string> = {};
  result.headers.forEach((value, name) => {
    headers[name] = value;
  });

  headers['X-Request-Id'] = requestId;
  const bytes = result.body ? new Uint8Array(await result.arrayBuffer()) : null;
  return { status: result.status, headers, body: bytes && bytes.byteLength > 0 ? bytes : null };
}
