/**
 * The stream's place in the event sequence, which keeps the promise that no event is lost or
 * delivered twice across a reconnect: the last sequence delivered, the `resume` that asks a new
 * connection for what was missed, and the events held back until that replay is over, so that
 * they are handed on in sequence order.
 *
 * @module
 */

import type { Log } from '../core/log.js';
import type { Connection } from './connector.js';
import type { WireMessage } from './protocol.js';

/** The resume in progress on one connection. */
interface ResumeProgress {
  /** Events held between `resume` and `resumed`/`resume_failed`, to hand on in sequence order. */
  held: WireMessage[] | undefined;
  /**
   * `auth_ok`'s latest sequence: an event at or below it happened before we subscribed, so it
   * can only be a replayed one, and goes straight on; only later ones need holding.
   */
  holdAbove: number;
  id: string | undefined;
  /** A second `resume` after `resume_failed` was already tried. */
  retried: boolean;
}

/**
 * What `auth_ok` said about where a new connection starts.
 *
 * @internal
 */
export interface Handover {
  /** The session of the connection before this one, if there was one. */
  previousSession: string | undefined;
  /** The server's latest sequence, when it said. */
  latest: number | undefined;
}

/**
 * The last sequence delivered, and the resume of each connection.
 *
 * @internal for `StreamCore`
 */
export class ResumeTracker {
  readonly #log: Log;
  readonly #nextId: (prefix: string) => string;
  readonly #progress = new WeakMap<Connection, ResumeProgress>();
  /** The last sequence handed to the handlers; anything at or below it is a duplicate. */
  #lastSequence = 0;
  #sessionId: string | undefined;
  /** `connect({ fromSequence })` asked for a resume on the first connection. */
  #requested = false;

  /** @param nextId makes the id of a `resume` (shared with the stream's other requests) */
  constructor(log: Log, nextId: (prefix: string) => string) {
    this.#log = log;
    this.#nextId = nextId;
  }

  /** The sequence of the last event delivered (0 before the first). */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /** `connect({ fromSequence })`: the next connection resumes from `sequence`. */
  resumeFrom(sequence: number): void {
    this.#lastSequence = sequence;
    this.#requested = true;
  }

  /** `auth_ok`: takes the new session, and starts over on a server that is behind us. */
  adopt(message: WireMessage): Handover {
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

    return { previousSession, latest };
  }

  /**
   * After `adopt`, once the subscriptions are restored: the `resume` to send on `connection`
   * when events may have been missed (events are held from then on), or none.
   */
  begin(connection: Connection, { previousSession, latest }: Handover): WireMessage | undefined {
    if (previousSession !== undefined || this.#lastSequence > 0 || this.#requested) {
      this.#requested = false;
      const progress = this.#on(connection);
      progress.held = [];
      progress.holdAbove = latest ?? 0;
      progress.id = this.#nextId('resume');
      const resume: WireMessage = {
        type: 'resume',
        id: progress.id,
        from_sequence: this.#lastSequence,
      };
      if (previousSession !== undefined) resume.session_id = previousSession;
      return resume;
    }

    // The first connection delivers what happens from now on; later ones resume from here.
    if (latest !== undefined) this.#lastSequence = latest;
    return undefined;
  }

  /** Holds `message`, an event, while a resume replays what came before it; false: deliver it. */
  hold(connection: Connection, message: WireMessage): boolean {
    const progress = this.#on(connection);
    if (progress.held && (message.sequence as number) > progress.holdAbove) {
      progress.held.push(message);
      return true;
    }

    return false;
  }

  /** Whether `id` is that of the resume in progress on `connection`. */
  answers(connection: Connection, id: string | undefined): boolean {
    return id === this.#on(connection).id;
  }

  /**
   * After `resume_failed`: the one more `resume` that asks for what the server's buffer still
   * holds, when that is more than we have and it was not tried yet; else none.
   */
  retry(connection: Connection, oldestAvailable: number): WireMessage | undefined {
    const progress = this.#on(connection);
    if (!progress.retried && oldestAvailable - 1 > this.#lastSequence) {
      progress.retried = true;
      progress.id = this.#nextId('resume');
      return {
        type: 'resume',
        id: progress.id,
        from_sequence: oldestAvailable - 1,
        ...(this.#sessionId === undefined ? {} : { session_id: this.#sessionId }),
      };
    }

    return undefined;
  }

  /** Ends the resume on `connection`: the events it held, in sequence order. */
  release(connection: Connection): WireMessage[] {
    const progress = this.#on(connection);
    const held = progress.held ?? [];
    progress.held = undefined;
    progress.id = undefined;
    held.sort((a, b) => (a.sequence as number) - (b.sequence as number));
    return held;
  }

  /** Takes `sequence` as delivered; false for a duplicate, at or below the last one. */
  claim(sequence: number): boolean {
    if (sequence <= this.#lastSequence) return false;
    this.#lastSequence = sequence;
    return true;
  }

  /** The resume state of `connection`, made the first time it is needed. */
  #on(connection: Connection): ResumeProgress {
    let progress = this.#progress.get(connection);
    if (!progress) {
      progress = { held: undefined, holdAbove: 0, id: undefined, retried: false };
      this.#progress.set(connection, progress);
    }

    return progress;
  }
}
