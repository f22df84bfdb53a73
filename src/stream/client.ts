/**
 * `client.stream` as users hold it: a small stand-in that loads the stream's implementation
 * (`./core.ts`: protocol, schemas, reconnects, commands, and on `connect()` the WebSocket) the
 * first time it is used. A program that only calls REST never loads any of it, and a bundler
 * puts it in a chunk of its own.
 *
 * Until the implementation has loaded, every call is queued in the order it was made and
 * replayed on it, so `on()` before `connect()` behaves exactly as it does afterwards.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import type { Credentials } from '../core/auth.js';
import type { Log } from '../core/log.js';
import type { MonitoringMode, MonitoringStatus } from '../types.js';
import { checkChannels, checkHandler } from './channels.js';
import type { StreamCore, StreamCoreInit, StreamState } from './core.js';
import type { StreamEvents, StreamListener } from './events.js';
import { resolveStreamOptions, type StreamOptions, type WebSocketConstructor } from './options.js';
import type {
  EmergencyBlockAllParams,
  EmergencyBlockAllResult,
  ScanNowResult,
  StreamChannel,
  StreamEvent,
  StreamSetModeOptions,
  StreamSubscription,
} from './protocol.js';

/** What the client hands its stream. @internal */
export interface StreamClientInit extends StreamOptions {
  url: string;
  credentials: Credentials;
  WebSocket?: WebSocketConstructor | undefined;
  validate: boolean;
  log: Log;
}

/**
 * The threat stream of one client, reached as `client.stream`: one WebSocket that reconnects
 * by itself, restores its subscriptions, resumes from the last event it delivered (so that no
 * event is lost or delivered twice across a reconnect), notices a dead connection by its
 * heartbeats, and says so (`gap`, `error`) whenever it cannot keep that promise.
 *
 * @example
 * client.stream.on('threat_detected', (threat) => console.log(threat.ipAddress, threat.threatScore));
 * client.stream.connect();
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @category Stream
 */
export class StreamClient {
  readonly #init: StreamCoreInit;
  #core: StreamCore | undefined;
  #loading: Promise<StreamCore> | undefined;

  /**
   * @internal made by `CyberFortress`
   * @throws TypeError naming the option, when a stream option is malformed
   */
  constructor(init: StreamClientInit) {
    const { url, credentials, WebSocket, validate, log, ...options } = init;
    this.#init = { ...resolveStreamOptions(options), url, credentials, WebSocket, validate, log };
  }

  /** The stream URL, such as `wss://stream.cyberfortress.io/v1/threats`. */
  get url(): string {
    return this.#init.url;
  }

  /** `open` once authenticated; `waiting` between a drop and the next attempt; `idle` before the first use. */
  get state(): StreamState {
    return this.#core?.state ?? 'idle';
  }

  /** The sequence of the last event delivered (0 before the first). */
  get lastSequence(): number {
    return this.#core?.lastSequence ?? 0;
  }

  /**
   * Adds a handler and returns the function that removes it. Without an explicit `subscribe`,
   * a handler of an event type also subscribes to its channel.
   *
   * @example
   * const off = client.stream.on('critical_alert', (alert) => page(alert.title));
   */
  on<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): () => void {
    checkHandler(event, handler, 'on');
    if (this.#core) return this.#core.on(event, handler);
    const off = this.#later((core) => core.on(event, handler));
    off.catch(noop);
    return () => void off.then((remove) => remove(), noop);
  }

  /** Like `on`, for one call. */
  once<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): () => void {
    checkHandler(event, handler, 'once');
    if (this.#core) return this.#core.once(event, handler);
    const off = this.#later((core) => core.once(event, handler));
    off.catch(noop);
    return () => void off.then((remove) => remove(), noop);
  }

  /** Removes a handler added with `on`. */
  off<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): void {
    checkHandler(event, handler, 'off');
    if (this.#core) this.#core.off(event, handler);
    else if (this.#loading) this.#later((core) => core.off(event, handler)).catch(noop);
  }

  /**
   * Connects, and keeps the stream connected until `close()` or a fatal close. Resolves once
   * the first connection is authenticated and subscribed; rejects with a `StreamError` when
   * the stream stops for good first (the same error is emitted as `error`, so not awaiting this
   * promise is fine).
   *
   * @param options.fromSequence resume from this sequence (one you stored, say before a
   * restart) instead of starting with the events that happen from now on
   * @throws TypeError when `fromSequence` is not a non-negative integer
   * @example
   * await client.stream.connect();
   * await client.stream.connect({ fromSequence: checkpoint }); // every event after `checkpoint`
   */
  connect(options: { fromSequence?: number } = {}): Promise<void> {
    if (this.#core) return this.#core.connect(options);
    // Checked here too, so that a bad argument throws at the call as it does once loaded.
    const { fromSequence } = options;
    if (fromSequence !== undefined && !(Number.isInteger(fromSequence) && fromSequence >= 0)) {
      throw new TypeError(
        `The \`fromSequence\` option must be a non-negative integer, got ${String(fromSequence)}`,
      );
    }

    const ready = this.#later((core) => core.connect(options));
    // As with the loaded stream: a failure is also an `error` event, so not awaiting is fine.
    ready.catch(noop);
    return ready;
  }

  /**
   * Closes the stream (code 1000) and stops reconnecting. Queued commands fail with `CLOSED`;
   * iterators end. Subscriptions and the last sequence are kept for a later `connect()`.
   */
  close(): void {
    if (this.#core) this.#core.close();
    else if (this.#loading) this.#later((core) => core.close()).catch(noop);
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
    if (this.#core) return this.#core.subscribe(subscription);
    checkChannels(subscription?.channels, 'subscribe');
    return this.#later((core) => core.subscribe(subscription));
  }

  /** Removes channels; resolves when the server confirms (or at once while disconnected). */
  unsubscribe(subscription: { channels: StreamChannel[] }): Promise<void> {
    if (this.#core) return this.#core.unsubscribe(subscription);
    checkChannels(subscription?.channels, 'unsubscribe');
    return this.#later((core) => core.unsubscribe(subscription));
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
    if (this.#core) return this.#core.events(subscription);
    if (subscription) checkChannels(subscription.channels, 'events');
    const inner = this.#later((core) => core.events(subscription));
    const iterator: AsyncIterableIterator<StreamEvent> = {
      next: async () => (await inner).next(),
      return: async () => (await inner).return?.() ?? { done: true, value: undefined },
      [Symbol.asyncIterator]: () => iterator,
    };
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
    return this.#later((core) => core.setMode(mode, options));
  }

  /**
   * Scans an address or CIDR range now (scope `threats:write`); threats it finds also arrive as
   * `threat_detected`.
   *
   * @example
   * const { threatsFound } = await client.stream.scanNow('192.168.1.0/24');
   */
  scanNow(target: string): Promise<ScanNowResult> {
    return this.#later((core) => core.scanNow(target));
  }

  /**
   * Blocks the address of every active threat scoring at least `minScore` (default 80; scope
   * `network:write`) and says what it blocked.
   *
   * @example
   * const { blocked } = await client.stream.emergencyBlockAll({ reason: 'incident 42' });
   */
  emergencyBlockAll(params?: EmergencyBlockAllParams): Promise<EmergencyBlockAllResult> {
    return this.#later((core) => core.emergencyBlockAll(params));
  }

  /**
   * Runs `action` on the implementation: now if it has loaded, else once it has, after every
   * call made before this one.
   */
  #later<T>(action: (core: StreamCore) => T | Promise<T>): Promise<T> {
    if (this.#core) return Promise.resolve(action(this.#core));
    this.#loading ??= import('./core.js').then(({ StreamCore }) => {
      this.#core = new StreamCore(this.#init);
      return this.#core;
    });
    return this.#loading.then(action);
  }
}

function noop(): void {}
