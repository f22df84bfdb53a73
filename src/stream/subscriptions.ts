/**
 * Which channels and filters the stream needs: those asked for with `subscribe`/`unsubscribe`,
 * or, until either is called, those of the event handlers. They outlive connections, and every
 * new connection is subscribed to them again.
 *
 * @module
 */

import {
  EVENT_CHANNELS,
  type StreamChannel,
  type StreamEventType,
  type StreamFilters,
  type WireMessage,
} from './protocol.js';

/**
 * The channels and filters the stream keeps subscribed.
 *
 * @internal for `StreamCore`
 */
export class Subscriptions {
  /** Channels asked for with `subscribe`, or derived from the handlers when there was none. */
  readonly #channels = new Set<StreamChannel>();
  #filters: StreamFilters | undefined;
  /** `subscribe` or `unsubscribe` was called: the channels no longer follow the handlers. */
  #explicit = false;

  /**
   * Adds `channels` and, when `filters` is given, replaces the filters.
   *
   * @returns what undoes the change, for a request the server refused
   */
  add(channels: StreamChannel[], filters: StreamFilters | undefined): () => void {
    const before = {
      channels: new Set(this.#channels),
      filters: this.#filters,
      explicit: this.#explicit,
    };
    this.#explicit = true;
    for (const channel of channels) this.#channels.add(channel);
    if (filters !== undefined) this.#filters = filters;
    return () => {
      this.#channels.clear();
      for (const channel of before.channels) this.#channels.add(channel);
      this.#filters = before.filters;
      this.#explicit = before.explicit;
    };
  }

  /** Removes `channels`. */
  remove(channels: StreamChannel[]): void {
    this.#explicit = true;
    for (const channel of channels) this.#channels.delete(channel);
  }

  /**
   * A handler of `event` was added on a ready connection: the channel to subscribe now, when the
   * channels follow the handlers and this one is not subscribed yet.
   */
  follow(event: string): StreamChannel | undefined {
    if (this.#explicit || !(event in EVENT_CHANNELS)) return undefined;
    const channel = EVENT_CHANNELS[event as StreamEventType];
    if (this.#channels.has(channel)) return undefined;
    this.#channels.add(channel);
    return channel;
  }

  /**
   * A new connection is authenticated: the `subscribe` that restores every channel (first adding
   * those the handlers `need`, when the channels follow the handlers), or none without channels.
   */
  restore(need: () => StreamChannel[]): WireMessage | undefined {
    if (!this.#explicit) for (const channel of need()) this.#channels.add(channel);
    if (this.#channels.size === 0) return undefined;
    return subscribeMessage([...this.#channels], this.#filters);
  }
}

/**
 * The `subscribe` request for `channels`, with `filters` when given (its id is added on sending).
 *
 * @internal for `StreamCore`
 */
export function subscribeMessage(
  channels: StreamChannel[],
  filters: StreamFilters | undefined,
): WireMessage {
  const message: WireMessage = { type: 'subscribe', channels };
  if (filters !== undefined) message.filters = filters;
  return message;
}
