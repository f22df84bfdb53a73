/**
 * The threat simulator: injects seeded random threats at a steady rate through
 * `backend.threats.inject`, so that every event they cause (`threat_detected`, and
 * `critical_alert`, `ml_anomaly`, `auto_response`, `evidence_collected` when they apply) comes
 * from the same rules as a real detection. Off unless a rate is given.
 */

import type { MockBackend } from '../domain/backend.js';
import type { MockLogger } from '../http/log.js';

/** The threat simulator: seeded random threats injected while a port listens. */
export interface SimulatorOptions {
  /** Threats injected per second; 0 turns the simulator off. @default 0 */
  eventsPerSecond?: number;
}

/** The timer never fires more often than this; each tick injects what is due. */
const MIN_TICK_MS = 10;
/** At most this many threats per tick, so that a stalled process does not burst on waking. */
const MAX_PER_TICK = 1000;

export class ThreatSimulator {
  readonly #rate: number;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #injected = 0;

  constructor(
    private readonly backend: MockBackend,
    private readonly log: MockLogger,
    { eventsPerSecond = 0 }: SimulatorOptions = {},
  ) {
    if (!Number.isFinite(eventsPerSecond) || eventsPerSecond < 0) {
      throw new TypeError(
        `The \`simulator.eventsPerSecond\` option must be a non-negative number, got ${String(eventsPerSecond)}`,
      );
    }

    this.#rate = eventsPerSecond;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  start(): void {
    if (this.#rate === 0 || this.#timer) return;
    this.#startedAt = Date.now();
    this.#injected = 0;
    const tick = Math.max(MIN_TICK_MS, Math.floor(1000 / this.#rate));
    this.#timer = setInterval(() => this.#tick(), tick);
    // The simulator never keeps a process alive on its own.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const due = Math.floor(((Date.now() - this.#startedAt) * this.#rate) / 1000);
    const count = Math.min(MAX_PER_TICK, due - this.#injected);
    // Behind by more than a tick's worth: skip ahead rather than catch up in a burst.
    this.#injected = count === MAX_PER_TICK ? due : this.#injected + count;
    for (let i = 0; i < count; i++) {
      try {
        this.backend.threats.inject({});
      } catch (error) {
        this.log.error('simulator failed to inject a threat:', error);
        return;
      }
    }
  }
}
