/**
 * The stream's handlers: the typed emitter that `on()` adds them to, each event checked and
 * converted to camelCase before it reaches them, and a guard that keeps a handler that throws
 * from breaking the stream.
 *
 * @module
 */

import { EventEmitter } from 'eventemitter3';
import { camelizeJson } from '../core/case.js';
import { compileShape } from '../core/fast-path.js';
import type { Log } from '../core/log.js';
import { validateResponse } from '../core/validate.js';
import { shapeOfZod } from '../core/zod-shape.js';
import type { StreamEvents, StreamListener } from './events.js';
import {
  EVENT_CHANNELS,
  EVENT_SCHEMAS,
  PAYLOAD_KEYS,
  type StreamChannel,
  type StreamEvent,
  type StreamEventType,
  type WireMessage,
} from './protocol.js';

/** Each event's compiled check-and-convert, made once; none for an event it cannot check. */
const FAST_PATHS = Object.fromEntries(
  Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
    type,
    compileShape<StreamEvent>(shapeOfZod(schema)),
  ]),
) as Record<StreamEventType, ((value: unknown) => StreamEvent | undefined) | undefined>;

/**
 * The handlers of one stream, and the delivery of events to them.
 *
 * @internal for `StreamCore`
 */
export class Handlers {
  readonly #emitter = new EventEmitter<StreamEvents>();
  readonly #validate: boolean;
  readonly #log: Log;

  /**
   * @param validate check each event against its schema before converting it
   * @param log where a throwing `error` handler is reported, having nowhere else to go
   */
  constructor(validate: boolean, log: Log) {
    this.#validate = validate;
    this.#log = log;
  }

  /** Adds a handler. */
  on<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): void {
    this.#emitter.on(event, handler as never);
  }

  /** Removes a handler. */
  off<E extends keyof StreamEvents>(event: E, handler: StreamListener<E>): void {
    this.#emitter.off(event, handler as never);
  }

  /** Emits to the handlers, and keeps a throwing handler from breaking the stream. */
  emit<E extends keyof StreamEvents>(event: E, ...args: StreamEvents[E]): void {
    try {
      (this.#emitter as unknown as EventEmitter).emit(event, ...args);
    } catch (error) {
      if (event === 'error') this.#log.error('stream: an error handler threw', error);
      else this.emit('error', error as Error);
    }
  }

  /**
   * Hands `message`, an event not delivered before, to the handlers of its type and of `event`;
   * an event of a type this SDK does not know is dropped.
   */
  deliver(message: WireMessage): void {
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
            label: `the ${type} event ${message.sequence as number}`,
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
      this.emit('error', error as Error);
    }
  }

  /** The channels the registered handlers need, for a stream nobody subscribed explicitly. */
  neededChannels(): StreamChannel[] {
    const needed = new Set<StreamChannel>();
    for (const [event, channel] of Object.entries(EVENT_CHANNELS)) {
      if (this.#emitter.listenerCount(event as StreamEventType) > 0) needed.add(channel);
    }

    return [...needed];
  }
}
