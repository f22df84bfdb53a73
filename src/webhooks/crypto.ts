/**
 * The byte-level pieces of webhook signing, on Web Crypto only (`globalThis.crypto.subtle`,
 * `TextEncoder`, `atob`/`btoa`), so that they run in Node, Bun, Deno, browsers and edge workers.
 *
 * @internal
 * @module
 */

import { InvalidSecretError } from './errors.js';

/** The prefix of a Standard Webhooks secret, whose remainder is the base64 key. */
export const WHSEC_PREFIX = 'whsec_';

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. @internal */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Two byte arrays joined. @internal */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * Decodes standard base64 (padding optional); `undefined` for anything else, never throws.
 *
 * @internal
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    return undefined;
  }

  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return undefined;
  }
}

/** Standard base64 with padding. @internal */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index++) {
    binary += String.fromCharCode(bytes[index] as number);
  }

  return btoa(binary);
}

/** Lowercase hex. @internal */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (let index = 0; index < bytes.length; index++) {
    hex += (bytes[index] as number).toString(16).padStart(2, '0');
  }

  return hex;
}

/** Decodes hex (either case); `undefined` when it is not hex of whole bytes. @internal */
export function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }

  return bytes;
}

/**
 * Whether two byte arrays are equal, in time that depends only on their lengths (which are
 * public: every HMAC-SHA256 is 32 bytes), so that a forger learns nothing from timing.
 *
 * @internal
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) {
    difference |= (a[index] as number) ^ (b[index] as number);
  }

  return difference === 0;
}

/**
 * The HMAC key bytes of a secret: a `whsec_` secret is base64 after its prefix (the Standard
 * Webhooks convention); any other secret is its UTF-8 bytes, as in the reference's verifier.
 *
 * @throws InvalidSecretError when the secret is empty or a `whsec_` secret is not base64
 * @internal
 */
export function secretKeyBytes(secret: unknown): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new InvalidSecretError(
      `A webhook secret must be a non-empty string, got ${describe(secret)}`,
    );
  }

  if (!secret.startsWith(WHSEC_PREFIX)) return utf8(secret);
  const key = fromBase64(secret.slice(WHSEC_PREFIX.length));
  if (key === undefined || key.length === 0) {
    throw new InvalidSecretError(
      'A `whsec_` webhook secret must be followed by a non-empty base64 key',
    );
  }

  return key;
}

/** The secret or secrets as a non-empty list of key bytes. @internal */
export function secretKeys(secret: unknown): Uint8Array<ArrayBuffer>[] {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secrets.length === 0) {
    throw new InvalidSecretError('The list of webhook secrets is empty');
  }

  return secrets.map(secretKeyBytes);
}

/**
 * The key bytes for the reference's `X-CyberFortress-Signature`: always the secret's UTF-8 bytes,
 * `whsec_` prefix included, since the reference's verifier keys its HMAC with `secret.encode()`
 * whatever the secret looks like. (The Standard Webhooks header decodes a `whsec_` key instead.)
 *
 * @internal
 */
export function referenceKeys(secret: unknown): Uint8Array<ArrayBuffer>[] {
  const secrets: unknown[] = Array.isArray(secret) ? secret : [secret];
  return secrets.map((one) => utf8(one as string));
}

/**
 * HMAC-SHA256 of `message` under `key`, by Web Crypto.
 *
 * @internal
 */
export async function hmacSha256(
  key: Uint8Array<ArrayBuffer>,
  message: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    // Only a non-secure browser context (plain http) or a very old runtime lacks it.
    throw new InvalidSecretError(
      'Web Crypto (globalThis.crypto.subtle) is not available in this runtime, so webhook signatures cannot be computed',
    );
  }

  const cryptoKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await subtle.sign('HMAC', cryptoKey, message));
}

/** A short, safe description of a value's type for messages (never the value itself). @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
