/**
 * Signing of webhook deliveries, two ways at once so that either kind of verifier accepts them:
 *
 * - `X-CyberFortress-Signature: sha256=<hex>`: HMAC-SHA256 over the raw body, keyed by the
 *   secret's UTF-8 bytes exactly as the reference's `verify_webhook` does
 *   (`hmac.new(secret.encode(), payload.encode(), sha256)`), whatever the secret looks like.
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and
 *   `webhook-signature: v1,<base64>`, an HMAC-SHA256 over `id.timestamp.body`. Its key follows
 *   that convention: a `whsec_` secret is base64 and the part after the prefix is decoded;
 *   any other secret signs with its UTF-8 bytes.
 */

import { createHmac } from 'node:crypto';

/** Prefix of a base64 secret in the Standard Webhooks convention. */
export const WHSEC_PREFIX = 'whsec_';

/** The key the Standard Webhooks signature is made with. */
export function standardSigningKey(secret: string): Buffer {
  return secret.startsWith(WHSEC_PREFIX)
    ? Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/**
 * The reference's signature header value for a raw body: `sha256=` + hex HMAC-SHA256 keyed by
 * the secret's UTF-8 bytes.
 *
 * @example
 * referenceSignature('your_webhook_secret', '{"event":"webhook.test"}'); // 'sha256=…'
 */
export function referenceSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex')}`;
}

/**
 * The Standard Webhooks signature header value: `v1,` + base64 HMAC-SHA256 over
 * `id.timestamp.body`.
 */
export function standardSignature(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): string {
  const signed = `${id}.${timestamp}.${body}`;
  return `v1,${createHmac('sha256', standardSigningKey(secret)).update(signed, 'utf8').digest('base64')}`;
}

/** Everything one attempt of a delivery sends besides the body. */
export interface SignedHeaders {
  'Content-Type': 'application/json';
  'User-Agent': string;
  'X-CyberFortress-Signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export const USER_AGENT = 'CyberFortress-Webhooks/1.0';

/**
 * The headers of one signed attempt.
 *
 * @param timestamp unix seconds of the attempt, real wall-clock time (not the mock clock), so
 *   that receivers' tolerance checks pass.
 */
export function signedHeaders(options: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): SignedHeaders {
  const { secret, id, timestamp, body } = options;
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-CyberFortress-Signature': referenceSignature(secret, body),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature(secret, id, timestamp, body),
  };
}
