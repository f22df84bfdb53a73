/**
 * WebSocket upgrades on the mock's port: each transport that speaks WebSocket (the threat stream
 * at `/v1/threats`, GraphQL subscriptions at `/graphql`) registers a handler for its path, and the
 * listener hands every upgrade request to the handler of its path, so one origin serves them all.
 */

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MockBackend } from '../domain/backend.js';
import type { MockState } from './state.js';

/** Takes over one upgrade request (typically with `ws`'s `handleUpgrade`). @internal */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * What a transport needs to serve its WebSocket path, made once per listening server. The
 * mock's own transports (the stream, GraphQL subscriptions) implement it; `attach` is internal,
 * so no other can.
 */
export interface UpgradeTransport {
  /** The path served, such as `/v1/threats`. */
  path: string;
  /** Called when a port starts listening; the returned handler serves that port's upgrades. @internal */
  attach(context: { backend: MockBackend; state: MockState }): {
    /** Serves one upgrade request of this port on this transport's path. */
    handle: UpgradeHandler;
    /** Closes this port's connections (on `close()` of the listening server). */
    close(): Promise<void>;
  };
}

/**
 * Routes upgrade requests by path; unknown paths are refused with 404 before any WebSocket
 * handshake, as a plain HTTP server would.
 */
export function dispatchUpgrades(
  handlers: ReadonlyMap<string, UpgradeHandler>,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (request, socket, head) => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const handler = handlers.get(path) ?? handlers.get(path.replace(/\/$/, ''));
    if (handler) {
      handler(request, socket, head);
      return;
    }

    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
}
