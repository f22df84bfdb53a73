/**
 * The auth step: a Bearer credential resolved by the domain, then the route's scope checked
 * with the implication rules, so a handler only ever runs for a caller allowed to call it.
 */

import type { MockBackend } from '../domain/backend.js';
import { hasScope } from '../domain/scopes.js';
import { ApiError } from './errors.js';
import type { Principal } from './types.js';

const BEARER = 'bearer ';

/**
 * Takes the token out of an `Authorization: Bearer <token>` header.
 * @throws ApiError 401 when the header is missing or not a Bearer credential
 */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new ApiError(
      'UNAUTHORIZED',
      'Missing Authorization header; send Authorization: Bearer <api key or access token>',
    );
  }

  const value = header.trim();
  const token = value.slice(BEARER.length).trim();
  if (value.slice(0, BEARER.length).toLowerCase() !== BEARER || token === '' || /\s/.test(token)) {
    throw new ApiError(
      'UNAUTHORIZED',
      'Malformed Authorization header; expected Authorization: Bearer <api key or access token>',
    );
  }

  return token;
}

/**
 * Resolves the caller from the `Authorization` header.
 * @throws ApiError 401 for a missing, malformed, unknown, expired or revoked credential;
 *   403 for a client address outside the key's IP whitelist
 */
export function authenticate(
  backend: MockBackend,
  authorization: string | undefined,
  clientIp: string,
): Principal {
  return backend.credentials.authenticate(bearerToken(authorization), clientIp);
}

/**
 * Checks that `principal` holds `scope`, directly or by implication.
 * @throws ApiError 403 naming the scope, with `required_scope` in the error object
 */
export function requireScope(principal: Principal, scope: string): void {
  if (!hasScope(principal.scopes, scope)) {
    throw new ApiError(
      'FORBIDDEN',
      `This operation requires the '${scope}' scope, which the credential lacks`,
      {
        extra: { required_scope: scope },
      },
    );
  }
}
