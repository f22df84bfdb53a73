// Shared fixtures for the webhook tests: secrets in both conventions, a payload as the mock
// sends it, and a reference-style signature computed independently with node:crypto.
import { createHmac } from 'node:crypto';

/** A Standard Webhooks secret (base64 key after `whsec_`). */
export const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** A plain secret, as the reference's example uses: its UTF-8 bytes are the key. */
export const PLAIN = 'your_webhook_secret_0123';

export const BODY = JSON.stringify({
  event: 'threat.critical',
  timestamp: '2025-01-15T14:30:00Z',
  data: {
    threat_id: 'threat_7h8i9j0k',
    ip_address: '203.0.113.42',
    threat_score: 92,
    threat_level: 'CRITICAL',
    automated_response: { actions_taken: ['BLOCK_IP', 'QUARANTINE_PROCESS'] },
  },
});

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The key bytes of a secret, as the mock derives them. */
export function keyOf(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** `sha256=<hex>` over the body, computed by node:crypto rather than by the SDK. */
export function referenceSignature(secret: string, body: string | Buffer): string {
  // Keyed by the secret as written, `whsec_` or not, as the reference's Python verifier does.
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `v1,<base64>` over `id.timestamp.body`, computed by node:crypto rather than by the SDK. */
export function standardSignature(
  secret: string,
  id: string,
  timestamp: number | string,
  body: string,
): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`);
  return `v1,${mac.digest('base64')}`;
}
