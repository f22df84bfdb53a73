/**
 * OAuth 2.0 for the mock: one seeded confidential client holding every scope, the
 * client_credentials and refresh_token grants, HS256 JWT access tokens that expire on the mock
 * clock, and one-time refresh tokens that rotate on each use.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import type { Principal } from '../http/types.js';
import type { DomainContext } from './context.js';
import { digest } from './api-keys.js';
import { Random } from './random.js';
import { ALL_SCOPES, isScope } from './scopes.js';
import type { Scope, TokenResponse } from './wire.js';

/** The seeded client's id; its secret comes from the seed. */
export const TEST_CLIENT_ID = 'cf_client_test';
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_MS = 30 * 86_400_000;

interface RefreshRecord {
  clientId: string;
  scopes: Scope[];
  expiresMs: number;
  used: boolean;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(digest(a), 'hex');
  const right = Buffer.from(digest(b), 'hex');
  return timingSafeEqual(left, right);
}

/** The OAuth side of one backend. */
export class OAuth {
  readonly clientSecret: string;
  readonly #signingKey: string;
  readonly #refresh = new Map<string, RefreshRecord>();

  constructor(private readonly context: DomainContext) {
    const random = Random.from(context.seed, 'oauth');
    this.clientSecret = `cf_secret_${random.base62(32)}`;
    this.#signingKey = random.base62(48);
  }

  /** Whether `token` has the JWT shape (three base64url parts). */
  static looksLikeJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
  }

  /**
   * Runs the token endpoint.
   *
   * @throws ApiError INVALID_REQUEST (missing or unsupported grant_type, scope beyond the
   * client's, a bad refresh token) or UNAUTHORIZED (client authentication failed)
   */
  issue(
    form: Record<string, string>,
    basic?: { clientId: string; clientSecret: string },
  ): TokenResponse {
    const grant = form.grant_type;

    if (grant === undefined || grant === '') {
      throw ApiError.invalid([
        { field: 'grant_type', issue: 'Required: client_credentials or refresh_token' },
      ]);
    }

    if (grant !== 'client_credentials' && grant !== 'refresh_token') {
      throw ApiError.invalid(
        [
          {
            field: 'grant_type',
            issue: `Unsupported grant type '${grant}': use client_credentials or refresh_token`,
          },
        ],
        'Unsupported grant type',
      );
    }

    const clientId = basic?.clientId ?? form.client_id;
    const secret = basic?.clientSecret ?? form.client_secret;

    if (!clientId || !secret) {
      throw new ApiError(
        'UNAUTHORIZED',
        'Client authentication failed: send client_id and client_secret in the form or with HTTP Basic',
      );
    }

    if (clientId !== TEST_CLIENT_ID || !equalSecrets(secret, this.clientSecret)) {
      throw new ApiError(
        'UNAUTHORIZED',
        'Client authentication failed: unknown client or wrong secret',
      );
    }

    let granted: readonly Scope[] = ALL_SCOPES;
    let previous: RefreshRecord | undefined;

    if (grant === 'refresh_token') {
      const token = form.refresh_token;

      if (!token) {
        throw ApiError.invalid([
          { field: 'refresh_token', issue: 'Required for the refresh_token grant' },
        ]);
      }

      previous = this.#refresh.get(digest(token));

      if (
        !previous ||
        previous.used ||
        previous.clientId !== clientId ||
        previous.expiresMs <= this.context.clock.now()
      ) {
        throw ApiError.invalid(
          [{ field: 'refresh_token', issue: 'Unknown, expired or already used refresh token' }],
          'Invalid refresh token',
        );
      }

      granted = previous.scopes;
    }

    const scopes = this.#scopes(form.scope, granted);

    // The old refresh token dies only once the new pair is certain to be issued.
    if (previous) {
      previous.used = true;
    }

    return this.#tokens(clientId, scopes);
  }

  /** @throws ApiError UNAUTHORIZED (malformed, bad signature, expired) */
  authenticate(token: string): Principal {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const expected = createHmac('sha256', this.#signingKey).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');

    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError('UNAUTHORIZED', 'Invalid access token signature');
    }

    let claims: { sub?: unknown; scope?: unknown; exp?: unknown };

    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      throw new ApiError('UNAUTHORIZED', 'Malformed access token');
    }

    if (
      typeof claims.sub !== 'string' ||
      typeof claims.scope !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw new ApiError('UNAUTHORIZED', 'Malformed access token');
    }

    if (claims.exp * 1000 <= this.context.clock.now()) {
      throw new ApiError('UNAUTHORIZED', 'Access token expired');
    }

    return { id: claims.sub, kind: 'oauth_token', scopes: claims.scope.split(' ').filter(isScope) };
  }

  #scopes(requested: string | undefined, granted: readonly Scope[]): Scope[] {
    if (requested === undefined || requested.trim() === '') {
      return [...granted];
    }

    const names = [...new Set(requested.trim().split(/\s+/))];
    const unknown = names.filter((name) => !isScope(name));
    const beyond = names.filter((name) => isScope(name) && !granted.includes(name));

    if (unknown.length > 0 || beyond.length > 0) {
      const issue =
        unknown.length > 0
          ? `Unknown scope(s): ${unknown.join(', ')}`
          : `Not granted to this client or token: ${beyond.join(', ')}`;
      throw ApiError.invalid([{ field: 'scope', issue }], 'Invalid scope');
    }

    return names as Scope[];
  }

  #tokens(clientId: string, scopes: Scope[]): TokenResponse {
    const { clock, random } = this.context;
    const iat = Math.floor(clock.now() / 1000);
    const scope = scopes.join(' ');
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({ sub: clientId, scope, iat, exp: iat + ACCESS_TTL_S, jti: random.hex(16) }),
    );
    const signature = createHmac('sha256', this.#signingKey)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const refreshToken = `cfr_${random.base62(40)}`;
    this.#refresh.set(digest(refreshToken), {
      clientId,
      scopes,
      expiresMs: clock.now() + REFRESH_TTL_MS,
      used: false,
    });
    return {
      access_token: `${header}.${payload}.${signature}`,
      token_type: 'Bearer',
      expires_in: ACCESS_TTL_S,
      refresh_token: refreshToken,
      scope,
    };
  }
}
