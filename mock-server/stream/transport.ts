/**
 * The threat stream as an upgrade transport: `/v1/threats` on every port of a mock, on `ws`.
 * Each port gets its own WebSocket server and heartbeat; all ports share one hub (sequence,
 * replay buffer, domain subscription) and the simulator.
 */

import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import type { MockBackend } from '../domain/backend.js';
import { normalizeAddress } from '../http/node.js';
import type { MockState } from '../http/state.js';
import type { UpgradeTransport } from '../http/upgrade.js';
import { StreamConnection } from './connection.js';
import { StreamHub } from './hub.js';
import { CLOSE, MAX_CLIENT_FRAME, REPLAY_BUFFER_SIZE, SEND_BUFFER_LIMIT } from './protocol.js';
import { registerStream } from './registry.js';
import { ThreatSimulator, type SimulatorOptions } from './simulator.js';

/** The stream's path on the mock's port (the reference's `wss://stream.cyberfortress.io/v1/threats`). */
export const STREAM_PATH = '/v1/threats';

/** Timings and limits of the mock's WebSocket stream; the defaults are the AsyncAPI document's. */
export interface StreamTransportOptions {
  /** Close (4401) a connection that has not authenticated by then. @default 10_000 */
  authTimeoutMs?: number;
  /** Send a WebSocket ping this often. @default 15_000 */
  pingIntervalMs?: number;
  /** Drop (no close frame) a connection silent for this long. @default 45_000 */
  idleTimeoutMs?: number;
  /** Close (4408) a connection whose send buffer exceeds this many bytes. @default 4 MiB */
  sendBufferLimit?: number;
  /** Events kept for `resume`. @default 10_000 */
  replayBufferSize?: number;
  /** The threat simulator, running while any port listens. @default { eventsPerSecond: 0 } */
  simulator?: SimulatorOptions;
}

/** Figures for tests and benchmarks. */
export interface StreamStats {
  /** Open connections, authenticated or not. */
  connections: number;
  /** Connections that have authenticated. */
  authenticated: number;
  /** The sequence of the newest event (0 before the first). */
  latestSequence: number;
}

/** The WebSocket stream at `/v1/threats` of one mock, with hooks for tests. */
export interface StreamTransport extends UpgradeTransport {
  /**
   * Test hook: ends every open stream connection from the server's side, with a close frame
   * (1001, going away) when `clean`, or by dropping the socket (the client sees 1006).
   * @returns how many connections were ended
   */
  dropConnections(options?: { clean?: boolean }): number;
  /** Connection counts and the newest sequence number, now. */
  stats(): StreamStats;
}

/**
 * Creates the stream transport of one mock; register it with `runtime.useUpgrade`.
 *
 * @example
 * runtime.useUpgrade(createStreamTransport({ simulator: { eventsPerSecond: 5 } }));
 */
export function createStreamTransport(options: StreamTransportOptions = {}): StreamTransport {
  const {
    authTimeoutMs = 10_000,
    pingIntervalMs = 15_000,
    idleTimeoutMs = 45_000,
    sendBufferLimit = SEND_BUFFER_LIMIT,
    replayBufferSize = REPLAY_BUFFER_SIZE,
  } = options;
  const limits = { authTimeoutMs, idleTimeoutMs, sendBufferLimit };
  let hub: StreamHub | undefined;
  let simulator: ThreatSimulator | undefined;
  let ports = 0;

  const hubFor = (backend: MockBackend): StreamHub => {
    if (hub && hub.backend !== backend) {
      throw new Error('A stream transport serves one mock backend; create one per mock');
    }

    hub ??= new StreamHub(backend, replayBufferSize);
    return hub;
  };

  const transport: StreamTransport = {
    path: STREAM_PATH,
    attach({ backend, state }: { backend: MockBackend; state: MockState }) {
      const portHub = hubFor(backend);
      portHub.retain();
      registerStream(state, transport);
      simulator ??= new ThreatSimulator(backend, state.log, options.simulator);
      if (ports++ === 0) simulator.start();

      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: MAX_CLIENT_FRAME,
        perMessageDeflate: false,
        clientTracking: false,
      });
      const connections = new Set<StreamConnection>();

      // One timer per port pings every connection and drops the silent ones.
      const heartbeat = setInterval(() => {
        const now = Date.now();
        for (const connection of [...connections]) {
          try {
            connection.heartbeat(now);
          } catch (error) {
            state.log.error('stream heartbeat failed:', error);
          }
        }
      }, pingIntervalMs);
      heartbeat.unref();

      const accept = (request: IncomingMessage, ws: import('ws').WebSocket) => {
        const clientIp = normalizeAddress(request.socket.remoteAddress);
        const connection = new StreamConnection(ws, portHub, state, clientIp, limits);
        connections.add(connection);
        ws.on('close', () => connections.delete(connection));
      };

      return {
        handle: (request, socket, head) => {
          socket.on('error', () => socket.destroy());
          try {
            wss.handleUpgrade(request, socket, head, (ws) => accept(request, ws));
          } catch (error) {
            state.log.error('stream upgrade failed:', error);
            socket.destroy();
          }
        },
        close: async () => {
          clearInterval(heartbeat);
          if (--ports === 0) simulator?.stop();
          portHub.release();
          const closing = [...connections].map(
            (connection) =>
              new Promise<void>((resolve) => {
                // A client that does not answer the close frame is dropped after a moment.
                const timer = setTimeout(() => {
                  connection.terminate();
                  resolve();
                }, 1000);
                timer.unref();
                connection.onClosed(() => {
                  clearTimeout(timer);
                  resolve();
                });
                connection.close(CLOSE.goingAway, 'Server shutting down');
              }),
          );
          await Promise.all(closing);
          wss.close();
        },
      };
    },
    dropConnections: ({ clean = false } = {}) => {
      if (!hub) return 0;
      const members = [...hub.members] as StreamConnection[];
      for (const connection of members) {
        if (clean) {
          connection.close(CLOSE.goingAway, 'Dropped by the test hook');
        } else {
          connection.terminate();
        }
      }

      return members.length;
    },
    stats: () => {
      const members = hub
        ? ([...hub.members] as StreamConnection[]).filter((member) => !member.closing)
        : [];
      return {
        connections: members.length,
        authenticated: members.filter((member) => member.authenticated).length,
        latestSequence: hub?.window().latest_sequence ?? 0,
      };
    },
  };
  return transport;
}
