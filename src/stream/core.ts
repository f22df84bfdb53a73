/**
 * `client.stream`: one WebSocket to the threat stream that reconnects by itself, restores its
 * subscriptions, resumes from the last event it delivered (so that no event is lost or
 * delivered twice across a reconnect), notices a dead connection by its heartbeats, and says
 * so loudly (`gap`, `error`) whenever it cannot keep that promise.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import { EventEmitter } from 'eventemitter3';
import type { Credentials } from '../core/auth.js';
import { camelizeJson } from '../core/case.js';
import { isApiError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { validateResponse } from '../core/validate.js';
import type { MonitoringMode, MonitoringStatus } from '../types.js';
import { checkChannels } from './channels.js';
import { CommandQueue } from './commands.js';
import { StreamCommandError, StreamError } from './errors.js';
import type { StreamEvents, StreamListener } from './events.js';
import { compileShape } from '../core/fast-path.js';
import { shapeOfZod } from '../core/zod-shape.js';
import { EventIterator } from './iterator.js';
import type { StreamOptions, WebSocketConstructor } from './options.js';
import { CloseCode, closeVerdict } from './policy.js';
import {
  EVENT_CHANNELS,
  EVENT_SCHEMAS,
  PAYLOAD_KEYS,
  type EmergencyBlockAllParams,
  type EmergencyBlockAllResult,
  type ScanNowResult,
  type StreamChannel,
  type StreamEvent,
  type StreamEventType,
  type StreamFilters,
  type StreamSetModeOptions,
  type StreamSubscription,
  type WireMessage,
} from './protocol.js';

/** What the client hands the stream, every option resolved. @internal */
export interface StreamCoreInit extends Required<StreamOptions> {
  url: string;
  credentials: Credentials;
  WebSocket?: WebSocketConstructor | undefined;
  validate: boolean;
  log: Log;
}

/** One WebSocket and what belongs to it alone. */
interface Connection {
  socket: WebSocket;
  /** The `Bearer …` value sent, to invalidate it after a 4401. */
  authorization: string;
  /** `auth_ok` arrived. */
  ready: boolean;
  /** Events held between `resume` and `resumed`/`resume_failed`, to hand on in sequence order. */
  held: WireMessage[] | undefined;
  /**
   * `auth_ok`'s latest sequence: an event at or below it happened before we subscribed, so it
   * can only be a replayed one, and goes straight on; only later ones need holding.
   */
  holdAbove: number;
  resumeId: string | undefined;
  /** A second `resume` after `resume_failed` was already tried. */
  resumeRetried: boolean;
  lastMessageAt: number;
  lastPingAt: number;
  ticker: ReturnType<typeof setInterval> | undefined;
  connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last `error` the server sent, to explain the close that usually follows. */
  lastError: WireMessage | undefined;
}

/**
 * Where the stream is: `idle` before the first `connect()`, `connecting`, `open` (authenticated
 * and subscribed), `waiting` between a drop and the next attempt, `closed` by `close()` or a
 * fatal close.
 *
 * @category Stream
 */
export type StreamState = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

/** Each event's compiled check-and-convert, made once; none for an event it cannot check. */
const FAST_PATHS = Object.fromEntries(
  Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
    type,
    compileShape<StreamEvent>(shapeOfZod(schema)),
  ]),
) as Record<StreamEventType, ((value: unknown) => StreamEvent | undefined) | undefined>;

/** The socket's `readyState` when it can send. */
const OPEN = 1;

function noop(): void {}

/** isows picks `ws` on Node and the runtime's own WebSocket elsewhere; loaded on first connect. */
async function loadWebSocket(): Promise<WebSocketConstructor> {
  const module = await import('isows');
  return module.WebSocket as unknown as WebSocketConstructor;
}

/**
 * The threat stream of one client, reached as `client.stream`.
 *
 * @example
 * client.stream.on('threat_detected', (threat) => console.log(threat.ipAddress, threat.threatScore));
 * client.stream.connect();
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @category Stream
 */
export class StreamCore {
  readonly #url: string;
  readonly #credentials: Credentials;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #validate: boolean;
  readonly #log: Log;
  readonly #heartbeatInterval: number;
  readonly #heartbeatTimeout: number;
  readonly #retryAttempts: number;
  readonly #retryWait: (attempt: number) => number;
  readonly #connectTimeout: number;
  readonly #emitter = new EventEmitter<StreamEvents>();
  readonly #commands: CommandQueue;
  readonly #iterators = new Set<EventIterator>();

  #state: StreamState = 'idle';
  #connection: Connection | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reconnect attempts since the last successful connection. */
  #attempt = 0;
  /** 4401 was already answered by fetching a new token; a second one is fatal. */
  #authRetried = false;
  /** Seconds a `RATE_LIMIT_EXCEEDED` asked us to wait, for the 4429 that may follow. */
  #retryAfter = 0;
  #failure: StreamError | undefined;
  #connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  /** Channels asked for with `subscribe`, or derived from the handlers when there was none. */
  readonly #channels = new Set<StreamChannel>();
  #filters: StreamFilters | undefined;
  #explicit = false;
  #requests = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  #requestCounter = 0;

  /** The last sequence handed to the handlers; anything at or below it is a duplicate. */
  #lastSequence = 0;
  #sessionId: string | undefined;
  /** `connect({ fromSequence })` asked for a resume on the first connection. */
  #resumeRequested = false;

  /** @param init options already checked and given their defaults by `resolveStreamOptions` */
  constructor(init: StreamCoreInit) {
    this.#url = init.url;
    this.#credentials = init.credentials;
    this.#WebSocket = init.WebSocket;
    this.#validate = init.validate;
    this.#log = init.log;
    this.#heartbeatInterval = init.heartbeatInterval;
    this.#heartbeatTimeout = init.heartbeatTimeout;
    this.#retryAttempts = init.retryAttempts;
    this.#retryWait = init.retryWait;
    this.#connectTimeout = init.connectTimeout;
    this.#commands = new CommandQueue(init.commandTimeout, init.maxQueuedCommands);
  }

  /** The stream URL, such as `wss://stream.cyberfortress.io/v1/threats`. */
  get url(): string {
    return this.#url;
  }

  /** `open` once authenticated; `waiting` between a drop and the next attempt. */
  get state(): StreamState {
    return this.#state;
  }

  /** The sequence of the last event delivered (0 before the first). */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /**
   * Adds a handler and returns the function that removes it. Without an explicit `subscribe`,
   * a handler of an event type also subscribes to its channel.
   *
   * @example
   * const off = client.stream.on('critical_alert', (alert) => page(alert.title));
   */
  on<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): () => void {
    this.#emitter.on(event, handler as never);
    // Before connecting, the handlers' channels are worked out on `auth_ok`; once connected, a
    // handler for a channel not yet subscribed subscribes it.
    if (!this.#explicit && this.#connection?.ready && event in EVENT_CHANNELS) {
      const channel = EVENT_CHANNELS[event as StreamEventType];
      if (!this.#channels.has(channel)) {
        this.#channels.add(channel);
        this.#sendSubscribe([channel], undefined).catch((error: Error) =>
          this.#emit('error', error),
        );
      }
    }

    return () => this.off(event, handler);
  }

  /** Like `on`, for one call. */
  once<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): () => void {
    const off = this.on(event, ((...args: StreamEvents[E]) => {
      off();
      (handler as (...a: unknown[]) => void)(...args);
    }) as StreamListener<E>);
    return off;
  }

  /** Removes a handler added with `on`. */
  off<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): void {
    this.#emitter.off(event, handler as never);
  }

  /**
   * Connects, and keeps the stream connected until `close()` or a fatal close. Resolves once
   * the first connection is authenticated and subscribed; rejects with a `StreamError` when
   * the stream stops for good first (the same error is emitted as `error`, so not awaiting this
   * promise is fine).
   *
   * @param options.fromSequence resume from this sequence (one you stored, say before a
   * restart) instead of starting with the events that happen from now on
   * @example
   * await client.stream.connect();
   * await client.stream.connect({ fromSequence: checkpoint }); // every event after `checkpoint`
   */
  connect(options: { fromSequence?: number } = {}): Promise<void> {
    const { fromSequence } = options;
    if (fromSequence !== undefined && !(Number.isInteger(fromSequence) && fromSequence >= 0)) {
      throw new TypeError(
        `The \`fromSequence\` option must be a non-negative integer, got ${String(fromSequence)}`,
      );
    }

    if (this.#state === 'open' && fromSequence === undefined) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => {
      this.#connectWaiters.push({ resolve, reject });
    });

    // The reference's example does not await `connect()`; its failure is also an `error` event.
    ready.catch(noop);
    if (this.#state === 'idle' || this.#state === 'closed') {
      this.#failure = undefined;
      this.#attempt = 0;
      this.#authRetried = false;
      if (fromSequence !== undefined) {
        this.#lastSequence = fromSequence;
        this.#resumeRequested = true;
      }

      void this.#open();
    }

    return ready;
  }

  /**
   * Closes the stream (code 1000) and stops reconnecting. Queued commands fail with `CLOSED`;
   * iterators end. Subscriptions and the last sequence are kept for a later `connect()`.
   */
  close(): void {
    if (this.#state === 'idle' || this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    const connection = this.#connection;
    if (connection) {
      this.#teardown(connection);
      if (connection.socket.readyState <= OPEN)
        connection.socket.close(CloseCode.Normal, 'client closed');
      this.#emit('close', { code: CloseCode.Normal, reason: 'client closed' });
    }

    const error = new StreamError('The stream was closed by the client.', {
      closeCode: CloseCode.Normal,
    });
    this.#commands.rejectAll('the stream was closed by the client', error);
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
    for (const iterator of this.#iterators) iterator.end();
  }

  /**
   * Adds channels and, when `filters` is given, replaces the filters. Made before `connect()`,
   * it is kept and sent once connected; it is sent again after every reconnect. Resolves when
   * the server confirms (or at once while disconnected); rejects with `FORBIDDEN` when the
   * credentials cannot read a channel, and then nothing changes.
   *
   * @example
   * await client.stream.subscribe({ channels: ['threats', 'critical_alerts'], filters: { severity: ['high', 'critical'] } });
   */
  subscribe(subscription: StreamSubscription): Promise<void> {
    const channels = checkChannels(subscription?.channels, 'subscribe');
    const before = {
      channels: new Set(this.#channels),
      filters: this.#filters,
      explicit: this.#explicit,
    };
    this.#explicit = true;
    for (const channel of channels) this.#channels.add(channel);
    if (subscription.filters !== undefined) this.#filters = subscription.filters;
    if (!this.#connection?.ready) return Promise.resolve();

    return this.#sendSubscribe(channels, subscription.filters).catch((error: unknown) => {
      // The server refused the whole request: so do we.
      this.#channels.clear();
      for (const channel of before.channels) this.#channels.add(channel);
      this.#filters = before.filters;
      this.#explicit = before.explicit;
      throw error;
    });
  }

  /** Removes channels; resolves when the server confirms (or at once while disconnected). */
  unsubscribe(subscription: { channels: StreamChannel[] }): Promise<void> {
    const channels = checkChannels(subscription?.channels, 'unsubscribe');
    this.#explicit = true;
    for (const channel of channels) this.#channels.delete(channel);
    if (!this.#connection?.ready) return Promise.resolve();
    return this.#request({ type: 'unsubscribe', channels });
  }

  /**
   * The events of `subscription`'s channels as an async iterator; subscribes, and connects
   * if the stream is not connected. Breaking out of the loop removes the iterator (the
   * channels stay subscribed). Events wait in memory until the loop takes them.
   *
   * @example
   * for await (const event of client.stream.events({ channels: ['threats'] })) console.log(event.type);
   */
  events(subscription?: StreamSubscription): AsyncIterableIterator<StreamEvent> {
    const channels = subscription
      ? new Set(checkChannels(subscription.channels, 'events'))
      : undefined;
    const iterator = new EventIterator(() => {
      off();
      this.#iterators.delete(iterator);
    });

    const off = this.on('event', (event) => {
      if (!channels || channels.has(event.channel)) iterator.push(event);
    });

    this.#iterators.add(iterator);
    if (subscription) this.subscribe(subscription).catch((error: Error) => iterator.end(error));
    if (this.#state === 'idle' || this.#state === 'closed') this.connect().catch(noop);
    return iterator;
  }

  /**
   * Changes the monitoring mode (scope `monitoring:write`); resolves with the monitoring status
   * after the change, as `client.monitoring.status()` returns it.
   *
   * @example
   * const status = await client.stream.setMode('DEEP_SCAN', { mlEnabled: true });
   */
  setMode(mode: MonitoringMode, options?: StreamSetModeOptions): Promise<MonitoringStatus> {
    const params: Record<string, unknown> = { mode };
    if (options !== undefined) params.options = snakeOptions(options);
    return this.#command('set_mode', params);
  }

  /**
   * Scans an address or CIDR range now (scope `threats:write`); threats it finds also arrive as
   * `threat_detected`.
   *
   * @example
   * const { threatsFound } = await client.stream.scanNow('192.168.1.0/24');
   */
  scanNow(target: string): Promise<ScanNowResult> {
    return this.#command('scan_now', { target });
  }

  /**
   * Blocks the address of every active threat scoring at least `minScore` (default 80; scope
   * `network:write`) and says what it blocked.
   *
   * @example
   * const { blocked } = await client.stream.emergencyBlockAll({ reason: 'incident 42' });
   */
  emergencyBlockAll(params?: EmergencyBlockAllParams): Promise<EmergencyBlockAllResult> {
    let wire: Record<string, unknown> | undefined;
    if (params !== undefined) {
      wire = {};
      if (params.reason !== undefined) wire.reason = params.reason;
      if (params.minScore !== undefined) wire.min_score = params.minScore;
    }

    return this.#command('emergency_block_all', wire);
  }

  /** Queues or sends a command; a stream that stopped for good refuses it at once. */
  #command<T>(action: string, params: Record<string, unknown> | undefined): Promise<T> {
    if (this.#failure) {
      return Promise.reject(
        new StreamCommandError(
          action,
          `The command ${action} was not sent: ${this.#failure.message}`,
          {
            code: 'CLOSED',
            cause: this.#failure,
          },
        ),
      );
    }

    return this.#commands.add<T>(action, params, this.#sendCommand);
  }

  /* Connecting */

  async #open(): Promise<void> {
    this.#state = 'connecting';
    this.#emit('connecting', { attempt: this.#attempt, url: this.#url });

    // Read the credentials again on every attempt: an OAuth token may have been refreshed.
    let authorization: string;
    let WebSocketImpl: WebSocketConstructor;
    try {
      const pending = this.#credentials.authorization();
      authorization = typeof pending === 'string' ? pending : await pending;
      WebSocketImpl = this.#WebSocket ?? (await loadWebSocket());
    } catch (error) {
      if (this.#state !== 'connecting') return;

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

    if (this.#state !== 'connecting') return;
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
      held: undefined,
      holdAbove: 0,
      resumeId: undefined,
      resumeRetried: false,
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
      this.#send(connection, { type: 'auth', token: authorization.replace(/^Bearer /, '') });
      connection.ticker = setInterval(() => this.#tick(connection), this.#tickInterval());
    };

    socket.onmessage = (event: MessageEvent) => {
      if (connection === this.#connection) this.#receive(connection, event.data);
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
      this.#send(connection, { type: 'ping' });
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
    this.#commands.connectionLost();

    // The subscriptions are kept and sent again on the next connection.
    for (const request of this.#requests.values()) request.resolve();
    this.#requests.clear();
  }

  #closed(connection: Connection, code: number, reason: string): void {
    this.#teardown(connection);
    this.#emit('close', { code, reason });
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
    this.#emit('reconnecting', { attempt: this.#attempt, delay, code });
    this.#retryTimer = setTimeout(() => void this.#open(), delay);
  }

  /** Stops for good: everything waiting fails with `error`, which is also emitted. */
  #fail(error: StreamError): void {
    this.#state = 'closed';
    this.#failure = error;
    clearTimeout(this.#retryTimer);
    if (this.#connection) this.#teardown(this.#connection);
    this.#log.error(`stream: ${error.message}`);
    this.#commands.rejectAll(error.message, error);
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
    for (const iterator of this.#iterators) iterator.end(error);
    this.#emit('error', error);
  }

  /* Receiving */

  #receive(connection: Connection, data: unknown): void {
    connection.lastMessageAt = Date.now();
    let message: WireMessage;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as WireMessage;
    } catch (error) {
      this.#emit(
        'error',
        new StreamError('The stream sent a message that is not JSON.', { cause: error }),
      );
      return;
    }

    if (typeof message?.sequence === 'number') {
      if (connection.held && message.sequence > connection.holdAbove) connection.held.push(message);
      else this.#deliver(message);
      return;
    }

    switch (message?.type) {
      case 'auth_ok':
        this.#authenticated(connection, message);
        return;
      case 'subscribed':
      case 'unsubscribed':
        this.#answer(message.id);
        return;
      case 'resumed':
        if (message.id !== connection.resumeId) return;
        this.#release(connection);
        this.#emit('resumed', {
          fromSequence: message.from_sequence as number,
          replayed: message.replayed as number,
        });
        return;
      case 'resume_failed':
        this.#resumeFailed(connection, message);
        return;
      case 'command_result':
        this.#commands.settle(message);
        return;
      case 'error':
        this.#serverError(connection, message);
        return;
      default:
        // `pong`, and message types this SDK does not know yet.
        return;
    }
  }

  #authenticated(connection: Connection, message: WireMessage): void {
    clearTimeout(connection.connectTimer);
    connection.ready = true;
    this.#attempt = 0;
    this.#authRetried = false;
    const previousSession = this.#sessionId;
    this.#sessionId = message.session_id as string;
    const window = (message.resume_window ?? {}) as {
      oldest_sequence?: number;
      latest_sequence?: number;
    };
    const latest = typeof window.latest_sequence === 'number' ? window.latest_sequence : undefined;

    // A server whose counter is behind ours is another stream (a restarted mock): start over.
    if (latest !== undefined && latest < this.#lastSequence) {
      this.#log.warn(
        `stream: the server's latest sequence ${latest} is below ours ${this.#lastSequence}; starting over`,
      );
      this.#lastSequence = latest;
    }

    // Restore (or make) the subscriptions before anything else, then ask for what was missed.
    if (!this.#explicit) for (const channel of this.#neededChannels()) this.#channels.add(channel);
    const subscribed =
      this.#channels.size > 0
        ? this.#sendSubscribe([...this.#channels], this.#filters).catch((error: Error) =>
            this.#emit('error', error),
          )
        : Promise.resolve();

    if (previousSession !== undefined || this.#lastSequence > 0 || this.#resumeRequested) {
      this.#resumeRequested = false;
      connection.held = [];
      connection.holdAbove = latest ?? 0;
      connection.resumeId = `resume-${++this.#requestCounter}`;
      const resume: WireMessage = {
        type: 'resume',
        id: connection.resumeId,
        from_sequence: this.#lastSequence,
      };
      if (previousSession !== undefined) resume.session_id = previousSession;
      this.#send(connection, resume);
    } else if (latest !== undefined) {
      // The first connection delivers what happens from now on; later ones resume from here.
      this.#lastSequence = latest;
    }

    this.#commands.flush(this.#sendCommand);

    // Open means subscribed: an event produced after `connect()` resolves reaches the handlers.
    const info = camelizeJson<StreamEvents['open'][0]>({
      sessionId: message.session_id,
      principal: message.principal,
      scopes: message.scopes,
      resumeWindow: message.resume_window,
    });
    void subscribed.then(() => {
      if (connection !== this.#connection) return;
      this.#state = 'open';
      this.#emit('open', info);
      for (const waiter of this.#connectWaiters.splice(0)) waiter.resolve();
    });
  }

  #resumeFailed(connection: Connection, message: WireMessage): void {
    if (message.id !== connection.resumeId) return;
    const oldestAvailable = message.oldest_available as number;
    this.#emit('gap', { fromSequence: message.from_sequence as number, oldestAvailable });

    // What the buffer still holds is better than nothing: ask for it once.
    if (!connection.resumeRetried && oldestAvailable - 1 > this.#lastSequence) {
      connection.resumeRetried = true;
      connection.resumeId = `resume-${++this.#requestCounter}`;
      this.#send(connection, {
        type: 'resume',
        id: connection.resumeId,
        from_sequence: oldestAvailable - 1,
        ...(this.#sessionId === undefined ? {} : { session_id: this.#sessionId }),
      });
      return;
    }

    this.#release(connection);
  }

  /** Hands on the events held during a resume, in sequence order. */
  #release(connection: Connection): void {
    const held = connection.held ?? [];
    connection.held = undefined;
    connection.resumeId = undefined;
    held.sort((a, b) => (a.sequence as number) - (b.sequence as number));
    for (const message of held) this.#deliver(message);
  }

  #deliver(message: WireMessage): void {
    const sequence = message.sequence as number;
    if (sequence <= this.#lastSequence) return;
    this.#lastSequence = sequence;
    const type = message.type as StreamEventType;
    if (!Object.hasOwn(EVENT_SCHEMAS, type)) return;
    const fast = FAST_PATHS[type];

    try {
      // The compiled check-and-convert, else zod (tolerant, with a precise error) and the
      // generic conversion; without validation, only the conversion.
      let event = this.#validate ? fast?.(message) : undefined;
      if (event === undefined) {
        if (this.#validate) {
          validateResponse(EVENT_SCHEMAS[type], message, {
            label: `the ${type} event ${sequence}`,
          });
        }

        event = camelizeJson<StreamEvent>(message);
      }

      const key = PAYLOAD_KEYS[type];
      const payload = key === null ? event : (event as unknown as Record<string, unknown>)[key];
      this.#emitter.emit(type, payload as never, event as never);
      this.#emitter.emit('event', event);
    } catch (error) {
      // A bad event or a handler that threw: say so, and carry on with the next event.
      this.#emit('error', error as Error);
    }
  }

  #serverError(connection: Connection, message: WireMessage): void {
    connection.lastError = message;
    if (message.code === 'RATE_LIMIT_EXCEEDED' && typeof message.retry_after === 'number') {
      this.#retryAfter = message.retry_after;
    }

    const error = new StreamError(
      `The stream server answered ${String(message.code)}: ${String(message.message)}`,
      {
        code: message.code as string,
        details: message.details as StreamError['details'],
        requiredScope: message.required_scope as string | undefined,
        retryAfter: message.retry_after as number | undefined,
      },
    );

    const id = message.id;
    if (id !== undefined && id === connection.resumeId) {
      this.#release(connection);
    } else if (id !== undefined && this.#requests.has(id)) {
      const request = this.#requests.get(id);
      this.#requests.delete(id);
      request?.reject(error);
      return;
    } else if (
      id !== undefined &&
      this.#commands.settle({ ...message, type: 'command_result', ok: false, error: message })
    ) {
      return;
    }

    // An auth failure announces the close that follows; the close's error will carry it.
    if (!connection.ready || message.code === 'UNAUTHORIZED') return;
    this.#emit('error', error);
  }

  /* Sending */

  #send(connection: Connection, message: WireMessage | Record<string, unknown>): boolean {
    if (connection.socket.readyState !== OPEN) return false;
    connection.socket.send(JSON.stringify(message));
    return true;
  }

  readonly #sendCommand = (message: WireMessage): boolean => {
    const connection = this.#connection;
    return connection?.ready === true && this.#send(connection, message);
  };

  #sendSubscribe(channels: StreamChannel[], filters: StreamFilters | undefined): Promise<void> {
    const message: Record<string, unknown> = { type: 'subscribe', channels };
    if (filters !== undefined) message.filters = filters;
    return this.#request(message);
  }

  /** Sends a request that the server answers by id; resolves on the answer. */
  #request(message: Record<string, unknown>): Promise<void> {
    const connection = this.#connection;
    if (!connection?.ready) return Promise.resolve();
    const id = `req-${++this.#requestCounter}`;
    return new Promise<void>((resolve, reject) => {
      this.#requests.set(id, { resolve, reject });
      if (!this.#send(connection, { ...message, id })) {
        this.#requests.delete(id);
        resolve();
      }
    });
  }

  #answer(id: string | undefined): void {
    if (id === undefined) return;
    const request = this.#requests.get(id);
    this.#requests.delete(id);
    request?.resolve();
  }

  /** The channels the registered handlers need, for a stream nobody subscribed explicitly. */
  #neededChannels(): StreamChannel[] {
    const needed = new Set<StreamChannel>();
    for (const [event, channel] of Object.entries(EVENT_CHANNELS)) {
      if (this.#emitter.listenerCount(event as StreamEventType) > 0) needed.add(channel);
    }

    return [...needed];
  }

  /** Emits to the handlers, and keeps a throwing handler from breaking the stream. */
  #emit<E extends keyof StreamEvents>(event: E, ...args: StreamEvents[E]): void {
    try {
      (this.#emitter as unknown as EventEmitter).emit(event, ...args);
    } catch (error) {
      if (event === 'error') this.#log.error('stream: an error handler threw', error);
      else this.#emit('error', error as Error);
    }
  }
}

function snakeOptions(options: StreamSetModeOptions): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (options.scanInterval !== undefined) wire.scan_interval = options.scanInterval;
  if (options.mlEnabled !== undefined) wire.ml_enabled = options.mlEnabled;
  if (options.autoResponse !== undefined) wire.auto_response = options.autoResponse;
  if (options.personalMonitoring !== undefined)
    wire.personal_monitoring = options.personalMonitoring;
  return wire;
}
