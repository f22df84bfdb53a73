/**
 * Signing deliveries as CyberFortress does, for receivers' own tests.
 *
 * @see https://docs.cyberfortress.io/webhooks#testing
 * @module
 */

import { concat, hmacSha256, secretKeyBytes, toBase64, toHex, utf8 } from './crypto.js';
import { explainFailure } from './errors.js';
import { payloadParts, type WebhookPayloadInput } from './headers.js';

/**
 * What `signWebhook` takes.
 *
 * @category Webhooks
 */
export interface SignWebhookParams {
  /** The exact body that will be sent: a string or its bytes. */
  payload: WebhookPayloadInput;
  /** The webhook's secret (`whsec_<base64>` or any other text, used as UTF-8). */
  secret: string;
  /**
   * The delivery id, `webhook-id`.
   *
   * @default `msg_` followed by a random UUID without dashes
   */
  id?: string;
  /**
   * When the delivery is sent, as unix seconds or a `Date`.
   *
   * @default now
   */
  timestamp?: number | Date;
}

/**
 * The headers of a signed delivery, in both formats, with lowercase names.
 *
 * @category Webhooks
 */
export interface SignedWebhookHeaders {
  /** Always `application/json`. */
  'content-type': 'application/json';
  /** The delivery id (Standard Webhooks). */
  'webhook-id': string;
  /** When it was signed, unix seconds (Standard Webhooks). */
  'webhook-timestamp': string;
  /** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` (Standard Webhooks). */
  'webhook-signature': string;
  /** `sha256=` and the hex HMAC-SHA256 of the body keyed by the secret as written, the reference's header. */
  'x-cyberfortress-signature': string;
  /** Plain objects of header names are accepted wherever headers are. */
  [name: string]: string;
}

/**
 * Signs a payload as CyberFortress signs a delivery and resolves to its headers: Standard
 * Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) and the reference's
 * `X-CyberFortress-Signature`, plus `content-type`. `verifyWebhook` and the `standardwebhooks`
 * library both accept the result.
 *
 * @throws InvalidSecretError (as a rejection) when the secret is unusable
 * @throws ParsedPayloadError (as a rejection) when the payload is not a string or bytes
 * @example
 * const body = JSON.stringify({ event: 'threat.critical', timestamp: new Date().toISOString(), data: { … } });
 * const headers = await signWebhook({ payload: body, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
 * await fetch('http://localhost:3000/webhook', { method: 'POST', headers, body });
 * @see https://docs.cyberfortress.io/webhooks#testing
 * @category Webhooks
 */
export async function signWebhook(params: SignWebhookParams): Promise<SignedWebhookHeaders> {
  try {
    return await signOrThrowShort(params);
  } catch (error) {
    throw await explainFailure(error, { payload: params?.payload });
  }
}

/** `signWebhook`, whose errors carry their short messages. */
async function signOrThrowShort(params: SignWebhookParams): Promise<SignedWebhookHeaders> {
  const { bytes } = payloadParts(params.payload);
  const key = secretKeyBytes(params.secret);
  const id = params.id ?? `msg_${globalThis.crypto.randomUUID().replace(/-/g, '')}`;
  const timestamp = Math.floor(
    params.timestamp instanceof Date
      ? params.timestamp.getTime() / 1000
      : (params.timestamp ?? Date.now() / 1000),
  );

  const standard = await hmacSha256(key, concat(utf8(`${id}.${timestamp}.`), bytes));
  // The reference's header is keyed by the secret as written, as its verifier does.
  const reference = await hmacSha256(utf8(params.secret as string), bytes);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${toBase64(standard)}`,
    'x-cyberfortress-signature': `sha256=${toHex(reference)}`,
  };
}
