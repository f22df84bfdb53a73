/**
 * The base of every resource: a resource holds the client's transport and nothing else, so a
 * method only builds a request description and types its result.
 *
 * @module
 */

import type { Transport } from '../core/transport.js';

/**
 * A group of API operations sharing the client's transport.
 *
 * @example
 * class Threats extends APIResource {}
 * @see https://docs.cyberfortress.io/sdks/node
 * @internal
 */
export abstract class APIResource {
  /** @internal */
  protected readonly transport: Transport;

  /** @internal resources are made by the client's getters. */
  constructor(transport: Transport) {
    this.transport = transport;
  }
}
