/**
 * Credentials: bearer-token resolution over API keys and OAuth access tokens, and the seeded
 * test credentials the control API hands out.
 */

import { ApiError } from '../http/errors.js';
import type { Principal } from '../http/types.js';
import { ApiKeys } from './api-keys.js';
import type { DomainContext } from './context.js';
import { OAuth, TEST_CLIENT_ID } from './oauth.js';
import { Random } from './random.js';
import { ALL_SCOPES, isScope } from './scopes.js';
import type { ApiKey, ApiKeyCreated, ApiKeyList, Scope, TokenResponse } from './wire.js';

/** The seeded credentials, for the control API and tests. */
export interface TestCredentials {
  /** An API key with every scope. */
  apiKey: string;
  /** An OAuth client allowed every scope. */
  oauth: {
    /** The client's id. */
    clientId: string;
    /** The client's secret. */
    clientSecret: string;
  };
}

/** The `credentials` part of the backend. */
export class Credentials {
  readonly #keys: ApiKeys;
  readonly #oauth: OAuth;
  readonly #testKey: string;

  /**
   * @param extraKeys keys added with {@link Credentials.addApiKey}; the backend keeps this map
   * across resets so they survive them
   */
  constructor(
    context: DomainContext,
    private readonly extraKeys: Map<string, readonly Scope[]>,
  ) {
    this.#keys = new ApiKeys(context);
    this.#oauth = new OAuth(context);
    this.#testKey = `cf_test_${Random.from(context.seed, 'test-api-key').base62(24)}`;
    this.#keys.addKnown(this.#testKey, 'Mock test key', ALL_SCOPES);

    for (const [key, scopes] of extraKeys) {
      this.#keys.addKnown(key, 'Key added at startup', scopes);
    }
  }

  /**
   * Resolves a bearer token to a principal.
   *
   * @throws ApiError UNAUTHORIZED (missing, unknown, malformed, expired, revoked) or FORBIDDEN
   * (client address outside the key's whitelist)
   */
  authenticate(token: string, clientIp: string): Principal {
    if (typeof token !== 'string' || token.length === 0) {
      throw new ApiError('UNAUTHORIZED', 'Missing bearer token');
    }

    if (this.#keys.owns(token)) {
      return this.#keys.authenticate(token, clientIp);
    }

    if (OAuth.looksLikeJwt(token)) {
      return this.#oauth.authenticate(token);
    }

    throw new ApiError(
      'UNAUTHORIZED',
      'Malformed bearer token: expected an API key (cf_live_… or cf_test_…) or an OAuth access token',
    );
  }

  issueToken(
    form: Record<string, string>,
    basic?: { clientId: string; clientSecret: string },
  ): TokenResponse {
    return this.#oauth.issue(form, basic);
  }

  createApiKey(principal: Principal, body: unknown): ApiKeyCreated {
    return this.#keys.create(principal, body);
  }

  listApiKeys(query: { limit: number; offset: number }): ApiKeyList {
    return this.#keys.list(query);
  }

  revokeApiKey(id: string): ApiKey {
    return this.#keys.revoke(id);
  }

  /** Accepts `key` from now on (and after resets), with every scope unless told otherwise. */
  addApiKey(key: string, scopes: readonly string[] = ALL_SCOPES): void {
    const granted = scopes.filter(isScope);
    this.extraKeys.set(key, granted);
    this.#keys.addKnown(key, 'Key added at startup', granted);
  }

  testCredentials(): TestCredentials {
    return {
      apiKey: this.#testKey,
      oauth: { clientId: TEST_CLIENT_ID, clientSecret: this.#oauth.clientSecret },
    };
  }
}
