/**
 * Webhook payloads as a typed event union: the envelope `{ event, timestamp, data }` checked
 * with zod, `data` checked against its event's schema, and every key camelCased like the rest
 * of the SDK. An event this SDK does not know yet stays readable (`known: false`) instead of
 * failing, so that a receiver keeps working while the API adds events.
 *
 * The data schemas are loose on purpose: they require what the reference and the model promise
 * (for threat events `threat_id`, `ip_address`, `threat_score`, `threat_level`) and keep every
 * other field, typed where known and optional.
 *
 * @see https://docs.cyberfortress.io/webhooks#events
 * @module
 */

import * as z from 'zod';
import { camelizeKeys } from '../core/case.js';
import { ResponseValidationError } from '../core/errors.js';
import { validateResponse } from '../core/validate.js';
import {
  zAutomatedResponse,
  zMlAnalysis,
  zResponseAction,
  zThreatLevel,
  zThreatStatus,
  zThreatType,
  zWebhookEvent,
} from '../generated/zod.gen.js';
import type { Camelize } from '../types.js';
import { InvalidPayloadError } from './errors.js';
import { verifyDelivery, type VerifyWebhookParams } from './verify.js';

/** `data` of the threat events (`threat.*`): the threat's summary. */
const zThreatEventData = z.looseObject({
  threat_id: z.string(),
  ip_address: z.string(),
  threat_score: z.number(),
  threat_level: zThreatLevel,
  threat_type: zThreatType.optional(),
  status: zThreatStatus.optional(),
  /** Country code (ISO 3166-1 alpha-2). */
  country: z.string().optional(),
  detected_at: z.string().optional(),
  automated_response: z.looseObject({ actions_taken: z.array(zResponseAction) }).optional(),
  /** `threat.mitigated` only. */
  resolution: z.string().nullable().optional(),
  /** `threat.status_changed` only. */
  previous_status: zThreatStatus.optional(),
});

/** `data` of the crypto events: the wallet scan that found the risk. */
const zCryptoEventData = z.looseObject({
  chain: z.string().optional(),
  address: z.string().optional(),
  risk_score: z.number().optional(),
  risk_level: z.string().optional(),
  flags: z.array(z.string()).optional(),
  scanned_at: z.string().optional(),
});

/** `data` of `system.status`: the monitoring status after a change. */
const zSystemStatusEventData = z.looseObject({
  mode: z.string().optional(),
  updated_at: z.string().optional(),
});

/** `data` of `system.emergency`: what was done, and its details. */
const zSystemEmergencyEventData = z.looseObject({
  action: z.string().optional(),
});

/** `data` of `evidence.collected`: the evidence item's summary. */
const zEvidenceEventData = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  threat_id: z.string().nullable().optional(),
  hash: z.string().optional(),
  size_bytes: z.number().optional(),
  collected_at: z.string().optional(),
});

/** `data` of `ml.anomaly`. */
const zMlAnomalyEventData = z.looseObject({
  threat_id: z.string().optional(),
  ip_address: z.string().optional(),
  ml_analysis: zMlAnalysis.optional(),
});

/** `data` of `auto_response.executed`. */
const zAutoResponseEventData = z.looseObject({
  threat_id: z.string().optional(),
  ip_address: z.string().optional(),
  automated_response: zAutomatedResponse.optional(),
});

/** `data` of `webhook.test`, what `POST /webhooks/{id}/test` sends. */
const zTestEventData = z.looseObject({
  webhook_id: z.string().optional(),
  delivery_id: z.string().optional(),
  message: z.string().optional(),
});

/** Each known event's `data` schema, by event name. */
const DATA_SCHEMAS = {
  'threat.detected': zThreatEventData,
  'threat.critical': zThreatEventData,
  'threat.high': zThreatEventData,
  'threat.mitigated': zThreatEventData,
  'threat.status_changed': zThreatEventData,
  'crypto.high_risk_transaction': zCryptoEventData,
  'crypto.threat': zCryptoEventData,
  'system.emergency': zSystemEmergencyEventData,
  'system.status': zSystemStatusEventData,
  'evidence.collected': zEvidenceEventData,
  'ml.anomaly': zMlAnomalyEventData,
  'auto_response.executed': zAutoResponseEventData,
  'webhook.test': zTestEventData,
} satisfies Record<z.infer<typeof zWebhookEvent>, z.ZodType>;

/** The payload envelope: an event name, a timestamp and an object of data. */
const zEnvelope = z.looseObject({
  event: z.string(),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
  signature: z.string().optional(),
});

/**
 * The name of an event this SDK knows.
 *
 * @category Webhooks
 */
export type KnownWebhookEventName = keyof typeof DATA_SCHEMAS;

/**
 * The `data` of a known event, camelCased: `WebhookEventData<'threat.critical'>['threatScore']`.
 *
 * @category Webhooks
 */
export type WebhookEventData<TName extends KnownWebhookEventName> = Camelize<
  z.infer<(typeof DATA_SCHEMAS)[TName]>
>;

/** Fields every parsed event has. */
interface WebhookEventBase {
  /** When the event happened (ISO 8601), from the payload. */
  timestamp: string;
  /** The payload's own `signature` field, when it has one (the headers are what is verified). */
  signature?: string | undefined;
  /** The delivery's `webhook-id`, when sent; the same on every retry of a delivery. */
  deliveryId: string | undefined;
}

/**
 * A known event: switch on `event` to get its `data` typed.
 *
 * @category Webhooks
 */
export type KnownWebhookEvent = {
  [TName in KnownWebhookEventName]: WebhookEventBase & {
    event: TName;
    data: WebhookEventData<TName>;
    known: true;
  };
}[KnownWebhookEventName];

/**
 * An event this SDK does not know (one the API added later): its data is camelCased but not
 * checked.
 *
 * @category Webhooks
 */
export interface UnknownWebhookEvent extends WebhookEventBase {
  event: string;
  data: Record<string, unknown>;
  known: false;
}

/**
 * What `constructEvent` returns. Narrow on `known` first, then switch on `event`.
 *
 * @example
 * if (event.known && event.event === 'threat.critical') page(event.data.ipAddress, event.data.threatScore);
 * @category Webhooks
 */
export type ParsedWebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

function isKnown(name: string): name is KnownWebhookEventName {
  return Object.prototype.hasOwnProperty.call(DATA_SCHEMAS, name);
}

/**
 * Parses a verified body into a `ParsedWebhookEvent`.
 *
 * @throws InvalidPayloadError when the body is not JSON, not an envelope, or a known event's
 *   data does not match its schema (unknown fields and enum values are accepted)
 * @internal
 */
export function parseWebhookEvent(body: string, deliveryId?: string): ParsedWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new InvalidPayloadError('The webhook body is not JSON', [], { cause });
  }

  const envelope = zEnvelope.safeParse(json);
  if (!envelope.success) {
    throw new InvalidPayloadError(
      'The webhook body is not a webhook payload: expected an object with `event`, `timestamp` and an object `data`',
      envelope.error.issues.map((issue) => ({
        path: issue.path.map((segment) =>
          typeof segment === 'number' ? segment : String(segment),
        ),
        message: issue.message,
        code: issue.code,
      })),
    );
  }

  const { event, timestamp, data, signature } = envelope.data;
  if (isKnown(event)) {
    try {
      validateResponse(DATA_SCHEMAS[event], data, { label: `the ${event} webhook event` });
    } catch (error) {
      if (!(error instanceof ResponseValidationError)) throw error;
      throw new InvalidPayloadError(
        error.message.replace(/^The response/, 'The data'),
        error.issues.map((issue) => ({ ...issue, path: ['data', ...issue.path] })),
        { cause: error },
      );
    }
  }

  return {
    event,
    timestamp,
    data: camelizeKeys<Record<string, unknown>>(data),
    ...(signature === undefined ? {} : { signature }),
    deliveryId,
    known: isKnown(event),
  } as ParsedWebhookEvent;
}

/**
 * What `constructEvent` takes: `verifyWebhook`'s parameters.
 *
 * @category Webhooks
 */
export type ConstructEventParams = VerifyWebhookParams;

/**
 * Verifies a delivery (exactly as `verifyWebhook`), then parses its body into a typed, camelCased
 * `ParsedWebhookEvent`. Rejects with a `WebhookVerificationError` subclass: a verification failure, or
 * `InvalidPayloadError` when a genuine body is not a webhook payload. Events this SDK does not
 * know resolve with `known: false` rather than failing.
 *
 * @example
 * const event = await constructEvent({ payload: await request.text(), headers: request.headers, secret });
 * if (event.known && event.event === 'threat.critical') await page(event.data.ipAddress, event.data.threatScore);
 * @see https://docs.cyberfortress.io/webhooks#events
 * @category Webhooks
 */
export async function constructEvent(params: ConstructEventParams): Promise<ParsedWebhookEvent> {
  const delivery = await verifyDelivery(params);
  return parseWebhookEvent(delivery.body, delivery.id);
}
