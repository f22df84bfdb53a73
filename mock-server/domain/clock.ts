/**
 * The mock's notion of "now": it starts at a fixed instant so the seeded data lines up with the
 * reference's dates, runs with real time unless frozen, and can be moved by tests and the
 * control API.
 */

/** What `GET /__mock/clock` reports. */
export interface ClockSnapshot {
  /** Mock time now (RFC 3339). */
  now: string;
  /** Where the clock started. */
  start: string;
  /** `now` minus `start`, in milliseconds. */
  offset_ms: number;
  /** Whether the clock stands still. */
  frozen: boolean;
}

/** Formats epoch milliseconds as RFC 3339 UTC with second precision: `2025-01-15T14:30:00Z`. */
export function toIso(ms: number): string {
  // Slicing the ISO string is markedly cheaper than a replace, and the dataset formats tens of
  // thousands of instants on every reset.
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * An injectable clock.
 *
 * @example
 * const clock = new Clock(Date.parse('2025-01-15T15:00:00Z'), true);
 * clock.advance(90 * 60_000);
 * clock.nowIso(); // '2025-01-15T16:30:00Z'
 */
export class Clock {
  /** The first instant, epoch milliseconds. */
  readonly start: number;
  /** Mock time at the moment `#anchorReal` was taken. */
  #anchorMock: number;
  #anchorReal: number;
  #frozen: boolean;

  constructor(start: number, frozen = false) {
    this.start = start;
    this.#anchorMock = start;
    this.#anchorReal = Date.now();
    this.#frozen = frozen;
  }

  /** Mock time now, epoch milliseconds. */
  now(): number {
    return this.#frozen ? this.#anchorMock : this.#anchorMock + (Date.now() - this.#anchorReal);
  }

  /** Mock time now, RFC 3339 with second precision. */
  nowIso(): string {
    return toIso(this.now());
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  /** Moves the clock to `ms` (epoch milliseconds), forward or back. */
  set(ms: number): void {
    this.#anchorMock = ms;
    this.#anchorReal = Date.now();
  }

  /** Stops the clock at the current instant (`true`) or lets it run from there (`false`). */
  freeze(frozen: boolean): void {
    // Re-anchor first so that freezing keeps the current instant and thawing resumes from it.
    this.set(this.now());
    this.#frozen = frozen;
  }

  /** Whether the clock stands still. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /** The clock's state, as `GET /__mock/clock` reports it. */
  snapshot(): ClockSnapshot {
    const now = this.now();
    return {
      now: toIso(now),
      start: toIso(this.start),
      offset_ms: now - this.start,
      frozen: this.#frozen,
    };
  }
}
