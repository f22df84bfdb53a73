/**
 * What one stream connection receives: its subscription (the `subscribe` and `unsubscribe`
 * requests, and channels dropped when new credentials cannot read them), live events through
 * it, and the paced replay of a `resume`, with live events held behind the replay and a record
 * of what was sent so that the two never repeat an event.
 */

import { hasScope } from '../domain/scopes.js';
import type { StreamEntry, StreamHub } from './hub.js';
import type { Outbox } from './outbox.js';
import {
  CHANNEL_SCOPES,
  checkChannels,
  checkFilters,
  checkId,
  Problems,
  requestId,
  type StreamChannel,
} from './protocol.js';
import { SentLog, Subscription } from './subscription.js';

/** A replay sends while the socket holds less than this, then waits for it to drain. */
const REPLAY_HIGH_WATER = 512 * 1024;
/** How often a paced replay looks at the socket again. */
const REPLAY_POLL_MS = 5;

/** A paced replay in progress: what is left to send and the live events held behind it. */
interface Replay {
  entries: StreamEntry[];
  next: number;
  held: StreamEntry[];
  heldBytes: number;
  id: string | undefined;
  from: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The subscription side of one connection; the connection checks authentication and the rate
 * limit before it passes a request on.
 * @internal used by the stream connection
 */
export class ConnectionFeed {
  #subscription = new Subscription();
  /** What was sent on this connection, so that a replay never repeats an event. */
  readonly #sent = new SentLog();
  #replay: Replay | undefined;

  constructor(
    private readonly hub: StreamHub,
    private readonly outbox: Outbox,
    private readonly isClosing: () => boolean,
  ) {}

  /** True while a replay is being sent. */
  get replaying(): boolean {
    return this.#replay !== undefined;
  }

  /** Sends a live event when the subscription wants it (after the replay, if one is running). */
  deliver(entry: StreamEntry): void {
    if (!this.#subscription.wants(entry)) return;
    const replay = this.#replay;
    if (replay) {
      // Live events wait behind the replay; they count against the send-buffer limit too.
      replay.held.push(entry);
      replay.heldBytes += entry.frame.length;
      this.outbox.checkBuffer(replay.heldBytes);
      return;
    }

    this.outbox.sendEntry(entry);
  }

  /** `subscribe`: adds channels (and replaces filters) for credentials holding `scopes`. */
  subscribe(message: Record<string, unknown>, scopes: readonly string[]): void {
    const id = requestId(message);
    const problems = new Problems();
    checkId(problems, message);
    const channels = checkChannels(problems, message.channels);
    const filters =
      message.filters === undefined ? undefined : checkFilters(problems, message.filters);
    if (!problems.empty) {
      this.outbox.error('INVALID_REQUEST', 'The subscribe message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    // A channel the credentials cannot read refuses the whole request; nothing changes.
    const refused = (message.channels as string[])
      .map((channel, index) => ({ channel: channel as StreamChannel, index }))
      .filter(({ channel }) => !hasScope(scopes, CHANNEL_SCOPES[channel]));
    if (refused.length > 0) {
      const { channel } = refused[0] as { channel: StreamChannel };
      this.outbox.error(
        'FORBIDDEN',
        `The channel ${channel} requires the scope ${CHANNEL_SCOPES[channel]}.`,
        {
          id,
          details: refused.map(({ channel: name, index }) => ({
            field: `channels[${index}]`,
            issue: `Requires the scope ${CHANNEL_SCOPES[name]}`,
          })),
          required_scope: CHANNEL_SCOPES[channel],
        },
      );
      return;
    }

    // Valid and allowed: the new subscription applies from the next live event on.
    this.#resubscribe(this.#subscription.with(channels, filters));
    this.outbox.send({
      type: 'subscribed',
      ...(id ? { id } : {}),
      channels: this.#subscription.channels,
      filters: this.#subscription.filters,
    });
  }

  /** `unsubscribe`: removes channels; naming one not subscribed is not an error. */
  unsubscribe(message: Record<string, unknown>): void {
    const id = requestId(message);
    const problems = new Problems();
    checkId(problems, message);
    const channels = checkChannels(problems, message.channels);
    if (!problems.empty) {
      this.outbox.error('INVALID_REQUEST', 'The unsubscribe message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    // Valid: the remaining channels apply from the next live event on.
    this.#resubscribe(this.#subscription.without(channels));
    this.outbox.send({
      type: 'unsubscribed',
      ...(id ? { id } : {}),
      channels: this.#subscription.channels,
    });
  }

  /**
   * After a new `auth`: unsubscribes from the channels that credentials holding `scopes` cannot
   * read, and tells the client which (FORBIDDEN, without an id).
   */
  narrowTo(scopes: readonly string[]): void {
    const dropped = this.#subscription.channels.filter(
      (channel) => !hasScope(scopes, CHANNEL_SCOPES[channel]),
    );
    if (dropped.length === 0) return;
    this.#resubscribe(this.#subscription.without(dropped));
    const first = dropped[0] as StreamChannel;
    this.outbox.error(
      'FORBIDDEN',
      `The new credentials cannot read the channel${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')}; unsubscribed.`,
      {
        details: dropped.map((channel) => ({
          field: 'channels',
          issue: `${channel} requires the scope ${CHANNEL_SCOPES[channel]}`,
        })),
        required_scope: CHANNEL_SCOPES[first],
      },
    );
  }

  /**
   * Starts the replay of a checked `resume`: the buffered events after `from` (up to `latest`)
   * that the subscription wants and this connection has not sent, then `resumed`.
   */
  replay(from: number, latest: number, id: string | undefined): void {
    const entries = this.hub
      .since(from)
      .filter((entry) => this.#subscription.wants(entry) && !this.#sent.wasSent(entry));
    this.#sent.replayed(this.#subscription, from, latest);
    this.#replay = { entries, next: 0, held: [], heldBytes: 0, id, from, timer: undefined };
    this.#pumpReplay();
  }

  /** Abandons a replay in progress (the connection is closing). */
  stop(): void {
    if (this.#replay?.timer) clearTimeout(this.#replay.timer);
    this.#replay = undefined;
  }

  /** Sends the replay in slices that keep the socket's buffer small, then the held live events. */
  #pumpReplay(): void {
    const replay = this.#replay;
    if (!replay || this.isClosing()) return;
    replay.timer = undefined;
    while (replay.next < replay.entries.length) {
      if (this.outbox.bufferedAmount >= REPLAY_HIGH_WATER) {
        replay.timer = setTimeout(() => this.#pumpReplay(), REPLAY_POLL_MS);
        return;
      }

      this.outbox.sendEntry(replay.entries[replay.next++] as StreamEntry);
      if (this.isClosing()) return;
    }

    this.#replay = undefined;
    this.outbox.send({
      type: 'resumed',
      ...(replay.id ? { id: replay.id } : {}),
      from_sequence: replay.from,
      replayed: replay.entries.length,
    });
    // Held events passed the subscription when they arrived; they are sent as they are.
    for (const entry of replay.held) this.outbox.sendEntry(entry);
  }

  /** Changes the subscription; live events from now on follow the new one. */
  #resubscribe(subscription: Subscription): void {
    this.#subscription = subscription;
    const window = this.hub.window();
    this.#sent.prune(window.oldest_sequence);
    this.#sent.live(subscription, window.latest_sequence);
  }
}
