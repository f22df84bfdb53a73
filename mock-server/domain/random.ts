/**
 * The domain's only source of randomness: a small seeded generator, so that one seed always
 * yields the same dataset, the same ids and the same credentials.
 */

const ALNUM_LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

/**
 * Hashes any mix of strings and numbers to a 32-bit unsigned integer (a cyrb53-style mix),
 * for seeding a generator from a name such as an address or an evidence id.
 */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const text = parts.join('\u0000');

  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }

  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A weighted choice: the item and its relative weight. */
export type Weighted<T> = readonly [item: T, weight: number];

/**
 * A seeded sfc32 generator with the helpers the dataset needs.
 *
 * @example
 * const random = new Random(42);
 * random.int(1, 6); // same number for every run with seed 42
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    // Spread the single seed over the four state words, then discard a few outputs so that
    // nearby seeds do not start with correlated values.
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;

    for (let i = 0; i < 15; i++) {
      this.next();
    }
  }

  /** A generator seeded from a hash of the parts: `Random.from(seed, 'evidence', id)`. */
  static from(...parts: readonly (string | number)[]): Random {
    return new Random(hashSeed(...parts));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#nextUint32() / 4294967296;
  }

  #nextUint32(): number {
    this.#a >>>= 0;
    this.#b >>>= 0;
    this.#c >>>= 0;
    this.#d >>>= 0;
    let t = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    t = (t + this.#d) | 0;
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max) rounded to `digits` decimals. */
  float(min: number, max: number, digits = 2): number {
    const factor = 10 ** digits;
    return Math.round((min + this.next() * (max - min)) * factor) / factor;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: readonly Weighted<T>[]): T {
    let total = 0;

    for (const [, weight] of items) {
      total += weight;
    }

    let roll = this.next() * total;

    for (const [item, weight] of items) {
      roll -= weight;

      if (roll < 0) {
        return item;
      }
    }

    return (items[items.length - 1] as Weighted<T>)[0];
  }

  /** `count` distinct items in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, items.length);

    while (chosen.size < wanted) {
      chosen.add(Math.floor(this.next() * items.length));
    }

    return [...chosen].sort((a, b) => a - b).map((index) => items[index] as T);
  }

  #chars(alphabet: string, length: number): string {
    let out = '';

    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }

    return out;
  }

  /** Lowercase letters and digits, as in `threat_7h8i9j0k`. */
  alnum(length: number): string {
    return this.#chars(ALNUM_LOWER, length);
  }

  base62(length: number): string {
    return this.#chars(BASE62, length);
  }

  hex(length: number): string {
    return this.#chars(HEX, length);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);

    // Four bytes from each 32-bit output: evidence files are made of many of these.
    for (let i = 0; i < length; i += 4) {
      const word = this.#nextUint32();
      out[i] = word & 0xff;
      if (i + 1 < length) out[i + 1] = (word >>> 8) & 0xff;
      if (i + 2 < length) out[i + 2] = (word >>> 16) & 0xff;
      if (i + 3 < length) out[i + 3] = word >>> 24;
    }

    return out;
  }
}
