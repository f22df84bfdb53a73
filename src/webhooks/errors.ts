/**
 * Why a webhook delivery was refused. Every failure of `verifyWebhook` and `constructEvent` is a
 * `WebhookVerificationError` subclass with a machine-readable `code`, so that a receiver can
 * answer 400 for all of them and log the code, or branch on the class.
 *
 * @see https://docs.cyberfortress.io/webhooks#errors
 * @module
 */

import { CyberFortressError } from '../core/errors.js';
import type { ExplainContext } from './explain.js';

/**
 * The codes of webhook verification errors, one per class.
 *
 * @category Webhooks
 */
export type WebhookErrorCode =
  | 'WEBHOOK_MISSING_HEADER'
  | 'WEBHOOK_MALFORMED_SIGNATURE'
  | 'WEBHOOK_STALE_TIMESTAMP'
  | 'WEBHOOK_SIGNATURE_MISMATCH'
  | 'WEBHOOK_PARSED_PAYLOAD'
  | 'WEBHOOK_REPLAYED_DELIVERY'
  | 'WEBHOOK_INVALID_SECRET'
  | 'WEBHOOK_INVALID_PAYLOAD';

/**
 * The root of every webhook failure: the delivery is not provably from CyberFortress, or not
 * usable. Answer it with a 4xx and do not act on the body.
 *
 * @example
 * try { await verifyWebhook({ payload, headers, secret }); } catch (e) { if (e instanceof WebhookVerificationError) return new Response(e.code, { status: 400 }); throw e; }
 * @see https://docs.cyberfortress.io/webhooks#errors
 * @category Webhooks
 */
export class WebhookVerificationError extends CyberFortressError {
  override name = 'WebhookVerificationError';
  /** What failed, one code per subclass (`WEBHOOK_SIGNATURE_MISMATCH`, …): log it, or answer with it. */
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A header the delivery needs is absent: no signature header at all, or a Standard Webhooks
 * signature without its `webhook-id` or `webhook-timestamp`.
 *
 * @category Webhooks
 */
export class MissingHeaderError extends WebhookVerificationError {
  override name = 'MissingHeaderError';
  /** The missing header, lowercase (`webhook-signature` when neither signature header was sent). */
  readonly header: string;

  constructor(header: string, message?: string) {
    super('WEBHOOK_MISSING_HEADER', message ?? `The webhook delivery has no \`${header}\` header`);
    this.header = header;
  }
}

/**
 * A signature or timestamp header is present but not in its format (`sha256=<64 hex>`,
 * `v1,<base64>`, unix seconds).
 *
 * @category Webhooks
 */
export class MalformedSignatureError extends WebhookVerificationError {
  override name = 'MalformedSignatureError';
  /** The header that is malformed, lowercase. */
  readonly header: string;

  constructor(header: string, message?: string) {
    super('WEBHOOK_MALFORMED_SIGNATURE', message ?? `The \`${header}\` header is malformed`);
    this.header = header;
  }
}

/**
 * The delivery's `webhook-timestamp` is further than `tolerance` seconds from now, in the past
 * (a stale or replayed delivery) or in the future (a clock far off).
 *
 * @category Webhooks
 */
export class StaleTimestampError extends WebhookVerificationError {
  override name = 'StaleTimestampError';
  /** The delivery's timestamp, unix seconds. */
  readonly timestamp: number;
  /** The tolerance it was checked against, seconds. */
  readonly tolerance: number;
  /** The receiver's clock when it checked, unix seconds. */
  readonly now: number;

  constructor(timestamp: number, tolerance: number, now: number) {
    super(
      'WEBHOOK_STALE_TIMESTAMP',
      `The webhook timestamp ${timestamp} is more than ${tolerance} s from this machine's clock (${now})`,
    );
    this.timestamp = timestamp;
    this.tolerance = tolerance;
    this.now = now;
  }
}

/**
 * No signature of the delivery matches the body under any of the given secrets: the body was
 * changed (often by a JSON parser, see `ParsedPayloadError`), the secret is wrong, or the
 * delivery is forged.
 *
 * @category Webhooks
 */
export class SignatureMismatchError extends WebhookVerificationError {
  override name = 'SignatureMismatchError';
  /** The header whose signatures were checked, lowercase. */
  readonly header: string;

  constructor(header: string, message?: string) {
    super(
      'WEBHOOK_SIGNATURE_MISMATCH',
      message ?? `No signature in \`${header}\` matches the payload under the given secret(s)`,
    );
    this.header = header;
  }
}

/**
 * The payload is not a raw body: an object (the body already parsed as JSON, which changes its
 * bytes when serialised again) or another non-text value such as `undefined`. The message says
 * how to get the raw body in Express, Fastify, Next.js and a Web `Request` handler.
 *
 * @category Webhooks
 */
export class ParsedPayloadError extends WebhookVerificationError {
  override name = 'ParsedPayloadError';
  /** What was passed instead of a raw body: `object`, `array`, `undefined`, `number`, … */
  readonly received: string;

  constructor(received: string, message?: string) {
    super(
      'WEBHOOK_PARSED_PAYLOAD',
      message ??
        `The webhook payload is ${received === 'undefined' || received === 'null' ? received : `a ${received}`}, not the raw body`,
    );
    this.received = received;
  }
}

/**
 * A delivery id (`webhook-id`) that the replay guard has already seen within its window: the
 * same delivery arrived twice. Genuine retries reuse the id too, so answer it with a 2xx
 * (the first copy was handled) unless that copy failed and was released from the guard.
 *
 * @category Webhooks
 */
export class ReplayedDeliveryError extends WebhookVerificationError {
  override name = 'ReplayedDeliveryError';
  /** The repeated delivery id. */
  readonly deliveryId: string;

  constructor(deliveryId: string) {
    super(
      'WEBHOOK_REPLAYED_DELIVERY',
      `The webhook delivery ${JSON.stringify(deliveryId)} was already received within the replay window`,
    );
    this.deliveryId = deliveryId;
  }
}

/**
 * The secret is unusable: empty, not a string, an empty list, or a `whsec_` secret whose part
 * after the prefix is not base64. This is a configuration error on the receiver's side.
 *
 * @category Webhooks
 */
export class InvalidSecretError extends WebhookVerificationError {
  override name = 'InvalidSecretError';

  constructor(message: string) {
    super('WEBHOOK_INVALID_SECRET', message);
  }
}

/**
 * The delivery is genuine but its body is not a webhook payload: not JSON, no `event` name, or
 * data that does not match its known event's schema. Only `constructEvent` throws it.
 *
 * @category Webhooks
 */
export class InvalidPayloadError extends WebhookVerificationError {
  override name = 'InvalidPayloadError';
  /** What did not match, in wire names, when a schema was checked. */
  readonly issues: {
    /** Where in the body, in wire names: `['data', 'threat_score']`. */
    path: (string | number)[];
    /** What was wrong, in words. */
    message: string;
    /** The issue's code, such as `invalid_type`. */
    code: string;
  }[];

  constructor(
    message: string,
    issues: InvalidPayloadError['issues'] = [],
    options?: { cause?: unknown },
  ) {
    super('WEBHOOK_INVALID_PAYLOAD', message, options);
    this.issues = issues;
  }
}

const WEBHOOK_ERROR_NAMES = new Set([
  'WebhookVerificationError',
  'MissingHeaderError',
  'MalformedSignatureError',
  'StaleTimestampError',
  'SignatureMismatchError',
  'ParsedPayloadError',
  'ReplayedDeliveryError',
  'InvalidSecretError',
  'InvalidPayloadError',
]);

/**
 * Whether `value` is a webhook verification error (matched by class, or by name for errors from
 * another copy of the SDK).
 *
 * @example
 * catch (e) { if (isWebhookVerificationError(e)) return res.status(400).send(e.code); }
 * @category Webhooks
 */
export function isWebhookVerificationError(value: unknown): value is WebhookVerificationError {
  return (
    value instanceof WebhookVerificationError ||
    (value instanceof Error && WEBHOOK_ERROR_NAMES.has(value.name))
  );
}

/**
 * The error a failed verification rejects with: a `WebhookVerificationError` gets its long
 * message from ./explain.ts, loaded here and only on this failure path; any other error is
 * returned as it is.
 *
 * @example
 * try { … } catch (error) { throw await explainFailure(error, params); }
 * @internal
 */
export async function explainFailure(error: unknown, context: ExplainContext): Promise<unknown> {
  if (!(error instanceof WebhookVerificationError)) return error;
  const { explain } = await import('./explain.js');
  return explain(error, context);
}
