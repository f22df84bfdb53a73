/**
 * The part of Node's `Buffer` that the mock's domain uses, on `Uint8Array`, for the browser
 * build of `@cyberfortress/sdk/mock/msw` (tsup.config.ts injects it wherever the code names
 * `Buffer`). Encodings: `utf8`, `hex`, `base64`, `base64url`. Node keeps its own `Buffer`.
 *
 * @internal
 * @module
 */

type Encoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | 'base64url';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64(text: string): Uint8Array {
  const standard = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes `Buffer`'s functions return: a `Uint8Array` whose `toString` takes an encoding. */
class BrowserBuffer extends Uint8Array {
  override toString(encoding: Encoding = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    switch (encoding) {
      case 'hex':
        return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return toBase64(bytes);
      case 'base64url':
        return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      default:
        return decoder.decode(bytes);
    }
  }
}

function from(
  value: string | ArrayLike<number> | ArrayBuffer,
  encoding: Encoding = 'utf8',
): BrowserBuffer {
  if (typeof value !== 'string') {
    return new BrowserBuffer(
      value instanceof ArrayBuffer ? new Uint8Array(value) : Array.from(value),
    );
  }

  switch (encoding) {
    case 'hex': {
      const bytes = new BrowserBuffer(value.length >> 1);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(value.slice(i * 2, i * 2 + 2), 16);
      return bytes;
    }

    case 'base64':
    case 'base64url':
      return new BrowserBuffer(fromBase64(value));
    default:
      return new BrowserBuffer(encoder.encode(value));
  }
}

function concat(list: readonly Uint8Array[]): BrowserBuffer {
  const out = new BrowserBuffer(list.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of list) {
    out.set(part, offset);
    offset += part.length;
  }

  return out;
}

/**
 * `Buffer`, as far as the mock needs it.
 *
 * @internal
 */
export const Buffer = {
  from,
  concat,
  alloc: (size: number): BrowserBuffer => new BrowserBuffer(size),
  byteLength: (text: string): number => encoder.encode(text).length,
  isBuffer: (value: unknown): value is BrowserBuffer => value instanceof BrowserBuffer,
  /** Wraps bytes (Web Crypto's, a hash's) so that `toString` takes an encoding. */
  wrap: (bytes: Uint8Array): BrowserBuffer => new BrowserBuffer(bytes),
};
