/**
 * snake_case ⇄ camelCase, in one place and both ways: responses are camelized deeply before
 * they reach the caller, request bodies and query keys are snakeized before they leave. Only
 * keys change; values (enum members such as `false_positive`) are left alone. Key conversions
 * are memoised, since the same few hundred keys repeat on every response.
 *
 * @see https://docs.cyberfortress.io/sdks/node#types
 * @module
 */

/** Caches stop growing here; free-form maps could otherwise feed them without bound. */
const CACHE_LIMIT = 10_000;

const camelCache = new Map<string, string>();
const snakeCache = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size < CACHE_LIMIT) cache.set(key, value);
}

/**
 * One key in camelCase: each `_x` becomes `X` (`threat_score` → `threatScore`,
 * `volume_24h_usd` → `volume24hUsd`), exactly as the `CamelCase` type spells it.
 *
 * @example
 * toCamelCase('ip_address'); // 'ipAddress'
 * @internal
 */
export function toCamelCase(key: string): string {
  if (key.indexOf('_') === -1) return key;
  let camel = camelCache.get(key);
  if (camel !== undefined) return camel;

  const parts = key.split('_');
  camel = parts[0] as string;
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index] as string;
    camel += part.charAt(0).toUpperCase() + part.slice(1);
  }

  remember(camelCache, key, camel);

  // Seen on the wire, the reverse is exact too: `volume24hUsd` → `volume_24h_usd`, which the
  // letter-only rule below could not know.
  if (!snakeCache.has(camel)) remember(snakeCache, camel, key);
  return camel;
}

/**
 * One key in snake_case: each capital `X` becomes `_x` (`ipAddress` → `ip_address`). Keys
 * already in snake_case pass unchanged.
 *
 * A digit after a letter gets no underscore (`token0` stays `token0`), so a camelCase key
 * whose wire name has `_` before a digit (`volume24hUsd`) round-trips only once that key was
 * seen in a response; no request field of the API has such a name.
 *
 * @example
 * toSnakeCase('threatScore'); // 'threat_score'
 * @internal
 */
export function toSnakeCase(key: string): string {
  let snake = snakeCache.get(key);
  if (snake !== undefined) return snake;
  snake = /[A-Z]/.test(key) ? key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : key;
  remember(snakeCache, key, snake);
  return snake;
}

/**
 * A deep copy of `value` with every object key camelCased; arrays are walked, other values are
 * kept as they are. The wire's JSON is plain data, so only plain objects are rebuilt.
 *
 * @example
 * camelizeKeys({ threat_score: 85, country: { code: 'RU' } }); // { threatScore: 85, country: { code: 'RU' } }
 * @internal
 */
export function camelizeKeys<T = unknown>(value: unknown): T {
  return convert(value, toCamelCase) as T;
}

/**
 * A deep copy of `value` with every object key snake_cased, for request bodies. `undefined`
 * members are dropped, as `JSON.stringify` would drop them.
 *
 * @example
 * snakeizeKeys({ ipAddress: '1.2.3.4', threatType: 'MALWARE' }); // { ip_address: …, threat_type: … }
 * @internal
 */
export function snakeizeKeys<T = unknown>(value: unknown): T {
  return convert(value, toSnakeCase) as T;
}

/**
 * `camelizeKeys` for the output of `JSON.parse`, which holds only plain objects and arrays: it
 * skips the prototype check, since this runs on every response.
 *
 * @internal
 */
export function camelizeJson<T = unknown>(value: unknown): T {
  return camelizeParsed(value) as T;
}

function camelizeParsed(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const length = value.length;
    const copy = new Array<unknown>(length);
    for (let index = 0; index < length; index++) copy[index] = camelizeParsed(value[index]);
    return copy;
  }

  const copy: Record<string, unknown> = {};
  for (const key in value) {
    copy[toCamelCase(key)] = camelizeParsed((value as Record<string, unknown>)[key]);
  }

  return copy;
}

function convert(
  value: unknown,
  convertKey: (key: string) => string,
  ancestors: object[] = [],
): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // JSON has no cycles; without this check a cyclic body would overflow the stack.
  if (ancestors.includes(value)) {
    throw new TypeError(
      'A value that contains itself (a circular reference) cannot be sent as JSON',
    );
  }

  if (Array.isArray(value)) {
    ancestors.push(value);
    const length = value.length;
    const copy = new Array<unknown>(length);
    for (let index = 0; index < length; index++) {
      copy[index] = convert(value[index], convertKey, ancestors);
    }

    ancestors.pop();
    return copy;
  }

  // Dates, byte arrays, Blobs and class instances are values, not wire objects.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;

  ancestors.push(value);
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[convertKey(key)] = convert(item, convertKey, ancestors);
  }

  ancestors.pop();
  return copy;
}
