/**
 * The stream's knobs, as `new CyberFortress({ stream: { … } })` takes them; each default is
 * written here once and applied once, by `resolveStreamOptions`.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import { randomisedExponentialBackoff } from './policy.js';

/**
 * The WebSocket constructor the stream uses: the browser's, `ws`'s, or any other with the
 * standard interface.
 *
 * @category Stream
 */
export type WebSocketConstructor = new (
  url: string | URL,
  protocols?: string | string[],
) => WebSocket;

/**
 * Options of `client.stream`.
 *
 * @example
 * new CyberFortress({ stream: { heartbeatInterval: 5_000, heartbeatTimeout: 15_000 } });
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @category Stream
 */
export interface StreamOptions {
  /** Send a JSON `ping` this often (ms), so that a silent connection is noticed. @default 15_000 */
  heartbeatInterval?: number;
  /** Treat the connection as dead when nothing (no event, no `pong`) arrived for this long (ms), even if the socket never closes. @default 45_000 */
  heartbeatTimeout?: number;
  /** Reconnect attempts in a row before giving up; `Infinity` never gives up. @default Infinity */
  retryAttempts?: number;
  /** Milliseconds to wait before reconnect attempt `attempt` (1, 2, …). @default randomisedExponentialBackoff (about 1s doubling to 30s, jittered) */
  retryWait?: (attempt: number) => number;
  /** Milliseconds a command may take, from the call to its result (queue time included). @default 30_000 */
  commandTimeout?: number;
  /** Commands kept while disconnected; one more is rejected with `QUEUE_FULL`. @default 100 */
  maxQueuedCommands?: number;
  /** Milliseconds to wait for the socket to open and `auth_ok` to arrive before retrying. @default 10_000 */
  connectTimeout?: number;
}

/**
 * The options with their defaults, checked: a bad one throws where the client is made, before
 * any of the stream's code loads.
 *
 * @throws TypeError naming the option, when a duration is not a positive number
 * @internal
 */
export function resolveStreamOptions(options: StreamOptions = {}): Required<StreamOptions> {
  const {
    heartbeatInterval = 15_000,
    heartbeatTimeout = 45_000,
    retryAttempts = Infinity,
    retryWait = randomisedExponentialBackoff,
    commandTimeout = 30_000,
    maxQueuedCommands = 100,
    connectTimeout = 10_000,
  } = options;
  return {
    heartbeatInterval: positive(heartbeatInterval, 'stream.heartbeatInterval'),
    heartbeatTimeout: positive(heartbeatTimeout, 'stream.heartbeatTimeout'),
    retryAttempts,
    retryWait,
    commandTimeout: positive(commandTimeout, 'stream.commandTimeout'),
    maxQueuedCommands,
    connectTimeout: positive(connectTimeout, 'stream.connectTimeout'),
  };
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new TypeError(
      `The \`${name}\` option must be a positive number of milliseconds, got ${String(value)}`,
    );
  }

  return value;
}
