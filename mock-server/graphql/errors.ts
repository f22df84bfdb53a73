/**
 * GraphQL errors in the reference's terms: every error carries one of its codes in
 * `extensions.code`, with the REST envelope's extra members (`details`, `retryAfter`,
 * `requiredScope`...) beside it in camelCase.
 */

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApiError } from '../http/errors.js';
import type { MockLogger } from '../http/log.js';

/**
 * Codes the GraphQL endpoint uses beyond the reference's REST codes, for refusals made before
 * execution (see the header of openapi/cyberfortress.graphql).
 */
export const LIMIT_CODES = {
  /** The query text is longer than the size limit. */
  tooLarge: 'QUERY_TOO_LARGE',
  /** Too deep, too costly, too many aliases or too many tokens. */
  tooComplex: 'QUERY_TOO_COMPLEX',
} as const;

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The `extensions` of an `ApiError`: its code, details and extra members. */
export function apiErrorExtensions(error: ApiError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.details) extensions.details = error.details;
  for (const [key, value] of Object.entries(error.extra)) extensions[camel(key)] = value;
  return extensions;
}

/** Renames REST body field names in a refusal's details to the GraphQL argument names. */
export function renameFields(error: unknown, names: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof ApiError) || !error.details) return error;
  const details = error.details.map((detail) => ({
    ...detail,
    field: names[detail.field] ?? detail.field,
  }));
  return new ApiError(error.code, error.message, {
    details,
    extra: error.extra,
    headers: error.headers,
  });
}

/** A request-level error (no `path`, no `locations`) from an `ApiError`. */
export function requestError(error: ApiError, requestId?: string): GraphQLFormattedError {
  return {
    message: error.message,
    extensions: { ...apiErrorExtensions(error), ...(requestId ? { requestId } : {}) },
  };
}

/** A request-level error with one of `LIMIT_CODES` (or another code) and extra members. */
export function codedError(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/**
 * Formats one error of a result. Resolver errors that are `ApiError`s keep their code; errors
 * graphql raised itself (syntax, validation, variable coercion) are INVALID_REQUEST; anything
 * else is a bug in the mock, logged and answered as INTERNAL_ERROR without its message.
 */
export function formatError(
  error: GraphQLError,
  log: MockLogger | undefined,
  requestId?: string,
): GraphQLFormattedError {
  const original = error.originalError;
  let message = error.message;
  let extensions: Record<string, unknown>;

  if (original instanceof ApiError) {
    extensions = apiErrorExtensions(original);
  } else if (typeof error.extensions.code === 'string') {
    extensions = { ...error.extensions };
  } else if (original && !(original instanceof GraphQLError)) {
    log?.error('graphql resolver failed:', original.stack ?? original.message);
    message = 'The mock server failed to resolve this field';
    extensions = { code: 'INTERNAL_ERROR' };
  } else if (error.path) {
    // A null where the schema promises a value: the mock broke its own contract.
    log?.error('graphql result violates the schema:', error.message);
    extensions = { code: 'INTERNAL_ERROR' };
  } else {
    extensions = { code: 'INVALID_REQUEST' };
  }

  if (requestId) extensions.requestId = requestId;
  return {
    message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions,
  };
}
