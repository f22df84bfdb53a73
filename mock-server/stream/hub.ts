/**
 * The stream service of one mock: a single subscription to the domain's events, the global
 * sequence counter, the replay buffer and every open connection on every port. One hub per
 * transport, so that all ports of a mock share one sequence and one buffer.
 */

import { randomBytes } from 'node:crypto';
import type { MockBackend } from '../domain/backend.js';
import type { DomainEvent } from '../domain/events.js';
import { toStreamEvent } from './events.js';
import type { StreamChannel } from './protocol.js';

/** One numbered event, serialised once and sent as is to every connection that wants it. */
export interface StreamEntry {
  sequence: number;
  channel: StreamChannel;
  /** Lowercase threat level, for the severity filter (threat events only). */
  level: string | undefined;
  /** Country code, for the countries filter (threat events only). */
  country: string | undefined;
  /**
   * The message as UTF-8 JSON, made once, on first delivery, and sent as is on every connection:
   * events that no connection ever asks for are numbered and buffered but never serialised.
   */
  readonly frame: Buffer;
}

/** What the hub needs from a connection to deliver to it. */
export interface HubMember {
  readonly sessionId: string;
  /** Sessions this connection took over with `resume`, besides its own. */
  readonly sessionAliases: ReadonlySet<string>;
  deliver(entry: StreamEntry): void;
  /** Closes the connection because a newer one resumed its session. */
  replace(): void;
}

/** Sessions remembered for `resume` (their principal), oldest forgotten first. */
const SESSION_MEMORY = 100_000;

/** A new connection's session id: `sess_` and 12 random lowercase letters and digits. */
export function createSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'sess_';
  for (const byte of randomBytes(12)) id += alphabet[byte % alphabet.length];
  return id;
}

/** The sequences the replay buffer holds. */
export interface ResumeWindow {
  oldest_sequence: number;
  latest_sequence: number;
}

export class StreamHub {
  readonly members = new Set<HubMember>();
  readonly #backend: MockBackend;
  readonly #ring: (StreamEntry | undefined)[];
  #latest = 0;
  #held = 0;
  #unsubscribe: (() => void) | undefined;
  #users = 0;
  #reason: string | undefined;
  readonly #sessions = new Map<string, string>();

  constructor(backend: MockBackend, capacity: number) {
    this.#backend = backend;
    this.#ring = new Array<StreamEntry | undefined>(capacity);
  }

  get backend(): MockBackend {
    return this.#backend;
  }

  /** How many events the replay buffer holds at most. */
  get capacity(): number {
    return this.#ring.length;
  }

  /** Starts listening to the domain (the first port to attach); balanced by `release`. */
  retain(): void {
    if (this.#users++ === 0) {
      this.#unsubscribe = this.#backend.events.on((event) => this.#publish(event));
    }
  }

  release(): void {
    if (--this.#users === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    }
  }

  window(): ResumeWindow {
    return { oldest_sequence: this.#latest - this.#held + 1, latest_sequence: this.#latest };
  }

  /** Buffered entries after `from`, oldest first. */
  since(from: number): StreamEntry[] {
    const entries: StreamEntry[] = [];
    const capacity = this.#ring.length;
    const first = Math.max(from + 1, this.#latest - this.#held + 1);
    for (let sequence = first; sequence <= this.#latest; sequence++) {
      const entry = this.#ring[sequence % capacity];
      if (entry) entries.push(entry);
    }

    return entries;
  }

  /**
   * Runs `change` with `reason` as the cause of any mode change it makes, so the resulting
   * `system_status` says what caused it.
   */
  withReason<T>(reason: string, change: () => T): T {
    this.#reason = reason;
    try {
      return change();
    } finally {
      this.#reason = undefined;
    }
  }

  /** Remembers which principal a session belongs to. */
  noteSession(sessionId: string, principalId: string): void {
    this.#sessions.delete(sessionId);
    this.#sessions.set(sessionId, principalId);
    if (this.#sessions.size > SESSION_MEMORY) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
  }

  sessionOwner(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Closes (4409) every other open connection of `sessionId`. */
  replaceSession(sessionId: string, keep: HubMember): void {
    for (const member of [...this.members]) {
      if (
        member !== keep &&
        (member.sessionId === sessionId || member.sessionAliases.has(sessionId))
      ) {
        member.replace();
      }
    }
  }

  #publish(event: DomainEvent): void {
    const streamEvent = toStreamEvent(event, this.#reason);
    if (!streamEvent) return;

    const sequence = ++this.#latest;
    let frame: Buffer | undefined;
    const entry: StreamEntry = {
      sequence,
      channel: streamEvent.channel,
      level: streamEvent.level,
      country: streamEvent.country,
      get frame() {
        if (frame === undefined) {
          const { type, ...rest } = streamEvent.body;
          frame = Buffer.from(JSON.stringify({ type, sequence, ...rest }));
        }

        return frame;
      },
    };

    this.#ring[sequence % this.#ring.length] = entry;
    this.#held = Math.min(this.#held + 1, this.#ring.length);

    for (const member of this.members) {
      // One connection's failure must not keep the event from the others.
      try {
        member.deliver(entry);
      } catch {
        // The connection closes itself on its own errors; nothing to do for the others.
      }
    }
  }
}
