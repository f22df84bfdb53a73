/**
 * `client.stream`: one WebSocket to the threat stream that reconnects by itself, restores its
 * subscriptions, resumes from the last event it delivered (so that no event is lost or
 * delivered twice across a reconnect), notices a dead connection by its heartbeats, and says
 * so loudly (`gap`, `error`) whenever it cannot keep that promise.
 *
 * `StreamCore` is the public face and owns the parts, each in a module of its own: the
 * connection lifecycle (connector.ts), what incoming messages do (receiver.ts), the place in the
 * event sequence (resume.ts), the channels kept subscribed (subscriptions.ts), requests answered
 * by id (pending-requests.ts), commands (commands.ts) and the handlers (handlers.ts).
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import type { Credentials } from '../core/auth.js';
import type { Log } from '../core/log.js';
import type { MonitoringMode, MonitoringStatus } from '../types.js';
import { checkChannels } from './channels.js';
import { CommandQueue } from './commands.js';
import { Connector } from './connector.js';
import { StreamCommandError, StreamError } from './errors.js';
import type { StreamEvents, StreamListener } from './events.js';
import { Handlers } from './handlers.js';
import { EventIterator } from './iterator.js';
import type { StreamOptions, WebSocketConstructor } from './options.js';
import { PendingRequests } from './pending-requests.js';
import { CloseCode } from './policy.js';
import type {
  EmergencyBlockAllParams,
  EmergencyBlockAllResult,
  ScanNowResult,
  StreamChannel,
  StreamEvent,
  StreamSetModeOptions,
  StreamSubscription,
} from './protocol.js';
import { Receiver } from './receiver.js';
import { ResumeTracker } from './resume.js';
import { Subscriptions, subscribeMessage } from './subscriptions.js';

/** What the client hands the stream, every option resolved. @internal */
export interface StreamCoreInit extends Required<StreamOptions> {
  url: string;
  credentials: Credentials;
  WebSocket?: WebSocketConstructor | undefined;
  validate: boolean;
  log: Log;
}

/**
 * Where the stream is: `idle` before the first `connect()`, `connecting`, `open` (authenticated
 * and subscribed), `waiting` between a drop and the next attempt, `closed` by `close()` or a
 * fatal close.
 *
 * @category Stream
 */
export type StreamState = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

function noop(): void {}

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
  readonly #log: Log;
  readonly #handlers: Handlers;
  readonly #connector: Connector;
  readonly #receiver: Receiver;
  readonly #resume: ResumeTracker;
  readonly #subscriptions = new Subscriptions();
  readonly #requests: PendingRequests;
  readonly #commands: CommandQueue;
  readonly #iterators = new Set<EventIterator>();

  #failure: StreamError | undefined;
  #connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  /** @param init options already checked and given their defaults by `resolveStreamOptions` */
  constructor(init: StreamCoreInit) {
    this.#url = init.url;
    this.#log = init.log;
    this.#handlers = new Handlers(init.validate, init.log);
    this.#commands = new CommandQueue(init.commandTimeout, init.maxQueuedCommands);

    // The connector keeps a socket open; what its messages mean, and what a lost connection or
    // a fatal close settles, is decided here.
    this.#connector = new Connector(init, this.#handlers, {
      message: (connection, data) => this.#receiver.receive(connection, data),
      lost: () => {
        // Commands sent on it fail; the subscriptions are kept and sent again on the next one.
        this.#commands.connectionLost();
        this.#requests.connectionLost();
      },
      failed: (error) => this.#failed(error),
    });

    this.#requests = new PendingRequests(this.#connector.sendReady);
    this.#resume = new ResumeTracker(init.log, (prefix) => this.#requests.nextId(prefix));

    // Incoming messages act on every part; the stream opening also settles `connect()`.
    this.#receiver = new Receiver({
      connector: this.#connector,
      handlers: this.#handlers,
      subscriptions: this.#subscriptions,
      requests: this.#requests,
      resume: this.#resume,
      commands: this.#commands,
      opened: () => {
        for (const waiter of this.#connectWaiters.splice(0)) waiter.resolve();
      },
    });
  }

  /** The stream URL, such as `wss://stream.cyberfortress.io/v1/threats`. */
  get url(): string {
    return this.#url;
  }

  /** `open` once authenticated; `waiting` between a drop and the next attempt. */
  get state(): StreamState {
    return this.#connector.state;
  }

  /** The sequence of the last event delivered (0 before the first). */
  get lastSequence(): number {
    return this.#resume.lastSequence;
  }

  /**
   * Adds a handler and returns the function that removes it. Without an explicit `subscribe`,
   * a handler of an event type also subscribes to its channel.
   *
   * @example
   * const off = client.stream.on('critical_alert', (alert) => page(alert.title));
   */
  on<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): () => void {
    this.#handlers.on(event, handler);
    // Before connecting, the handlers' channels are worked out on `auth_ok`; once connected, a
    // handler for a channel not yet subscribed subscribes it.
    const channel = this.#connector.connection?.ready
      ? this.#subscriptions.follow(event)
      : undefined;
    if (channel !== undefined) {
      this.#requests
        .send(subscribeMessage([channel], undefined))
        .catch((error: Error) => this.#handlers.emit('error', error));
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
    this.#handlers.off(event, handler);
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

    if (this.state === 'open' && fromSequence === undefined) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => {
      this.#connectWaiters.push({ resolve, reject });
    });

    // The reference's example does not await `connect()`; its failure is also an `error` event.
    ready.catch(noop);
    if (this.state === 'idle' || this.state === 'closed') {
      this.#failure = undefined;
      if (fromSequence !== undefined) this.#resume.resumeFrom(fromSequence);
      this.#connector.start();
    }

    return ready;
  }

  /**
   * Closes the stream (code 1000) and stops reconnecting. Queued commands fail with `CLOSED`;
   * iterators end. Subscriptions and the last sequence are kept for a later `connect()`.
   */
  close(): void {
    if (!this.#connector.close()) return;

    // Nothing that waits on the stream will get it now.
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
    const undo = this.#subscriptions.add(channels, subscription.filters);
    if (!this.#connector.connection?.ready) return Promise.resolve();

    return this.#requests
      .send(subscribeMessage(channels, subscription.filters))
      .catch((error: unknown) => {
        // The server refused the whole request: so do we.
        undo();
        throw error;
      });
  }

  /** Removes channels; resolves when the server confirms (or at once while disconnected). */
  unsubscribe(subscription: { channels: StreamChannel[] }): Promise<void> {
    const channels = checkChannels(subscription?.channels, 'unsubscribe');
    this.#subscriptions.remove(channels);
    if (!this.#connector.connection?.ready) return Promise.resolve();
    return this.#requests.send({ type: 'unsubscribe', channels });
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
    if (this.state === 'idle' || this.state === 'closed') this.connect().catch(noop);
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

    return this.#commands.add<T>(action, params, this.#connector.sendReady);
  }

  /**
   * The connector stopped for good (its connection is already torn down): everything waiting
   * fails with `error`, which is also emitted.
   */
  #failed(error: StreamError): void {
    this.#failure = error;
    this.#log.error(`stream: ${error.message}`);
    this.#commands.rejectAll(error.message, error);
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
    for (const iterator of this.#iterators) iterator.end(error);
    this.#handlers.emit('error', error);
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
