/**
 * Header helpers shared by the transport, the errors and the rate-limit snapshot.
 *
 * @internal
 * @module
 */

/**
 * Reads one header from either a `Headers` object or a plain record (any case).
 *
 * @example
 * getHeader(response.headers, 'x-request-id');
 * @internal
 */
export function getHeader(
  headers: Headers | Record<string, string> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) return record[key];
  }

  return undefined;
}

/**
 * The wait a `Retry-After` header asks for, in seconds: either delta-seconds (`120`) or an
 * HTTP date, counted from `now`. `undefined` when the header is absent or unreadable.
 *
 * @example
 * parseRetryAfter('120'); // 120
 * parseRetryAfter('Wed, 15 Jan 2025 15:00:30 GMT', Date.parse('2025-01-15T15:00:00Z')); // 30
 * @internal
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;

  // A date in the past means "now"; never a negative wait.
  return Math.max(0, Math.ceil((date - now) / 1000));
}
