/**
 * Credentials: a static API key or access token, or OAuth 2.0 client credentials whose token is
 * fetched on first use, cached, and refreshed a minute before it expires (with the refresh
 * token when there is one). However many calls need a token at once, one token request is
 * made and they all wait for it. A 401 for a token that expired early makes the transport
 * invalidate it, refresh once and retry.
 *
 * @see https://docs.cyberfortress.io/sdks/node#authentication
 * @module
 */

import { CyberFortressError, isApiError } from './errors.js';
import type { OAuthOptions, ResolvedClientOptions } from './options.js';

/** The token endpoint's answer, camelCased. @category Http */
export interface TokenResponse {
  accessToken: string;
  tokenType?: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshToken?: string;
  scope?: string;
}

/** Sends one form to `POST /oauth/token` and returns the answer. @internal */
export type TokenRequester = (form: Record<string, string>) => Promise<TokenResponse>;

/** What the transport needs from a credential. @internal */
export interface Credentials {
  /** `Bearer …`, synchronously when it is at hand, else once the token request completes. */
  authorization(): string | Promise<string>;
  /**
   * Called after a 401 for a request sent with `used`; forgets that token and says whether a
   * retry with a new one can help (only OAuth can get a new one).
   */
  invalidate(used: string): boolean;
}

/** Refresh this long before the token expires, so that no request leaves with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The credential `options` describe: OAuth when `oauth` is given (seeded with `accessToken` if
 * that is given too), else the access token, else the API key.
 *
 * @example
 * const credentials = createCredentials(resolved, (form) => transport.request(tokenSpec(form)));
 * @internal
 */
export function createCredentials(
  options: Pick<ResolvedClientOptions, 'apiKey' | 'accessToken' | 'oauth'>,
  requestToken: TokenRequester,
  now: () => number = Date.now,
): Credentials {
  if (options.oauth)
    return new OAuthCredentials(options.oauth, requestToken, now, options.accessToken);
  const secret = options.accessToken ?? options.apiKey;
  if (secret !== undefined) return new StaticCredentials(`Bearer ${secret}`);
  return MISSING;
}

class StaticCredentials implements Credentials {
  readonly #header: string;

  constructor(header: string) {
    this.#header = header;
  }

  authorization(): string {
    return this.#header;
  }

  invalidate(): boolean {
    return false;
  }
}

const MISSING: Credentials = {
  authorization() {
    throw new CyberFortressError(
      'No credentials: pass `apiKey`, `accessToken` or `oauth` to the client, or set CYBERFORTRESS_API_KEY.',
    );
  },
  invalidate: () => false,
};

interface CachedToken {
  header: string;
  /** After this, a refresh starts in the background while the token is still used. */
  refreshAt: number;
  /** After this, callers wait for the new token. */
  expiresAt: number;
  refreshToken: string | undefined;
}

/** @internal exported for tests through `createCredentials` only */
class OAuthCredentials implements Credentials {
  readonly #oauth: OAuthOptions;
  readonly #requestToken: TokenRequester;
  readonly #now: () => number;
  #token: CachedToken | undefined;
  #inflight: Promise<string> | undefined;

  constructor(oauth: OAuthOptions, requestToken: TokenRequester, now: () => number, seed?: string) {
    this.#oauth = oauth;
    this.#requestToken = requestToken;
    this.#now = now;

    // A token handed in with the client credentials is used until the API rejects it.
    if (seed !== undefined) {
      this.#token = {
        header: `Bearer ${seed}`,
        refreshAt: Infinity,
        expiresAt: Infinity,
        refreshToken: undefined,
      };
    }
  }

  authorization(): string | Promise<string> {
    const token = this.#token;
    const now = this.#now();
    if (token && now < token.refreshAt) return token.header;
    if (token && now < token.expiresAt) {
      // Still valid: use it while a new one is fetched; a failed refresh is retried on expiry.
      this.#refresh().catch(() => undefined);
      return token.header;
    }

    return this.#refresh();
  }

  invalidate(used: string): boolean {
    const token = this.#token;
    if (token && token.header === used) {
      // Keep the refresh token: it usually outlives the access token the API just rejected.
      this.#token = { header: '', refreshAt: 0, expiresAt: 0, refreshToken: token.refreshToken };
    }

    return true;
  }

  /** The one token request in flight, shared by every caller that needs a token now. */
  #refresh(): Promise<string> {
    if (this.#inflight) return this.#inflight;
    const inflight = this.#fetchToken().then(
      (header) => {
        this.#inflight = undefined;
        return header;
      },
      (error: unknown) => {
        this.#inflight = undefined;
        throw error;
      },
    );

    this.#inflight = inflight;
    return inflight;
  }

  async #fetchToken(): Promise<string> {
    const { clientId, clientSecret, scope } = this.#oauth;
    const refreshToken = this.#token?.refreshToken;
    if (refreshToken !== undefined) {
      try {
        return this.#store(
          await this.#requestToken({
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
            client_id: clientId,
            client_secret: clientSecret,
          }),
        );
      } catch (error) {
        // A spent, expired or revoked refresh token: start over with the client credentials.
        if (!(isApiError(error) && (error.status === 400 || error.status === 401))) throw error;
      }
    }

    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    };
    if (scope !== undefined) form.scope = scope;
    return this.#store(await this.#requestToken(form));
  }

  #store(response: TokenResponse): string {
    if (typeof response?.accessToken !== 'string' || response.accessToken === '') {
      throw new CyberFortressError('The token endpoint answered without an access_token');
    }

    const now = this.#now();
    const lifetime = (Number.isFinite(response.expiresIn) ? response.expiresIn : 3600) * 1000;
    const header = `Bearer ${response.accessToken}`;
    this.#token = {
      header,
      refreshAt: now + Math.max(lifetime / 2, lifetime - REFRESH_MARGIN_MS),
      expiresAt: now + lifetime,
      refreshToken: response.refreshToken,
    };

    return header;
  }
}
