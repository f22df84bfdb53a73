/**
 * The stream's wire protocol (`openapi/asyncapi.yaml`): the channels and the events each one
 * carries, the snake_case messages as they travel, the camelCase events the SDK hands out, and
 * the zod schemas that check each event, built from the REST schemas so that a `Threat` read
 * from the stream is the same type, checked the same way, as one read over REST.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import * as z from 'zod';
import {
  zChain,
  zEvidenceType,
  zMlModel,
  zMonitoringEngines,
  zMonitoringMode,
  zResponseAction,
  zRiskLevel,
  zThreat,
  zThreatLevel,
  zWalletFlag,
} from '../generated/zod.gen.js';
import type {
  BlockTarget,
  Chain,
  MonitoringMode,
  MonitoringStatus,
  RiskLevel,
  Severity,
  Threat,
  ThreatLevel,
} from '../types.js';

/**
 * A stream channel, named in `subscribe`.
 *
 * @category Stream
 */
export type StreamChannel =
  'threats' | 'critical_alerts' | 'crypto_threats' | 'ml' | 'responses' | 'system' | 'evidence';

/**
 * The channel that carries each event type (asyncapi's channel table).
 *
 * @internal
 */
export const EVENT_CHANNELS = {
  threat_detected: 'threats',
  threat_mitigated: 'threats',
  critical_alert: 'critical_alerts',
  crypto_threat: 'crypto_threats',
  ml_anomaly: 'ml',
  auto_response: 'responses',
  system_status: 'system',
  evidence_collected: 'evidence',
} as const satisfies Record<string, StreamChannel>;

/**
 * One of the eight event types.
 *
 * @category Stream
 */
export type StreamEventType = keyof typeof EVENT_CHANNELS;

/**
 * Filters for the channels `threats` and `critical_alerts`: any listed value matches, and both
 * filters must match when both are given.
 *
 * @example
 * const filters: StreamFilters = { severity: ['high', 'critical'], countries: ['CN', 'RU', 'KP'] };
 * @category Stream
 */
export interface StreamFilters {
  /** Lowercase threat levels, as `threats.list` takes them. */
  severity?: Severity[];
  /** Uppercase ISO 3166-1 alpha-2 codes. */
  countries?: string[];
}

/**
 * What `subscribe` and `events` take.
 *
 * @category Stream
 */
export interface StreamSubscription {
  channels: StreamChannel[];
  /** Replaces the filters in force when given (`{}` clears them); left out, they stay. */
  filters?: StreamFilters;
}

/* Events as the SDK hands them out (camelCase) */

/** Fields every event carries. @category Stream */
export interface StreamEventEnvelope {
  /** The stream's single, strictly increasing event counter, shared by all channels. */
  sequence: number;
  /** RFC 3339 UTC. */
  timestamp: string;
}

/** @category Stream */
export interface ThreatDetectedEvent extends StreamEventEnvelope {
  type: 'threat_detected';
  channel: 'threats';
  threat: Threat;
}

/** @category Stream */
export interface ThreatMitigatedEvent extends StreamEventEnvelope {
  type: 'threat_mitigated';
  channel: 'threats';
  threatId: string;
  status: 'mitigated';
  resolution: string | null;
  mitigatedAt: string;
}

/** @category Stream */
export interface CriticalAlert {
  id: string;
  severity: ThreatLevel;
  title: string;
  message: string;
  threatId: string;
  ipAddress: string;
  threatScore: number;
}

/** @category Stream */
export interface CriticalAlertEvent extends StreamEventEnvelope {
  type: 'critical_alert';
  channel: 'critical_alerts';
  alert: CriticalAlert;
}

/** @category Stream */
export interface CryptoThreat {
  chain: Chain;
  address: string;
  riskScore: number;
  riskLevel: RiskLevel;
  flags: string[];
  description: string;
}

/** @category Stream */
export interface CryptoThreatEvent extends StreamEventEnvelope {
  type: 'crypto_threat';
  channel: 'crypto_threats';
  threat: CryptoThreat;
}

/** @category Stream */
export interface MlAnomaly {
  threatId: string | null;
  anomalyScore: number;
  modelConfidence: number;
  modelsTriggered: string[];
  description: string;
}

/** @category Stream */
export interface MlAnomalyEvent extends StreamEventEnvelope {
  type: 'ml_anomaly';
  channel: 'ml';
  anomaly: MlAnomaly;
}

/** @category Stream */
export interface AutoResponse {
  threatId: string;
  actionsTaken: string[];
  responseTimeMs: number;
}

/** @category Stream */
export interface AutoResponseEvent extends StreamEventEnvelope {
  type: 'auto_response';
  channel: 'responses';
  response: AutoResponse;
}

/** @category Stream */
export interface SystemStatus {
  mode: MonitoringMode;
  engines: MonitoringStatus['engines'];
  reason: string;
}

/** @category Stream */
export interface SystemStatusEvent extends StreamEventEnvelope {
  type: 'system_status';
  channel: 'system';
  status: SystemStatus;
}

/** @category Stream */
export interface EvidenceSummary {
  id: string;
  type: string;
  threatId: string | null;
  hash: string;
  sizeBytes: number;
}

/** @category Stream */
export interface EvidenceCollectedEvent extends StreamEventEnvelope {
  type: 'evidence_collected';
  channel: 'evidence';
  evidence: EvidenceSummary;
}

/**
 * Any of the eight events, told apart by `type`.
 *
 * @example
 * for await (const event of client.stream.events({ channels: ['threats'] })) {
 *   if (event.type === 'threat_detected') console.log(event.threat.ipAddress);
 * }
 * @category Stream
 */
export type StreamEvent =
  | ThreatDetectedEvent
  | ThreatMitigatedEvent
  | CriticalAlertEvent
  | CryptoThreatEvent
  | MlAnomalyEvent
  | AutoResponseEvent
  | SystemStatusEvent
  | EvidenceCollectedEvent;

/**
 * What a handler of each event type gets first: the thing the event is about (the `Threat` of
 * `threat_detected`, the alert of `critical_alert`, ...); `threat_mitigated` has no inner object,
 * so its handler gets the event itself.
 *
 * @category Stream
 */
export interface StreamPayloads {
  threat_detected: Threat;
  threat_mitigated: ThreatMitigatedEvent;
  critical_alert: CriticalAlert;
  crypto_threat: CryptoThreat;
  ml_anomaly: MlAnomaly;
  auto_response: AutoResponse;
  system_status: SystemStatus;
  evidence_collected: EvidenceSummary;
}

/**
 * The camelCase key of each event's payload, or `null` for the event itself.
 *
 * @internal
 */
export const PAYLOAD_KEYS: Record<StreamEventType, string | null> = {
  threat_detected: 'threat',
  threat_mitigated: null,
  critical_alert: 'alert',
  crypto_threat: 'threat',
  ml_anomaly: 'anomaly',
  auto_response: 'response',
  system_status: 'status',
  evidence_collected: 'evidence',
};

/* Command results (camelCase) */

/** What `scanNow` resolves with. @category Stream */
export interface ScanNowResult {
  target: string;
  hostsScanned: number;
  threatsFound: number;
  threatIds: string[];
}

/** What `emergencyBlockAll` takes. @category Stream */
export interface EmergencyBlockAllParams {
  reason?: string;
  /** Block every active threat scoring at least this. @default 80 (server side) */
  minScore?: number;
}

/** What `emergencyBlockAll` resolves with. @category Stream */
export interface EmergencyBlockAllResult {
  blocked: number;
  blockIds: string[];
  targets: BlockTarget[];
}

/** Options `setMode` may change; the ones left out keep their value. @category Stream */
export interface StreamSetModeOptions {
  scanInterval?: number;
  mlEnabled?: boolean;
  autoResponse?: boolean;
  personalMonitoring?: boolean;
}

/* Wire messages the client reads (snake_case), checked by hand on the hot path */

/** @internal */
export interface WireResumeWindow {
  oldest_sequence: number;
  latest_sequence: number;
}

/** @internal */
export interface WireErrorDetail {
  field: string;
  issue: string;
}

/** A server-to-client message, loosely: each branch of the client reads only what it needs. @internal */
export interface WireMessage {
  type: string;
  id?: string;
  sequence?: number;
  [key: string]: unknown;
}

/* Event schemas: the envelope plus each event's own fields */

const envelope = {
  type: z.string(),
  channel: z.string(),
  sequence: z.int().gte(1),
  timestamp: z.string(),
};

const zThreatId = z.string();

/**
 * The zod schema of each event type, for the tolerant check of `validateResponse` (unknown
 * fields and new enum members pass).
 *
 * @internal
 */
export const EVENT_SCHEMAS: Record<StreamEventType, z.ZodType> = {
  threat_detected: z.object({ ...envelope, threat: zThreat }),
  threat_mitigated: z.object({
    ...envelope,
    threat_id: zThreatId,
    status: z.literal('mitigated'),
    resolution: z.string().nullable(),
    mitigated_at: z.string(),
  }),
  critical_alert: z.object({
    ...envelope,
    alert: z.object({
      id: z.string(),
      severity: zThreatLevel,
      title: z.string(),
      message: z.string(),
      threat_id: zThreatId,
      ip_address: z.string(),
      threat_score: z.int().gte(0).lte(100),
    }),
  }),
  crypto_threat: z.object({
    ...envelope,
    threat: z.object({
      chain: zChain,
      address: z.string(),
      risk_score: z.int().gte(0).lte(100),
      risk_level: zRiskLevel,
      flags: z.array(zWalletFlag),
      description: z.string(),
    }),
  }),
  ml_anomaly: z.object({
    ...envelope,
    anomaly: z.object({
      threat_id: zThreatId.nullable(),
      anomaly_score: z.int().gte(0).lte(100),
      model_confidence: z.number().gte(0).lte(1),
      models_triggered: z.array(zMlModel),
      description: z.string(),
    }),
  }),
  auto_response: z.object({
    ...envelope,
    response: z.object({
      threat_id: zThreatId,
      actions_taken: z.array(zResponseAction),
      response_time_ms: z.int().gte(0),
    }),
  }),
  system_status: z.object({
    ...envelope,
    status: z.object({
      mode: zMonitoringMode,
      engines: zMonitoringEngines,
      reason: z.string(),
    }),
  }),
  evidence_collected: z.object({
    ...envelope,
    evidence: z.object({
      id: z.string(),
      type: zEvidenceType,
      threat_id: zThreatId.nullable(),
      hash: z.string(),
      size_bytes: z.int().gte(0),
    }),
  }),
};
