/**
 * Webhook signature verification on the raw body, with Web Crypto only.
 *
 * CyberFortress signs every delivery two ways at once, and either is accepted:
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (a space-separated list
 *   during secret rotation). The timestamp is signed, so stale and replayed deliveries are refused.
 * - The reference's `X-CyberFortress-Signature: sha256=<hex HMAC-SHA256 of the body>`, which
 *   carries no timestamp of its own.
 *
 * @see https://docs.cyberfortress.io/webhooks#verify
 * @see https://www.standardwebhooks.com/
 * @module
 */

import {
  concat,
  fromBase64,
  fromHex,
  hmacSha256,
  referenceKeys,
  secretKeys,
  timingSafeEqual,
  toHex,
  utf8,
} from './crypto.js';
import {
  MalformedSignatureError,
  MissingHeaderError,
  ReplayedDeliveryError,
  SignatureMismatchError,
  StaleTimestampError,
  explainFailure,
} from './errors.js';
import {
  headerValue,
  headerValues,
  payloadParts,
  type WebhookHeadersInput,
  type WebhookPayloadInput,
} from './headers.js';
import type { ReplayGuard } from './replay-guard.js';

/** Default `tolerance`, seconds: five minutes, as Standard Webhooks recommends. */
export const DEFAULT_TOLERANCE = 300;

/** The header names, lowercase. */
const SIGNATURE = 'webhook-signature';
const ID = 'webhook-id';
const TIMESTAMP = 'webhook-timestamp';
const REFERENCE_SIGNATURE = 'x-cyberfortress-signature';

/** The length of an HMAC-SHA256, bytes. */
const HMAC_LENGTH = 32;

/**
 * What `verifyWebhook` takes.
 *
 * @category Webhooks
 */
export interface VerifyWebhookParams {
  /** The raw request body exactly as received: never a parsed object. */
  payload: WebhookPayloadInput;
  /** The request's headers: a `Headers` or a plain object in any case. */
  headers: WebhookHeadersInput;
  /**
   * The webhook's secret, or several during a rotation (a delivery signed by any of them
   * passes). A `whsec_` secret is base64 after its prefix; any other is used as UTF-8 text.
   */
  secret: string | readonly string[];
  /**
   * How far `webhook-timestamp` may be from this machine's clock, in seconds, in either
   * direction.
   *
   * @default 300
   */
  tolerance?: number;
  /**
   * Refuse deliveries signed only with `X-CyberFortress-Signature` and no `webhook-timestamp`
   * (`MissingHeaderError`). Off by default, because the reference's own receivers accept them;
   * turn it on when every sender also sends the Standard Webhooks headers, as CyberFortress does,
   * so that a captured delivery cannot be replayed with its timestamp headers stripped.
   *
   * @default false
   */
  requireTimestamp?: boolean;
  /**
   * Remembers delivery ids and refuses a second delivery of the same id
   * (`ReplayedDeliveryError`). See `createReplayGuard`.
   */
  replayGuard?: ReplayGuard;
}

/**
 * What verification established about a delivery.
 *
 * @category Webhooks
 */
export interface VerifiedDelivery {
  /** The raw body as text (UTF-8). */
  body: string;
  /** `webhook-id`, when sent. */
  id: string | undefined;
  /** `webhook-timestamp` (unix seconds), when sent. */
  timestamp: number | undefined;
  /** Which signature was verified. */
  scheme: 'standard-webhooks' | 'x-cyberfortress-signature';
}

/**
 * Verifies that a webhook delivery comes from CyberFortress and was not changed, and resolves
 * to its raw body as text. Rejects with a `WebhookVerificationError` subclass otherwise: always
 * a rejection, never a synchronous throw, whatever the input.
 *
 * When `webhook-signature` is present, it is the one checked, with `webhook-id` and
 * `webhook-timestamp` required and the timestamp within `tolerance`. Otherwise
 * `X-CyberFortress-Signature` is checked; it has no timestamp of its own, so a delivery with
 * only that header is accepted (as the reference's receivers do) unless `requireTimestamp` is
 * set, and a `webhook-timestamp` beside it is still checked against `tolerance`.
 *
 * @example
 * app.post('/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
 *   try {
 *     const body = await verifyWebhook({ payload: req.body, headers: req.headers, secret: process.env.WEBHOOK_SECRET! });
 *     handle(JSON.parse(body));
 *     res.sendStatus(204);
 *   } catch (e) {
 *     res.status(400).send(isWebhookVerificationError(e) ? e.code : 'error');
 *   }
 * });
 * @see https://docs.cyberfortress.io/webhooks#verify
 * @category Webhooks
 */
export async function verifyWebhook(params: VerifyWebhookParams): Promise<string> {
  return (await verifyDelivery(params)).body;
}

/**
 * `verifyWebhook` with what it learnt about the delivery; `constructEvent` builds on it.
 *
 * @internal
 */
export async function verifyDelivery(params: VerifyWebhookParams): Promise<VerifiedDelivery> {
  try {
    return await verifyOrThrowShort(params);
  } catch (error) {
    const standardSignature =
      typeof params === 'object' &&
      params !== null &&
      headerValues(params.headers, SIGNATURE).length > 0;
    throw await explainFailure(error, { payload: params?.payload, standardSignature });
  }
}

/** `verifyDelivery`, whose errors carry their short messages. */
async function verifyOrThrowShort(params: VerifyWebhookParams): Promise<VerifiedDelivery> {
  if (typeof params !== 'object' || params === null) {
    throw new TypeError('The `params` argument must be an object');
  }

  const { payload, headers, secret, tolerance = DEFAULT_TOLERANCE, requireTimestamp } = params;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) {
    throw new TypeError('The `tolerance` option must be a number of seconds, 0 or more');
  }

  // The most common mistake first, since its message says how to fix it.
  const { bytes, text } = payloadParts(payload);
  const keys = secretKeys(secret);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const verified = headerValues(headers, SIGNATURE).length
    ? await verifyStandard(bytes, headers, keys, tolerance, nowSeconds)
    : await verifyReference(
        bytes,
        headers,
        referenceKeys(secret),
        tolerance,
        nowSeconds,
        requireTimestamp === true,
      );

  if (params.replayGuard !== undefined) {
    // Only verified deliveries reach the guard, so forged requests cannot fill it or evict
    // real ids. A delivery with no id is known by its signature, which names its body.
    const key = verified.id ?? verified.signatureKey;
    const expiresAt = ((verified.timestamp ?? nowSeconds) + Math.min(tolerance, 1e9)) * 1000;
    if (!(await params.replayGuard.claim(key, expiresAt))) throw new ReplayedDeliveryError(key);
  }

  return { body: text, id: verified.id, timestamp: verified.timestamp, scheme: verified.scheme };
}

interface Verified {
  id: string | undefined;
  timestamp: number | undefined;
  scheme: VerifiedDelivery['scheme'];
  /** What a replay guard remembers when the delivery has no id. */
  signatureKey: string;
}

async function verifyStandard(
  body: Uint8Array,
  headers: unknown,
  keys: Uint8Array<ArrayBuffer>[],
  tolerance: number,
  nowSeconds: number,
): Promise<Verified> {
  const id = headerValue(headers, ID);
  if (id === undefined) {
    throw new MissingHeaderError(ID);
  }

  const timestamp = checkTimestamp(headers, tolerance, nowSeconds);
  if (timestamp === undefined) {
    throw new MissingHeaderError(TIMESTAMP);
  }

  const candidates = standardSignatures(headerValues(headers, SIGNATURE));
  // The timestamp is signed as sent, so that a changed spelling of the same number fails too.
  const signed = concat(utf8(`${id}.${headerValue(headers, TIMESTAMP)}.`), body);
  for (const key of keys) {
    const expected = await hmacSha256(key, signed);
    // Every candidate is compared, match or not, so the time taken does not say which matched.
    let matched = false;
    for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
    if (matched) {
      return { id, timestamp, scheme: 'standard-webhooks', signatureKey: id };
    }
  }

  throw new SignatureMismatchError(SIGNATURE);
}

/**
 * The `v1` signatures in `webhook-signature` values, decoded. Other versions (such as the
 * asymmetric `v1a`) are skipped, as Standard Webhooks asks.
 */
function standardSignatures(values: string[]): Uint8Array[] {
  const signatures: Uint8Array[] = [];
  for (const value of values) {
    // `Headers` joins a repeated header with ", ", which leaves a comma after a signature.
    for (const token of value.split(/\s+/)) {
      const entry = token.replace(/,+$/, '');
      if (!entry.startsWith('v1,')) continue;
      const bytes = fromBase64(entry.slice(3));
      if (bytes !== undefined && bytes.length === HMAC_LENGTH) signatures.push(bytes);
    }
  }

  if (signatures.length === 0) {
    throw new MalformedSignatureError(SIGNATURE);
  }

  return signatures;
}

async function verifyReference(
  body: Uint8Array<ArrayBuffer>,
  headers: unknown,
  keys: Uint8Array<ArrayBuffer>[],
  tolerance: number,
  nowSeconds: number,
  requireTimestamp: boolean,
): Promise<Verified> {
  const value = headerValue(headers, REFERENCE_SIGNATURE);
  if (value === undefined) {
    throw new MissingHeaderError(SIGNATURE);
  }

  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value);
  const signature = match?.[1] === undefined ? undefined : fromHex(match[1]);
  if (signature === undefined) {
    throw new MalformedSignatureError(REFERENCE_SIGNATURE);
  }

  // Unsigned here, but a delivery that says it is old is refused all the same.
  const timestamp = checkTimestamp(headers, tolerance, nowSeconds);
  if (timestamp === undefined && requireTimestamp) {
    throw new MissingHeaderError(TIMESTAMP);
  }

  let matched = false;
  for (const key of keys) {
    matched = timingSafeEqual(await hmacSha256(key, body), signature) || matched;
  }

  if (!matched) throw new SignatureMismatchError(REFERENCE_SIGNATURE);
  return {
    id: headerValue(headers, ID),
    timestamp,
    scheme: 'x-cyberfortress-signature',
    signatureKey: `sha256=${toHex(signature)}`,
  };
}

/**
 * `webhook-timestamp` as unix seconds, checked against the tolerance; `undefined` when absent.
 */
function checkTimestamp(
  headers: unknown,
  tolerance: number,
  nowSeconds: number,
): number | undefined {
  const value = headerValue(headers, TIMESTAMP);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw new MalformedSignatureError(TIMESTAMP);
  }

  const timestamp = Number(value);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new StaleTimestampError(timestamp, tolerance, nowSeconds);
  }

  return timestamp;
}
