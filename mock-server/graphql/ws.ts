/**
 * GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`) at `/graphql` on
 * every port of a mock, as an upgrade transport. graphql and graphql-ws are loaded on the first
 * connection, so a mock whose clients never use GraphQL never loads them.
 */

import { WebSocketServer } from 'ws';
import type { UpgradeTransport } from '../http/upgrade.js';
import { GRAPHQL_PATH } from './path.js';
import type { GraphqlWsCounts, GraphqlWsServer } from './ws-server.js';

/** Timings of the mock's GraphQL subscriptions (graphql-ws); tests shorten them. */
export interface GraphqlTransportOptions {
  /** Time between `systemMetrics` subscription pushes. @default 5000 */
  metricsIntervalMs?: number;
  /** WebSocket ping interval; a client silent for as long again is dropped. @default 12_000 */
  keepAliveMs?: number;
  /** Close (4408) a connection that has not sent `connection_init` by then. @default 3000 */
  connectionInitWaitTimeoutMs?: number;
}

/** Figures for tests and benchmarks. */
export interface GraphqlStats {
  /** Open WebSocket connections on every port, acknowledged or not. */
  connections: number;
  /** Connections that passed `connection_init` (authenticated). */
  acknowledged: number;
  /** Operations running over those connections (subscriptions and queries in flight). */
  operations: number;
}

/** The graphql-ws transport of one mock, with its figures. */
export interface GraphqlTransport extends UpgradeTransport {
  /** The open connections and running operations now, on every port. */
  stats(): GraphqlStats;
}

/** Largest client message accepted (a query is at most 64 KiB; variables may add some). */
const MAX_CLIENT_MESSAGE = 1024 * 1024;

/**
 * Creates the GraphQL WebSocket transport of one mock; register it with `runtime.useUpgrade`.
 *
 * @example
 * runtime.useUpgrade(createGraphqlTransport({ metricsIntervalMs: 1000 }));
 */
export function createGraphqlTransport(options: GraphqlTransportOptions = {}): GraphqlTransport {
  const counts: GraphqlWsCounts = { acknowledged: 0, operations: 0 };
  const servers = new Set<WebSocketServer>();

  return {
    path: GRAPHQL_PATH,
    attach({ backend, state }) {
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: MAX_CLIENT_MESSAGE,
        perMessageDeflate: false,
      });
      servers.add(wss);
      let server: Promise<GraphqlWsServer> | undefined;
      const load = () =>
        (server ??= import('./ws-server.js').then((module) =>
          module.serveGraphqlWs(wss, { backend, state, counts, ...options }),
        ));

      return {
        handle: (request, socket, head) => {
          socket.on('error', () => socket.destroy());
          load().then(
            () =>
              wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
            (error: unknown) => {
              state.log.error('graphql-ws upgrade failed:', error);
              socket.destroy();
            },
          );
        },
        close: async () => {
          servers.delete(wss);
          if (server) {
            await (await server).dispose();
          } else {
            wss.close();
          }
        },
      };
    },
    stats: () => ({
      connections: [...servers].reduce((sum, wss) => sum + wss.clients.size, 0),
      acknowledged: counts.acknowledged,
      operations: counts.operations,
    }),
  };
}
