/**
 * The stream's knobs, as `new CyberFortress({ stream: { … } })` takes them; each default is
 * written here once and applied once, in `StreamClient`'s constructor.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

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
