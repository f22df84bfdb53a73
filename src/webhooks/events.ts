/**
 * Webhook payloads as a typed event union: the envelope `{ event, timestamp, data }` checked,
 * `data` checked against its event's shape, and every key camelCased like the rest of the SDK.
 * An event this SDK does not know yet stays readable (`known: false`) instead of failing, so
 * that a receiver keeps working while the API adds events.
 *
 * The data shapes are loose on purpose: they require what the reference and the model promise
 * (for threat events `threat_id`, `ip_address`, `threat_score`, `threat_level`) and keep every
 * other field, typed where known and optional. They are written with the small checker of
 * ./shape.ts rather than the generated zod schemas, so that verifying and parsing deliveries
 * does not bundle a schema library.
 *
 * @see https://docs.cyberfortress.io/webhooks#events
 * @module
 */

import { camelizeKeys } from '../core/case.js';
import type { ValidationIssue } from '../core/errors.js';
import { formatPath } from '../core/validate.js';
import type {
  AutomatedResponse,
  MlAnalysis,
  ResponseAction,
  ThreatLevel,
  ThreatStatus,
  ThreatType,
  WebhookEvent,
} from '../generated/types.gen.js';
import type { Camelize } from '../types.js';
import { InvalidPayloadError } from './errors.js';
import { array, check, nullable, number, object, optional, string, type Checker } from './shape.js';
import { verifyDelivery, type VerifyWebhookParams } from './verify.js';

/** Fields a newer API may add to any event's data: kept, not checked. */
type Open = { [field: string]: unknown };

/** `data` of the threat events (`threat.*`): the threat's summary. */
type ThreatEventData = Open & {
  threat_id: string;
  ip_address: string;
  threat_score: number;
  threat_level: ThreatLevel;
  threat_type?: ThreatType;
  status?: ThreatStatus;
  /** Country code (ISO 3166-1 alpha-2). */
  country?: string;
  detected_at?: string;
  automated_response?: Open & { actions_taken: ResponseAction[] };
  /** `threat.mitigated` only. */
  resolution?: string | null;
  /** `threat.status_changed` only. */
  previous_status?: ThreatStatus;
};

/** `data` of the crypto events: the wallet scan that found the risk. */
type CryptoEventData = Open & {
  chain?: string;
  address?: string;
  risk_score?: number;
  risk_level?: string;
  flags?: string[];
  scanned_at?: string;
};

/** `data` of `system.status`: the monitoring status after a change. */
type SystemStatusEventData = Open & { mode?: string; updated_at?: string };

/** `data` of `system.emergency`: what was done, and its details. */
type SystemEmergencyEventData = Open & { action?: string };

/** `data` of `evidence.collected`: the evidence item's summary. */
type EvidenceEventData = Open & {
  id?: string;
  type?: string;
  threat_id?: string | null;
  hash?: string;
  size_bytes?: number;
  collected_at?: string;
};

/** `data` of `ml.anomaly`. */
type MlAnomalyEventData = Open & {
  threat_id?: string;
  ip_address?: string;
  ml_analysis?: Open & MlAnalysis;
};

/** `data` of `auto_response.executed`. */
type AutoResponseEventData = Open & {
  threat_id?: string;
  ip_address?: string;
  automated_response?: Open & AutomatedResponse;
};

/** `data` of `webhook.test`, what `POST /webhooks/{id}/test` sends. */
type TestEventData = Open & { webhook_id?: string; delivery_id?: string; message?: string };

/** Each known event's `data`, on the wire, by event name. */
interface WireEventData {
  'threat.detected': ThreatEventData;
  'threat.critical': ThreatEventData;
  'threat.high': ThreatEventData;
  'threat.mitigated': ThreatEventData;
  'threat.status_changed': ThreatEventData;
  'crypto.high_risk_transaction': CryptoEventData;
  'crypto.threat': CryptoEventData;
  'system.emergency': SystemEmergencyEventData;
  'system.status': SystemStatusEventData;
  'evidence.collected': EvidenceEventData;
  'ml.anomaly': MlAnomalyEventData;
  'auto_response.executed': AutoResponseEventData;
  'webhook.test': TestEventData;
}

/**
 * Each known event's `data` checker, by event name. Built on first use, so that a bundle that
 * only verifies deliveries leaves the checkers out.
 */
function buildDataShapes() {
  const threatEventData = object({
    threat_id: string,
    ip_address: string,
    threat_score: number(),
    threat_level: string,
    threat_type: optional(string),
    status: optional(string),
    country: optional(string),
    detected_at: optional(string),
    automated_response: optional(object({ actions_taken: array(string) })),
    resolution: optional(nullable(string)),
    previous_status: optional(string),
  });

  const cryptoEventData = object({
    chain: optional(string),
    address: optional(string),
    risk_score: optional(number()),
    risk_level: optional(string),
    flags: optional(array(string)),
    scanned_at: optional(string),
  });

  /** The spec's `MlAnalysis`. */
  const mlAnalysis = object({
    anomaly_score: number({ integer: true, min: 0, max: 100 }),
    model_confidence: number({ min: 0, max: 1 }),
    models_triggered: array(string),
  });

  /** The spec's `AutomatedResponse`. */
  const automatedResponse = object({
    actions_taken: array(string),
    response_time_ms: number({ integer: true, min: 0 }),
  });

  return {
    'threat.detected': threatEventData,
    'threat.critical': threatEventData,
    'threat.high': threatEventData,
    'threat.mitigated': threatEventData,
    'threat.status_changed': threatEventData,
    'crypto.high_risk_transaction': cryptoEventData,
    'crypto.threat': cryptoEventData,
    'system.emergency': object({ action: optional(string) }),
    'system.status': object({
      mode: optional(string),
      updated_at: optional(string),
    }),
    'evidence.collected': object({
      id: optional(string),
      type: optional(string),
      threat_id: optional(nullable(string)),
      hash: optional(string),
      size_bytes: optional(number()),
      collected_at: optional(string),
    }),
    'ml.anomaly': object({
      threat_id: optional(string),
      ip_address: optional(string),
      ml_analysis: optional(mlAnalysis),
    }),
    'auto_response.executed': object({
      threat_id: optional(string),
      ip_address: optional(string),
      automated_response: optional(automatedResponse),
    }),
    'webhook.test': object({
      webhook_id: optional(string),
      delivery_id: optional(string),
      message: optional(string),
    }),
  } satisfies Record<WebhookEvent, Checker> & Record<keyof WireEventData, Checker>;
}

let dataShapes: ReturnType<typeof buildDataShapes> | undefined;

/** The payload envelope: an event name, a timestamp and an object of data. */
function envelopeShape(): Checker {
  return object({
    event: string,
    timestamp: string,
    data: object(),
    signature: optional(string),
  });
}

/** The envelope once checked. */
interface Envelope {
  event: string;
  timestamp: string;
  data: Record<string, unknown>;
  signature?: string;
}

/**
 * The name of an event this SDK knows.
 *
 * @useDeclaredType
 * @category Webhooks
 */
export type KnownWebhookEventName = keyof WireEventData;

/**
 * The `data` of a known event, camelCased: `WebhookEventData<'threat.critical'>['threatScore']`.
 *
 * @category Webhooks
 */
export type WebhookEventData<TName extends KnownWebhookEventName> = Camelize<WireEventData[TName]>;

/** Fields every parsed event has. @inline */
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
    /** The event's name, such as `threat.critical`. */
    event: TName;
    /** The event's data, checked against its shape and camelCased. */
    data: WebhookEventData<TName>;
    /** `true`: an event this SDK knows, so `data` is typed. */
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
  /** The event's name, one this SDK does not know. */
  event: string;
  /** The event's data, camelCased but not checked. */
  data: Record<string, unknown>;
  /** `false`: an event this SDK does not know, so `data` is untyped. */
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
  return Object.prototype.hasOwnProperty.call((dataShapes ??= buildDataShapes()), name);
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

  const envelopeIssues = check(envelopeShape(), json);
  if (envelopeIssues.length > 0) {
    throw new InvalidPayloadError(
      'The webhook body is not a webhook payload: expected an object with `event`, `timestamp` and an object `data`',
      envelopeIssues,
    );
  }

  const { event, timestamp, data, signature } = json as Envelope;
  if (isKnown(event)) {
    const issues = check((dataShapes ??= buildDataShapes())[event], data);
    if (issues.length > 0) {
      const first = issues[0] as ValidationIssue;
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      throw new InvalidPayloadError(
        `The data of the ${event} webhook event does not match the API's schema at ${formatPath(first.path)}: ${first.message}${more}`,
        issues.map((issue) => ({ ...issue, path: ['data', ...issue.path] })),
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
