/**
 * The API keys resource: create, list and revoke long-lived keys.
 *
 * @see https://docs.cyberfortress.io/api/api-keys
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import { requestPage, type PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rCreateApiKeyResponse,
  rListApiKeysResponse,
  rRevokeApiKeyResponse,
} from '../generated/shapes.gen.js';
import type { ApiKey, ApiKeyCreateParams, ApiKeyCreated, PageParams } from '../types.js';
import { APIResource } from './resource.js';

/**
 * API keys of the account. A key can only be given permissions its creator holds.
 *
 * @example
 * const { apiKey, keyId } = await client.apiKeys.create({ name: 'SIEM', permissions: ['threats:read'] });
 * @see https://docs.cyberfortress.io/api/api-keys
 * @category Http
 */
export class ApiKeys extends APIResource {
  /**
   * Creates a key. The secret (`apiKey`) is in this response only: store it now.
   *
   * @example
   * const created = await client.apiKeys.create({
   *   name: 'Production Integration',
   *   permissions: ['threats:read', 'monitoring:write'],
   *   expiresAt: '2025-12-31T23:59:59Z',
   *   ipWhitelist: ['192.168.1.0/24'],
   * });
   * @see https://docs.cyberfortress.io/api/api-keys#create
   */
  create(params: ApiKeyCreateParams, options?: RequestOptions): APIPromise<ApiKeyCreated> {
    return this.transport.request<ApiKeyCreated>(
      { method: 'POST', path: '/api-keys', body: params, response: rCreateApiKeyResponse },
      options,
    );
  }

  /**
   * Lists keys (without their secrets); await for a page or iterate with `for await`.
   *
   * @example
   * for await (const key of client.apiKeys.list()) console.log(key.prefix, key.status);
   * @see https://docs.cyberfortress.io/api/api-keys#list
   */
  list(params?: PageParams, options?: RequestOptions): PagePromise<ApiKey> {
    return requestPage<ApiKey>(
      this.transport,
      { method: 'GET', path: '/api-keys', query: params, response: rListApiKeysResponse },
      options,
    );
  }

  /**
   * Revokes a key at once; returns it with status `revoked`.
   *
   * @example
   * await client.apiKeys.revoke('key_1a2b3c4d5e6f');
   * @see https://docs.cyberfortress.io/api/api-keys#revoke
   */
  revoke(keyId: string, options?: RequestOptions): APIPromise<ApiKey> {
    return this.transport.request<ApiKey>(
      {
        method: 'DELETE',
        path: '/api-keys/{key_id}',
        params: { key_id: keyId },
        response: rRevokeApiKeyResponse,
      },
      options,
    );
  }
}
