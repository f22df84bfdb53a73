/**
 * The part of `node:crypto` that the mock's domain uses, for the browser build of
 * `@cyberfortress/sdk/mock/msw` (tsup.config.ts resolves `node:crypto` here): SHA-256 and
 * HMAC-SHA256 by `@noble/hashes` (synchronous, as the domain calls them), random bytes by Web
 * Crypto. Node keeps its own module.
 *
 * @internal
 * @module
 */

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from './buffer.js';

type Bytes = ReturnType<typeof Buffer.wrap>;

type Input = string | Uint8Array;
type Encoding = 'hex' | 'base64' | 'base64url';

function bytesOf(input: Input): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input) : input;
}

interface Hasher {
  update(data: Input): Hasher;
  digest(): Bytes;
  digest(encoding: Encoding): string;
}

function hasher(create: () => { update(data: Uint8Array): unknown; digest(): Uint8Array }): Hasher {
  const state = create();
  const self: Hasher = {
    update(data) {
      state.update(bytesOf(data));
      return self;
    },
    digest(encoding?: Encoding) {
      const digest = Buffer.wrap(state.digest());
      return (encoding === undefined ? digest : digest.toString(encoding)) as Bytes & string;
    },
  };
  return self;
}

function sha256Only(algorithm: string): void {
  if (algorithm !== 'sha256') throw new Error(`Only sha256 is available here, not ${algorithm}`);
}

/** `createHash('sha256')`. @internal */
export function createHash(algorithm: string): Hasher {
  sha256Only(algorithm);
  return hasher(() => sha256.create());
}

/** `createHmac('sha256', key)`. @internal */
export function createHmac(algorithm: string, key: Input): Hasher {
  sha256Only(algorithm);
  return hasher(() => hmac.create(sha256, bytesOf(key)));
}

/** `randomBytes(size)`, from Web Crypto. @internal */
export function randomBytes(size: number): Bytes {
  const bytes = Buffer.alloc(size);
  // getRandomValues fills at most 65,536 bytes a call.
  for (let offset = 0; offset < size; offset += 65_536) {
    globalThis.crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65_536)));
  }

  return bytes;
}

/** `randomInt(min, max)`: an integer in [min, max). @internal */
export function randomInt(min: number, max: number): number {
  const [word = 0] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return min + (word % (max - min));
}

/** `timingSafeEqual(a, b)`. @internal */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
