/**
 * Header and payload inputs of webhook verification, read the same way whatever the framework
 * hands over: a `Headers`, Node's `IncomingHttpHeaders` (lowercase keys, arrays for repeats), a
 * hand-written object in any case, or a `Map`.
 *
 * @internal
 * @module
 */

import { describe } from './crypto.js';
import { ParsedPayloadError } from './errors.js';

/**
 * The headers of a delivery: a `Headers` (or anything with a case-insensitive `get`), a
 * plain object such as Express's `req.headers`, with keys in any case and values that are
 * strings or lists of strings, or `[name, value]` pairs.
 *
 * @category Webhooks
 */
export type WebhookHeadersInput =
  | Headers
  | {
      /** The header's value, whatever the case of `name`; `null` or `undefined` when absent. */
      get(name: string): string | null | undefined;
    }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | readonly (readonly [string, string])[];

/**
 * The raw body of a delivery, exactly as received: text, or its bytes (a Node `Buffer` is a
 * `Uint8Array`).
 *
 * @category Webhooks
 */
export type WebhookPayloadInput = string | Uint8Array | ArrayBuffer;

/**
 * Every value of header `name` (lowercase) in `headers`, with empty values left out; an empty
 * list when the header is absent or `headers` is not a header collection at all.
 *
 * @internal
 */
export function headerValues(headers: unknown, name: string): string[] {
  if (typeof headers !== 'object' || headers === null) return [];

  // A `Map`, or `[name, value]` pairs as `new Headers()` takes them.
  if (headers instanceof Map || Array.isArray(headers)) {
    const values: string[] = [];
    for (const entry of headers as Iterable<unknown>) {
      if (!Array.isArray(entry)) continue;
      const [key, value] = entry as unknown[];
      if (typeof key === 'string' && key.toLowerCase() === name) values.push(...stringsOf(value));
    }

    return values;
  }

  // `Headers`, also from another realm or a polyfill: `get` is case-insensitive and joins
  // repeated headers with ", ".
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name);
    return stringsOf(value);
  }

  const values: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      values.push(...stringsOf((headers as Record<string, unknown>)[key]));
    }
  }

  return values;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  if (Array.isArray(value)) return value.flatMap((item: unknown) => stringsOf(item));
  return [];
}

/**
 * The first value of a header, trimmed; `undefined` when absent or blank.
 *
 * @internal
 */
export function headerValue(headers: unknown, name: string): string | undefined {
  for (const value of headerValues(headers, name)) {
    const trimmed = value.trim();
    if (trimmed !== '') return trimmed;
  }

  return undefined;
}

const decoder = new TextDecoder();

/**
 * The payload's bytes (which the signature covers) and its text.
 *
 * @throws ParsedPayloadError when the payload is not a string, bytes or an `ArrayBuffer`
 * @internal
 */
export function payloadParts(payload: unknown): { bytes: Uint8Array<ArrayBuffer>; text: string } {
  if (typeof payload === 'string')
    return { bytes: new TextEncoder().encode(payload), text: payload };

  // Checked by tag rather than instanceof, so that bytes from another realm (a vm context,
  // jsdom, a worker) are accepted too.
  if (ArrayBuffer.isView(payload)) {
    const bytes = new Uint8Array(payload.byteLength);
    bytes.set(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    return { bytes, text: decoder.decode(bytes) };
  }

  if (Object.prototype.toString.call(payload) === '[object ArrayBuffer]') {
    const bytes = new Uint8Array((payload as ArrayBuffer).slice(0));
    return { bytes, text: decoder.decode(bytes) };
  }

  throw new ParsedPayloadError(describe(payload));
}
