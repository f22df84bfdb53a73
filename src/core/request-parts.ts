/**
 * The pieces of a request the transport builds once per call: the URL with its query, the
 * static headers, the body and the idempotency key.
 *
 * @internal
 * @module
 */

import { toSnakeCase, snakeizeKeys } from './case.js';
import { InvalidRequestError, type ErrorDetail } from './errors.js';
import type { ResolvedClientOptions } from './options.js';
import { VERSION } from './version.js';

/** A query as resources give it: camelCase keys, arrays for repeated parameters. @internal */
export type QueryParams = Record<
  string,
  string | number | boolean | readonly (string | number)[] | null | undefined
>;

/**
 * `template` with each `{name}` replaced by `params[name]`, percent-encoded as one segment.
 *
 * @throws InvalidRequestError before anything is sent, naming each parameter that is not a
 * non-empty string, or is `.` or `..`, which a URL resolves to another path (`DELETE
 * /webhooks/..` would be `DELETE /`)
 * @example
 * expandPath('/threats/{threat_id}', { threat_id: 'threat_7h8i9j0k' }); // '/threats/threat_7h8i9j0k'
 * @internal
 */
export function expandPath(template: string, params: Readonly<Record<string, unknown>>): string {
  const problems: ErrorDetail[] = [];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value === 'string' && value !== '' && value !== '.' && value !== '..') {
      return encodeURIComponent(value);
    }

    const got = typeof value === 'string' ? `'${value}'` : String(value);
    problems.push({
      field: name,
      issue: `Must be a non-empty string other than . and .., got ${got}`,
    });
    return '';
  });

  if (problems.length > 0) {
    const fields = problems.map((problem) => problem.field).join(', ');
    throw InvalidRequestError.beforeSending(`Invalid ${fields} for ${template}`, problems);
  }

  return path;
}

/**
 * `baseURL + path + ?query`, with query keys snake_cased, arrays repeated
 * (`severity=high&severity=critical`) and `undefined` or `null` values left out.
 *
 * @example
 * buildURL('https://api.cyberfortress.io/v1', '/threats', { severity: ['high'], limit: 5 });
 * @internal
 */
export function buildURL(baseURL: string, path: string, query: QueryParams | undefined): string {
  if (query === undefined) return baseURL + path;
  let search = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(toSnakeCase(key));
    if (typeof value === 'object') {
      // Typed as ISO strings, dates are also taken as `Date`s, which are sent as ISO strings.
      const items: readonly unknown[] = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item === undefined || item === null) continue;
        const text = typeof item === 'object' ? queryDate(key, item) : String(item);
        search += `${search === '' ? '' : '&'}${name}=${encodeURIComponent(text)}`;
      }
    } else {
      search += `${search === '' ? '' : '&'}${name}=${encodeURIComponent(String(value))}`;
    }
  }

  return search === '' ? baseURL + path : `${baseURL}${path}?${search}`;
}

/**
 * The headers every request of a client carries, computed once per client. Keys are lowercase
 * so that a caller's header replaces ours whatever its case.
 *
 * @internal
 */
export function staticHeaders(
  options: Pick<ResolvedClientOptions, 'appInfo'>,
): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-api-version': '1.0',
    'x-cyberfortress-sdk': `typescript/${VERSION}`,
  };

  if (options.appInfo)
    headers['x-client-version'] = `${options.appInfo.name}/${options.appInfo.version}`;
  return headers;
}

/** An HTTP header name: one token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may not hold: line breaks would end the header, NUL is refused. */
const HEADER_BREAK = /[\r\n\0]/;

/** A query value that is an object: a valid `Date`, as an ISO string; anything else is refused. */
function queryDate(key: string, value: object): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new TypeError(
    `The \`${key}\` parameter must be a string, a number, a boolean, a valid Date or an array of them`,
  );
}

/**
 * Applies a caller's headers over `headers`: a string replaces, `null` removes.
 *
 * @throws TypeError for a name that is not a token, or a value that is not a string or that
 * holds a line break (which `fetch` would refuse as if the connection had failed)
 * @internal
 */
export function applyHeaders(
  headers: Record<string, string>,
  overrides: Record<string, string | null | undefined>,
): void {
  for (const key in overrides) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!HEADER_NAME.test(key)) {
      throw new TypeError(
        `The \`headers\` option has an invalid header name: ${JSON.stringify(key)}`,
      );
    }

    if (value !== null && (typeof value !== 'string' || HEADER_BREAK.test(value))) {
      throw new TypeError(
        `The \`headers\` option's ${key} must be a string without line breaks, or null to remove it`,
      );
    }

    const name = key.toLowerCase();
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
}

/** A request body ready for `fetch`, with its content type. @internal */
export interface EncodedBody {
  body: string;
  contentType: string;
}

/**
 * Encodes a resource's body: `{ form: {...} }` as `application/x-www-form-urlencoded` (the token
 * endpoint), anything else as snake_cased JSON.
 *
 * @internal
 */
export function encodeBody(body: unknown): EncodedBody | undefined {
  if (body === undefined) return undefined;
  const form = formOf(body);
  if (form) {
    return {
      body: new URLSearchParams(form).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }

  return { body: JSON.stringify(snakeizeKeys(body)), contentType: 'application/json' };
}

function formOf(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'form') return undefined;
  const form = (body as { form: unknown }).form;
  return typeof form === 'object' && form !== null ? (form as Record<string, string>) : undefined;
}

/**
 * A caller's idempotency key, refused before sending by the API's own rule: 1 to 255 printable
 * ASCII characters.
 *
 * @throws InvalidRequestError naming `Idempotency-Key`, as the API would
 * @internal
 */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key === 'string' && /^[\x20-\x7e]{1,255}$/.test(key)) return key;
  throw InvalidRequestError.beforeSending('Invalid Idempotency-Key header', [
    { field: 'Idempotency-Key', issue: 'Must be 1 to 255 printable ASCII characters' },
  ]);
}

/**
 * A fresh idempotency key, `cf-idem-` and a random UUID.
 *
 * @example
 * idempotencyKey(); // 'cf-idem-3b241101-e2bb-4255-8caf-4136c566a962'
 * @internal
 */
export function idempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return `cf-idem-${crypto.randomUUID()}`;

  // `randomUUID` exists only in secure contexts in browsers; build a version 4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `cf-idem-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
