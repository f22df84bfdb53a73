/**
 * A connection's subscriptions: its channels and filters, the one check every event goes
 * through before it is sent, and the record of what was sent, so that a resume never repeats
 * an event without keeping one entry per event sent.
 */

import type { StreamEntry } from './hub.js';
import { CHANNELS, type StreamChannel, type StreamFilters } from './protocol.js';

/** Channels and filters at one moment; never changed, replaced by `with`/`without`. */
export class Subscription {
  readonly #channels: ReadonlySet<StreamChannel>;
  readonly filters: StreamFilters;
  readonly #severity: ReadonlySet<string> | undefined;
  readonly #countries: ReadonlySet<string> | undefined;

  constructor(channels: Iterable<StreamChannel> = [], filters: StreamFilters = {}) {
    this.#channels = new Set(channels);
    this.filters = filters;
    this.#severity = filters.severity ? new Set(filters.severity) : undefined;
    this.#countries = filters.countries ? new Set(filters.countries) : undefined;
  }

  /** Subscribed channels in the AsyncAPI document's order. */
  get channels(): StreamChannel[] {
    return CHANNELS.filter((channel) => this.#channels.has(channel));
  }

  /** Adds channels; `filters`, when given, replace the current ones (`{}` clears them). */
  with(channels: readonly StreamChannel[], filters: StreamFilters | undefined): Subscription {
    return new Subscription([...this.#channels, ...channels], filters ?? this.filters);
  }

  without(channels: readonly StreamChannel[]): Subscription {
    const removed = new Set(channels);
    return new Subscription(
      [...this.#channels].filter((channel) => !removed.has(channel)),
      this.filters,
    );
  }

  /**
   * Whether an event is on a subscribed channel and passes the filters (which apply to the
   * threat events of `threats` and `critical_alerts` only).
   */
  wants(entry: StreamEntry): boolean {
    if (!this.#channels.has(entry.channel)) return false;
    if (entry.channel !== 'threats' && entry.channel !== 'critical_alerts') return true;
    if (this.#severity && !this.#severity.has(entry.level as string)) return false;
    return !this.#countries || this.#countries.has(entry.country as string);
  }
}

/** "Every event in (from, to] that `subscription` wants was sent on this connection." */
interface SentSpan {
  from: number;
  to: number;
  subscription: Subscription;
}

/** Spans kept at most; past this the oldest are forgotten (a later resume may then repeat one). */
const MAX_SPANS = 1000;

/**
 * What a connection has sent, as spans of sequences with the subscription in force: live
 * delivery adds nothing per event, and a resume asks `wasSent` for each candidate.
 */
export class SentLog {
  readonly #spans: SentSpan[] = [];
  #live: SentSpan | undefined;

  /** From `latest` on, live events are sent as `subscription` wants them. */
  live(subscription: Subscription, latest: number): void {
    if (this.#live) this.#live.to = latest;
    this.#live = { from: latest, to: Number.POSITIVE_INFINITY, subscription };
    this.#add(this.#live);
  }

  /** A replay sent every event in (from, to] that `subscription` wants (or it had been sent). */
  replayed(subscription: Subscription, from: number, to: number): void {
    this.#add({ from, to, subscription });
  }

  wasSent(entry: StreamEntry): boolean {
    return this.#spans.some(
      (span) =>
        entry.sequence > span.from && entry.sequence <= span.to && span.subscription.wants(entry),
    );
  }

  /** Forgets spans wholly before `oldest`: those events can no longer be replayed. */
  prune(oldest: number): void {
    for (let i = this.#spans.length - 1; i >= 0; i--) {
      if ((this.#spans[i] as SentSpan).to < oldest) this.#spans.splice(i, 1);
    }
  }

  #add(span: SentSpan): void {
    this.#spans.push(span);
    if (this.#spans.length > MAX_SPANS) this.#spans.shift();
  }
}
