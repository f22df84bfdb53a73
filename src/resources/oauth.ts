/**
 * The OAuth resource: the token endpoint, for callers that manage tokens themselves. (A client
 * given `oauth: { clientId, clientSecret }` fetches and refreshes its tokens on its own.)
 *
 * @see https://docs.cyberfortress.io/authentication#oauth
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/transport.js';
import { rCreateOAuthTokenResponse } from '../generated/shapes.gen.js';
import type { OAuthTokenParams, TokenResponse } from '../types.js';
import { APIResource } from './resource.js';

/**
 * OAuth 2.0 client credentials and refresh tokens.
 *
 * @example
 * const { accessToken } = await client.oauth.token({ clientId, clientSecret });
 * @see https://docs.cyberfortress.io/authentication#oauth
 * @category Http
 */
export class OAuth extends APIResource {
  /**
   * Exchanges client credentials (or a refresh token) for an access token. Sent as a form,
   * without the client's own credentials.
   *
   * @example
   * const token = await client.oauth.token({
   *   clientId: 'cf_client_…',
   *   clientSecret: process.env.CF_CLIENT_SECRET!,
   *   scope: ['threats:read', 'threats:write'],
   * });
   * const reader = new CyberFortress({ accessToken: token.accessToken });
   * @see https://docs.cyberfortress.io/authentication#oauth
   */
  token(params: OAuthTokenParams, options?: RequestOptions): APIPromise<TokenResponse> {
    const { grantType, clientId, clientSecret, scope, refreshToken } = params;
    const form: Record<string, string> = {
      grant_type:
        grantType ?? (refreshToken === undefined ? 'client_credentials' : 'refresh_token'),
    };
    if (clientId !== undefined) form.client_id = clientId;
    if (clientSecret !== undefined) form.client_secret = clientSecret;
    if (scope !== undefined) form.scope = typeof scope === 'string' ? scope : scope.join(' ');
    if (refreshToken !== undefined) form.refresh_token = refreshToken;

    return this.transport.request<TokenResponse>(
      {
        method: 'POST',
        path: '/oauth/token',
        body: { form },
        auth: false,
        response: rCreateOAuthTokenResponse,
      },
      options,
    );
  }
}
