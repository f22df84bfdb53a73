/**
 * The `Idempotency-Key` store: the first response to a key is kept for 24 hours of mock time
 * and replayed for a retry of the same request, so a retried report or block never happens twice.
 */

import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';

/** A response as the pipeline builds it before the transport writes it. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

interface Entry {
  fingerprint: string;
  /** `undefined` while the first request is still running. */
  response: StoredResponse | undefined;
  expiresAt: number;
}

/** What `begin` found for a key. */
export type IdempotencyClaim =
  | { kind: 'replay'; response: StoredResponse }
  /** The caller runs the request, then calls `complete` or `release` exactly once. */
  | { kind: 'claimed'; complete(response: StoredResponse): void; release(): void };

const DAY_MS = 24 * 3_600_000;
const MAX_KEY_LENGTH = 255;
/** Sweep expired entries every so many claims, so an idle store does no work at all. */
const SWEEP_EVERY = 1000;

/**
 * Checks a key: 1..255 printable ASCII characters (space through tilde).
 * @throws ApiError 400 with a detail on the `Idempotency-Key` header.
 */
export function validateIdempotencyKey(key: string): void {
  let valid = key.length >= 1 && key.length <= MAX_KEY_LENGTH;
  for (let i = 0; valid && i < key.length; i++) {
    const code = key.charCodeAt(i);
    valid = code >= 0x20 && code <= 0x7e;
  }

  if (!valid) {
    throw ApiError.invalid(
      [{ field: 'Idempotency-Key', issue: 'Must be 1 to 255 printable ASCII characters' }],
      'Invalid Idempotency-Key header',
    );
  }
}

/** Hashes what makes two requests "the same": method, path with query, and the body bytes. */
export function requestFingerprint(method: string, path: string, body: Uint8Array | null): string {
  const hash = createHash('sha256').update(method).update('\n').update(path).update('\n');
  if (body) hash.update(body);
  return hash.digest('hex');
}

export class IdempotencyStore {
  readonly #now: () => number;
  readonly #ttlMs: number;
  #entries = new Map<string, Entry>();
  #claimsSinceSweep = 0;

  /**
   * @param now the mock clock, so expiry follows `/__mock/clock` advances
   * @param ttlMs how long a stored response is replayed @default 86_400_000 (24 hours)
   */
  constructor(now: () => number, ttlMs = DAY_MS) {
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /**
   * Claims `key` for one owner (a principal id), or returns the stored response to replay.
   * @throws ApiError IDEMPOTENCY_KEY_REUSED when the key was used for a different request,
   *   IDEMPOTENCY_KEY_IN_USE while the first request with that key is still running.
   */
  begin(owner: string, key: string, fingerprint: string): IdempotencyClaim {
    const now = this.#now();
    const id = `${owner}\u0000${key}`;
    this.#maybeSweep(now);

    const existing = this.#entries.get(id);
    if (existing && existing.expiresAt > now) {
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request; use a new key for a new request',
        );
      }

      if (!existing.response) {
        throw new ApiError(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being processed; retry after it completes',
        );
      }

      return { kind: 'replay', response: existing.response };
    }

    const entry: Entry = { fingerprint, response: undefined, expiresAt: now + this.#ttlMs };
    this.#entries.set(id, entry);
    return {
      kind: 'claimed',
      complete: (response) => {
        entry.response = response;
        entry.expiresAt = this.#now() + this.#ttlMs;
      },
      release: () => {
        if (this.#entries.get(id) === entry) this.#entries.delete(id);
      },
    };
  }

  get size(): number {
    return this.#entries.size;
  }

  reset(): void {
    this.#entries = new Map();
  }

  #maybeSweep(now: number): void {
    if (++this.#claimsSinceSweep < SWEEP_EVERY) return;
    this.#claimsSinceSweep = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now && entry.response) this.#entries.delete(id);
    }
  }
}
