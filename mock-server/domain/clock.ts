/**
 * The mock's notion of "now": it starts at a fixed instant so the seeded data lines up with the
 * reference's dates, runs with real time unless frozen, and can be moved by tests and the
 * control API.
 */

/** What `GET /__mock/clock` reports. */
export interface ClockSnapshot {
  now: string;
  start: string;
  offset_ms: number;
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

  now(): number {
    return this.#frozen ? this.#anchorMock : this.#anchorMock + (Date.now() - this.#anchorReal);
  }

  nowIso(): string {
    return toIso(this.now());
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  set(ms: number): void {
    this.#anchorMock = ms;
    this.#anchorReal = Date.now();
  }

  freeze(frozen: boolean): void {
    // Re-anchor first so that freezing keeps the current instant and thawing resumes from it.
    this.set(this.now());
    this.#frozen = frozen;
  }

  get frozen(): boolean {
    return this.#frozen;
  }

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
