/**
 * The network resource: block addresses, ranges and domains; list and lift blocks.
 *
 * @see https://docs.cyberfortress.io/api/network
 * @module
 */

import { APIPromise } from '../core/api-promise.js';
import { requestPage, type PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rBlockTargetsResponse,
  rListBlocksResponse,
  rUnblockResponse,
} from '../generated/shapes.gen.js';
import type {
  Block,
  BlockResult,
  NetworkBlockIPParams,
  NetworkBlockParams,
  NetworkListBlocksParams,
} from '../types.js';
import { APIResource } from './resource.js';

/**
 * Network containment: blocks on IP addresses, CIDR ranges and domains.
 *
 * @example
 * await client.network.blockIP({ ip: '203.0.113.42', duration: '24h' });
 * @see https://docs.cyberfortress.io/api/network
 * @category Http
 */
export class Network extends APIResource {
  /**
   * Blocks up to 100 targets at once. A target that already has an active block gets that
   * block extended (same id) rather than a second one. Retried safely with one idempotency key.
   *
   * @example
   * const { blocks } = await client.network.block({
   *   targets: [
   *     { type: 'ip', value: '203.0.113.42' },
   *     { type: 'cidr', value: '198.51.100.0/24' },
   *     { type: 'domain', value: 'malicious-domain.com' },
   *   ],
   *   duration: '24h',
   *   reason: 'C2 communication detected',
   * });
   * @see https://docs.cyberfortress.io/api/network#block
   */
  block(params: NetworkBlockParams, options?: RequestOptions): APIPromise<BlockResult> {
    return this.transport.request<BlockResult>(
      {
        method: 'POST',
        path: '/network/block',
        body: params,
        response: rBlockTargetsResponse,
      },
      options,
    );
  }

  /**
   * Blocks one IP address (a single-target `block`) and returns its block.
   *
   * @example
   * const block = await client.network.blockIP({ ip: threat.ipAddress, duration: '24h' });
   * console.log(block.id, block.expiresAt);
   * @see https://docs.cyberfortress.io/api/network#block
   */
  blockIP(params: NetworkBlockIPParams, options?: RequestOptions): APIPromise<Block> {
    const { ip, duration, reason, autoUnblock } = params;
    const body: NetworkBlockParams = { targets: [{ type: 'ip', value: ip }] };
    if (duration !== undefined) body.duration = duration;
    if (reason !== undefined) body.reason = reason;
    if (autoUnblock !== undefined) body.autoUnblock = autoUnblock;

    // One target in, one block out: the API answers with the list of blocks it made or extended.
    const result = this.block(body, options)
      .withResponse()
      .then((response) => ({ ...response, data: response.data.blocks[0] as Block }));
    return new APIPromise(result);
  }

  /**
   * Lists blocks (active ones unless `status` says otherwise); await for a page or iterate
   * with `for await` across pages.
   *
   * @example
   * for await (const block of client.network.listBlocks({ type: 'ip' })) console.log(block.value);
   * @see https://docs.cyberfortress.io/api/network#list-blocks
   */
  listBlocks(params?: NetworkListBlocksParams, options?: RequestOptions): PagePromise<Block> {
    return requestPage<Block>(
      this.transport,
      {
        method: 'GET',
        path: '/network/blocks',
        query: params,
        response: rListBlocksResponse,
      },
      options,
    );
  }

  /**
   * Lifts a block at once; returns it with status `removed`. Lifting a block that is no longer
   * active is a `ConflictError`.
   *
   * @example
   * await client.network.unblock('block_0123456789ab');
   * @see https://docs.cyberfortress.io/api/network#unblock
   */
  unblock(blockId: string, options?: RequestOptions): APIPromise<Block> {
    return this.transport.request<Block>(
      {
        method: 'DELETE',
        path: '/network/blocks/{block_id}',
        params: { block_id: blockId },
        response: rUnblockResponse,
      },
      options,
    );
  }
}
