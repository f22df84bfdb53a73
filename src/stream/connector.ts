/**
 * The stream's connection lifecycle: one WebSocket at a time, opened with credentials read
 * afresh on every attempt and authenticated, watched by heartbeat ticks and dropped when it falls
 * silent, and after each close either reopened with backoff or given up on for good, as
 * `closeVerdict` (policy.ts) decides for the close code.
 *
 * @module
 */

import type { Credentials } from '../core/auth.js';
import { isApiError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import type { StreamCoreInit, StreamState } from './core.js';
import { StreamError } from './errors.js';
import type { Handlers } from './handlers.js';
import type { WebSocketConstructor } from './options.js';
import { CloseCode, closeVerdict } from './policy.js';
import type { WireMessage } from './protocol.js';

/**
 * One WebSocket and what belongs to it alone.
 *
 * @internal
 */
export interface Connection {
  socket: WebSocket;
  /** The `Bearer …` value sent, to invalidate it after a 4401. */
  authorization: string;
  /** `auth_ok` arrived. */
  ready: boolean;
  lastMessageAt: number;
  lastPingAt: number;
  ticker: ReturnType<typeof setInterval> | undefined;
  connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last `error` the server sent, to explain the close that usually follows. */
  lastError: WireMessage | undefined;
}

/**
 * What the connector leaves to the stream that owns it.
 *
 * @internal
 */
export interface ConnectorHooks {
  /** A message arrived on the current connection. */
  message(connection: Connection, data: unknown): void;
  /** The current connection is gone: what waits for an answer on it must settle now. */
  lost(connection: Connection): void;
  /** Reconnecting cannot help: the stream has stopped for good, with `error`. */
  failed(error: StreamError): void;
}

/** The options the connector uses. @internal */
export type ConnectorInit = Pick<
  StreamCoreInit,
  | 'url'
  | 'credentials'
  | 'WebSocket'
  | 'log'
  | 'heartbeatInterval'
  | 'heartbeatTimeout'
  | 'retryAttempts'
  | 'retryWait'
  | 'connectTimeout'
>;

/** The socket's `readyState` when it can send. */
const OPEN = 1;

function noop(): void {}

/** isows picks `ws` on Node and the runtime's own WebSocket elsewhere; loaded on first connect. */
async function loadWebSocket(): Promise<WebSocketConstructor> {
  const module = await import('isows');
  return module.WebSocket as unknown as WebSocketConstructor;
}

/**
 * Sends `message` on `connection`; false when its socket cannot send.
 *
 * @internal
 */
export function sendMessage(connection: Connection, message: Record<string, unknown>): boolean {
  if (connection.socket.readyState !== OPEN) return false;
  connection.socket.send(JSON.stringify(message));
  return true;
}

/**
 * Keeps one stream connected, and says where it is (`StreamState`).
 *
 * @internal for `StreamCore`
 */
export class Connector {
  readonly #url: string;
  readonly #credentials: Credentials;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #log: Log;
  readonly #heartbeatInterval: number;
  readonly #heartbeatTimeout: number;
  readonly #retryAttempts: number;
  readonly #retryWait: (attempt: number) => number;
  readonly #connectTimeout: number;
  readonly #handlers: Handlers;
  readonly #hooks: ConnectorHooks;

  #state: StreamState = 'idle';
  #connection: Connection | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reconnect attempts since the last successful connection. */
  #attempt = 0;
  /**
   * Counts the starts of `#open` and the calls of `close()`: an attempt that reads credentials
   * goes on only if nothing has started or stopped since, so that `close()` then `connect()`
   * during the read opens one socket, not two.
   */
  #generation = 0;
  /** 4401 was already answered by fetching a new token; a second one is fatal. */
  #authRetried = false;
  /** Seconds a `RATE_LIMIT_EXCEEDED` asked us to wait, for the 4429 that may follow. */
  #retryAfter = 0;

  /**
   * @param handlers where `connecting`, `close` and `reconnecting` are emitted
   * @param hooks what the owner does with messages, lost connections and a fatal failure
   */
  constructor(init: ConnectorInit, handlers: Handlers, hooks: ConnectorHooks) {
    this.#url = init.url;
    this.#credentials = init.credentials;
    this.#WebSocket = init.WebSocket;
    this.#log = init.log;
    this.#heartbeatInterval = init.heartbeatInterval;
    this.#heartbeatTimeout = init.heartbeatTimeout;
    this.#retryAttempts = init.retryAttempts;
    this.#retryWait = init.retryWait;
    this.#connectTimeout = init.connectTimeout;
    this.#handlers = handlers;
    this.#hooks = hooks;
  }

  /** `open` once authenticated and subscribed; `waiting` between a drop and the next attempt. */
  get state(): StreamState {
    return this.#state;
  }

  /** The current connection, authenticated or not; none while waiting or closed. */
  get connection(): Connection | undefined {
    return this.#connection;
  }

  /** Starts connecting, from `idle` or `closed`, with a fresh count of attempts. */
  start(): void {
    this.#attempt = 0;
    this.#authRetried = false;
    void this.#open();
  }

  /** `auth_ok` arrived on `connection`: it is ready, and the count of attempts starts over. */
  authenticated(connection: Connection): void {
    clearTimeout(connection.connectTimer);
    connection.ready = true;
    this.#attempt = 0;
    this.#authRetried = false;
  }

  /** `connection` is subscribed, hence `open`; false when another one replaced it meanwhile. */
  opened(connection: Connection): boolean {
    if (connection !== this.#connection) return false;
    this.#state = 'open';
    return true;
  }

  /** A `RATE_LIMIT_EXCEEDED` asked for `seconds`: a 4429 that follows waits at least that. */
  rateLimited(seconds: number): void {
    this.#retryAfter = seconds;
  }

  /** Sends on the current connection once it is authenticated; false when it cannot. */
  readonly sendReady = (message: Record<string, unknown>): boolean => {
    const connection = this.#connection;
    return connection?.ready === true && sendMessage(connection, message);
  };

  /**
   * Closes the connection (code 1000) and stops reconnecting.
   *
   * @returns false when the stream was not started or had stopped already
   */
  close(): boolean {
    if (this.#state === 'idle' || this.#state === 'closed') return false;
    this.#state = 'closed';
    this.#generation += 1;
    clearTimeout(this.#retryTimer);
    const connection = this.#connection;
    if (connection) {
      this.#teardown(connection);
      if (connection.socket.readyState <= OPEN)
        connection.socket.close(CloseCode.Normal, 'client closed');
      this.#handlers.emit('close', { code: CloseCode.Normal, reason: 'client closed' });
    }

    return true;
  }

  async #open(): Promise<void> {
    const generation = ++this.#generation;
    this.#state = 'connecting';
    this.#handlers.emit('connecting', { attempt: this.#attempt, url: this.#url });

    // Read the credentials again on every attempt: an OAuth token may have been refreshed.
    let authorization: string;
    let WebSocketImpl: WebSocketConstructor;
    try {
      const pending = this.#credentials.authorization();
      authorization = typeof pending === 'string' ? pending : await pending;
      WebSocketImpl = this.#WebSocket ?? (await loadWebSocket());
    } catch (error) {
      if (generation !== this.#generation) return;

      // Refused credentials will be refused again; a token endpoint that is unreachable or
      // failing may come back, like the stream itself.
      if (isApiError(error) && (error.status === 400 || error.status === 401)) {
        this.#fail(
          new StreamError(`The stream could not get credentials: ${error.message}`, {
            code: error.code,
            cause: error,
          }),
        );
      } else {
        this.#log.warn(`stream: could not get credentials: ${(error as Error).message}`);
        this.#retry(CloseCode.Abnormal, 'credentials unavailable');
      }

      return;
    }

    // `close()`, and maybe `connect()` after it, may have been called while they were read.
    if (generation !== this.#generation) return;
    let socket: WebSocket;
    try {
      socket = new WebSocketImpl(this.#url);
    } catch (error) {
      this.#fail(
        new StreamError(`The stream could not open ${this.#url}: ${(error as Error).message}`, {
          cause: error,
        }),
      );
      return;
    }

    const now = Date.now();
    const connection: Connection = {
      socket,
      authorization,
      ready: false,
      lastMessageAt: now,
      lastPingAt: now,
      ticker: undefined,
      connectTimer: undefined,
      lastError: undefined,
    };

    this.#connection = connection;
    connection.connectTimer = setTimeout(
      () => this.#drop(connection, CloseCode.Abnormal, 'connect timeout'),
      this.#connectTimeout,
    );

    socket.onopen = () => {
      if (connection !== this.#connection) return;
      sendMessage(connection, { type: 'auth', token: authorization.replace(/^Bearer /, '') });
      connection.ticker = setInterval(() => this.#tick(connection), this.#tickInterval());
    };

    socket.onmessage = (event: MessageEvent) => {
      if (connection !== this.#connection) return;
      connection.lastMessageAt = Date.now();
      this.#hooks.message(connection, event.data);
    };

    socket.onclose = (event: CloseEvent) => {
      if (connection === this.#connection) this.#closed(connection, event.code, event.reason);
    };

    // A close event always follows an error event; the close decides what happens.
    socket.onerror = noop;
  }

  /** Checks often enough to notice a silent connection within about a quarter of the timeout. */
  #tickInterval(): number {
    return Math.max(5, Math.min(this.#heartbeatInterval, Math.ceil(this.#heartbeatTimeout / 4)));
  }

  #tick(connection: Connection): void {
    const now = Date.now();
    if (now - connection.lastMessageAt >= this.#heartbeatTimeout) {
      this.#log.warn(`stream: nothing received for ${this.#heartbeatTimeout} ms; reconnecting`);
      this.#drop(connection, CloseCode.Abnormal, 'heartbeat timeout');
      return;
    }

    if (connection.ready && now - connection.lastPingAt >= this.#heartbeatInterval) {
      connection.lastPingAt = now;
      sendMessage(connection, { type: 'ping' });
    }
  }

  /** Gives up on a connection that may never close by itself, and handles it as closed. */
  #drop(connection: Connection, code: number, reason: string): void {
    if (connection !== this.#connection) return;
    const socket = connection.socket as WebSocket & { terminate?: () => void };
    socket.onclose = null;
    socket.onmessage = null;
    if (typeof socket.terminate === 'function') socket.terminate();
    else socket.close();
    this.#closed(connection, code, reason);
  }

  #teardown(connection: Connection): void {
    clearInterval(connection.ticker);
    clearTimeout(connection.connectTimer);
    connection.socket.onmessage = null;
    connection.socket.onclose = null;
    if (this.#connection === connection) this.#connection = undefined;
    this.#hooks.lost(connection);
  }

  #closed(connection: Connection, code: number, reason: string): void {
    this.#teardown(connection);
    this.#handlers.emit('close', { code, reason });
    if (this.#state === 'closed') return;

    // A 4401 with an OAuth client: the token may have expired early; one new token may help.
    let fresh = false;
    if (code === CloseCode.Unauthorized && !this.#authRetried) {
      fresh = this.#credentials.invalidate(connection.authorization);
      this.#authRetried = fresh;
    }

    if (closeVerdict(code, fresh) === 'fatal') {
      const told = connection.lastError?.message;
      this.#fail(
        new StreamError(
          `The stream was closed with ${code}${reason ? ` (${reason})` : ''}${typeof told === 'string' ? `: ${told}` : ''}; not reconnecting.`,
          {
            closeCode: code,
            closeReason: reason,
            code: connection.lastError?.code as string | undefined,
            requiredScope: connection.lastError?.required_scope as string | undefined,
          },
        ),
      );
      return;
    }

    this.#retry(code, reason);
  }

  /** Schedules the next attempt with backoff, or gives up after `retryAttempts`. */
  #retry(code: number, reason: string): void {
    this.#attempt += 1;
    if (this.#attempt > this.#retryAttempts) {
      this.#fail(
        new StreamError(
          `The stream gave up after ${this.#retryAttempts} reconnect attempts (last close ${code}).`,
          {
            closeCode: code,
            closeReason: reason,
          },
        ),
      );
      return;
    }

    // A slow consumer reconnects at once; a rate-limited one waits at least what it was told.
    let delay =
      code === CloseCode.SlowConsumer && this.#attempt === 1 ? 0 : this.#retryWait(this.#attempt);
    if (code === CloseCode.RateLimited)
      delay = Math.max(delay, Math.max(1, this.#retryAfter) * 1000);
    this.#state = 'waiting';
    this.#handlers.emit('reconnecting', { attempt: this.#attempt, delay, code });
    this.#retryTimer = setTimeout(() => void this.#open(), delay);
  }

  /** Stops for good, and leaves the rest of the failure to the owner. */
  #fail(error: StreamError): void {
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    if (this.#connection) this.#teardown(this.#connection);
    this.#hooks.failed(error);
  }
}
