/**
 * The replay guard: remembers the ids of verified deliveries for as long as their timestamps
 * would still pass the tolerance check, so that a captured delivery sent again inside that
 * window is refused with `ReplayedDeliveryError`.
 *
 * @see https://docs.cyberfortress.io/webhooks#replays
 * @module
 */

/**
 * Where delivery ids are remembered. `createReplayGuard` keeps them in memory, which protects one
 * process; several receivers behind a load balancer need a shared store (Redis `SET NX PX`, a
 * database unique key) behind this same interface.
 *
 * @example
 * const guard: ReplayGuard = {
 *   claim: async (id, expiresAt) => (await redis.set(`wh:${id}`, '1', { NX: true, PXAT: expiresAt })) === 'OK',
 *   release: async (id) => void (await redis.del(`wh:${id}`)),
 * };
 * @category Webhooks
 */
export interface ReplayGuard {
  /**
   * Records a delivery id until `expiresAt` (epoch milliseconds); `false` when the id is
   * already recorded and not yet expired, which makes the delivery a replay.
   */
  claim(id: string, expiresAt: number): boolean | Promise<boolean>;

  /**
   * Forgets a delivery id, so that a retry of a delivery whose handling failed is accepted.
   */
  release?(id: string): void | Promise<void>;
}

/**
 * Options of `createReplayGuard`.
 *
 * @category Webhooks
 */
export interface ReplayGuardOptions {
  /**
   * The least time to remember an id, in seconds. Each id is kept until its delivery's
   * timestamp leaves the verifier's tolerance, and at least this long.
   *
   * @default 300
   */
  tolerance?: number;

  /**
   * The most ids kept at once. When full, the ids closest to expiry are forgotten first; a
   * receiver that takes more deliveries than this in one tolerance window should raise it.
   *
   * @default 10_000
   */
  maxEntries?: number;

  /** The clock, in epoch milliseconds; for tests. @default Date.now */
  now?: () => number;
}

/**
 * An in-memory `ReplayGuard`, bounded by `maxEntries`.
 *
 * @category Webhooks
 */
export interface MemoryReplayGuard extends ReplayGuard {
  claim(id: string, expiresAt: number): boolean;
  release(id: string): void;
  /** Forgets every id. */
  clear(): void;
  /** How many ids are remembered now (expired ones are dropped first). */
  readonly size: number;
}

/** How long an id is remembered at least, by default: the verifier's default tolerance. */
const DEFAULT_TOLERANCE_SECONDS = 300;
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Creates an in-memory replay guard to pass as `replayGuard` to `verifyWebhook` or
 * `constructEvent`. Ids are recorded only after a signature verified, so forged requests
 * cannot fill it.
 *
 * @example
 * const replayGuard = createReplayGuard({ tolerance: 300 });
 * const event = await constructEvent({ payload, headers, secret, replayGuard });
 * @see https://docs.cyberfortress.io/webhooks#replays
 * @category Webhooks
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): MemoryReplayGuard {
  const {
    tolerance = DEFAULT_TOLERANCE_SECONDS,
    maxEntries = DEFAULT_MAX_ENTRIES,
    now = Date.now,
  } = options;
  if (!(tolerance >= 0)) {
    throw new TypeError('The `tolerance` option must be a number of seconds, 0 or more');
  }

  if (!(Number.isInteger(maxEntries) && maxEntries > 0)) {
    throw new TypeError('The `maxEntries` option must be a positive integer');
  }

  // id -> expiry (epoch ms). A Map iterates in insertion order, which is close to expiry order,
  // so the oldest entries are swept from its front.
  const expiries = new Map<string, number>();

  function sweep(at: number): void {
    for (const [id, expiry] of expiries) {
      if (expiry > at) break;
      expiries.delete(id);
    }
  }

  return {
    claim(id, expiresAt) {
      const at = now();
      sweep(at);
      const known = expiries.get(id);
      if (known !== undefined && known > at) return false;

      // Re-inserting moves the id to the back, where the newest entries live.
      expiries.delete(id);
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next().value as string;
        expiries.delete(oldest);
      }

      expiries.set(id, Math.max(expiresAt, at + tolerance * 1000));
      return true;
    },

    release(id) {
      expiries.delete(id);
    },

    clear() {
      expiries.clear();
    },

    get size() {
      sweep(now());
      return expiries.size;
    },
  };
}
