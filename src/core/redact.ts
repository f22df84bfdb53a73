/**
 * Credential redaction, applied when an error is built and before anything is logged, so that
 * no API key, token or client secret can reach a log file or an error tracker.
 *
 * @internal
 * @module
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secret, compared lowercased with `_` and `-` removed. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'clientsecret',
  'refreshtoken',
  'accesstoken',
  'apikey',
  'xapikey',
  'secret',
  'password',
]);

// API keys (`cf_live_…`, `cf_test_…`), JWT-shaped access tokens and Bearer/Basic credentials.
const SECRET_TOKENS =
  /cf_(?:live|test)_[A-Za-z0-9]+|eyJ[\w-]+\.[\w-]+\.[\w-]*|\b(?:Bearer|Basic)\s+[\w.~+/=-]+/gi;

// `client_secret=…` in a form body or query, `"access_token":"…"` in JSON text.
const SECRET_ASSIGNMENTS =
  /\b(authorization|client_secret|refresh_token|access_token|api_key|apiKey|clientSecret|refreshToken|accessToken)("?\s*[:=]\s*"?)((?:Bearer\s+|Basic\s+)?[^"&\s,}]+)/gi;

/**
 * Whether a header, field or parameter name holds a secret.
 *
 * @example
 * isSecretKey('client_secret'); // true
 * @internal
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A string with every credential in it replaced by `[REDACTED]`.
 *
 * @example
 * redactString('Authorization: Bearer cf_live_abc'); // 'Authorization: [REDACTED]'
 * @internal
 */
export function redactString(text: string): string {
  // Most strings hold nothing secret: skip the regular expressions when no marker is present.
  if (!/cf_|eyJ|bearer|basic|token|secret|api_?key|authorization/i.test(text)) return text;
  return text
    .replace(SECRET_ASSIGNMENTS, (_match, key: string, sep: string) => `${key}${sep}${REDACTED}`)
    .replace(SECRET_TOKENS, (match) =>
      /^(?:Bearer|Basic)\s/i.test(match) ? `${match.split(/\s/, 1)[0]} ${REDACTED}` : REDACTED,
    );
}

/**
 * A copy of `value` that is safe to log: secret keys' values replaced, strings scrubbed, headers
 * turned into plain objects. Errors pass through, since their messages are redacted when built.
 *
 * @example
 * redactValue({ headers: { authorization: 'Bearer x' } }); // { headers: { authorization: '[REDACTED]' } }
 * @internal
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;

  // Deeper than any wire object; cut off rather than walk a cyclic structure forever.
  if (depth > 8) return '[Object]';

  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    return redactHeaders(value);
  }

  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));

  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth + 1);
  }

  return copy;
}

/**
 * Headers as a plain object with secret ones redacted, for errors and logs.
 *
 * @example
 * redactHeaders({ Authorization: 'Bearer x', Accept: 'application/json' });
 * @internal
 */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
): Record<string, string> {
  const copy: Record<string, string> = {};
  if (!headers) return copy;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [key, item] of entries) {
    copy[key] = isSecretKey(key) ? REDACTED : redactString(item);
  }

  return copy;
}
