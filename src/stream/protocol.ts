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
 * @useDeclaredType
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
  /** The channels to receive; each call adds to those already subscribed. */
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
  /** The event type, always `'threat_detected'`. */
  type: 'threat_detected';
  /** The channel that carries it, always `'threats'`. */
  channel: 'threats';
  /** The new threat, the same shape as a `Threat` read over REST. */
  threat: Threat;
}

/** @category Stream */
export interface ThreatMitigatedEvent extends StreamEventEnvelope {
  /** The event type, always `'threat_mitigated'`. */
  type: 'threat_mitigated';
  /** The channel that carries it, always `'threats'`. */
  channel: 'threats';
  /** The threat that was mitigated. */
  threatId: string;
  /** The threat's new status, always `'mitigated'`. */
  status: 'mitigated';
  /** How it was resolved (`IP blocked at firewall`), or `null` when none was recorded. */
  resolution: string | null;
  /** When it was mitigated (RFC 3339 UTC). */
  mitigatedAt: string;
}

/** @category Stream */
export interface CriticalAlert {
  /** The alert's id. */
  id: string;
  /** The threat level of the threat behind the alert. */
  severity: ThreatLevel;
  /** A short headline. */
  title: string;
  /** The alert's text, for a person to read. */
  message: string;
  /** The threat the alert is about. */
  threatId: string;
  /** The threat's IP address. */
  ipAddress: string;
  /** The threat's score, 0 to 100. */
  threatScore: number;
}

/** @category Stream */
export interface CriticalAlertEvent extends StreamEventEnvelope {
  /** The event type, always `'critical_alert'`. */
  type: 'critical_alert';
  /** The channel that carries it, always `'critical_alerts'`. */
  channel: 'critical_alerts';
  /** The alert. */
  alert: CriticalAlert;
}

/** @category Stream */
export interface CryptoThreat {
  /** The blockchain the address is on. */
  chain: Chain;
  /** The wallet or contract address. */
  address: string;
  /** The risk score, 0 to 100. */
  riskScore: number;
  /** The risk level the score falls in. */
  riskLevel: RiskLevel;
  /** What the scan found (wallet flags such as `KNOWN_SCAMMER`, `MIXER_INTERACTION`). */
  flags: string[];
  /** A summary, for a person to read. */
  description: string;
}

/** @category Stream */
export interface CryptoThreatEvent extends StreamEventEnvelope {
  /** The event type, always `'crypto_threat'`. */
  type: 'crypto_threat';
  /** The channel that carries it, always `'crypto_threats'`. */
  channel: 'crypto_threats';
  /** The risky address and what was found. */
  threat: CryptoThreat;
}

/** @category Stream */
export interface MlAnomaly {
  /** The threat the anomaly belongs to, or `null` when it is not tied to one. */
  threatId: string | null;
  /** How anomalous the behaviour is, 0 to 100. */
  anomalyScore: number;
  /** The models' confidence, 0 to 1. */
  modelConfidence: number;
  /** The models that flagged it. */
  modelsTriggered: string[];
  /** A summary, for a person to read. */
  description: string;
}

/** @category Stream */
export interface MlAnomalyEvent extends StreamEventEnvelope {
  /** The event type, always `'ml_anomaly'`. */
  type: 'ml_anomaly';
  /** The channel that carries it, always `'ml'`. */
  channel: 'ml';
  /** The anomaly. */
  anomaly: MlAnomaly;
}

/** @category Stream */
export interface AutoResponse {
  /** The threat responded to. */
  threatId: string;
  /** The response actions taken, in order. */
  actionsTaken: string[];
  /** Milliseconds from detection to response. */
  responseTimeMs: number;
}

/** @category Stream */
export interface AutoResponseEvent extends StreamEventEnvelope {
  /** The event type, always `'auto_response'`. */
  type: 'auto_response';
  /** The channel that carries it, always `'responses'`. */
  channel: 'responses';
  /** What the response engine did. */
  response: AutoResponse;
}

/** @category Stream */
export interface SystemStatus {
  /** The monitoring mode now in force. */
  mode: MonitoringMode;
  /** The state of each monitoring engine. */
  engines: MonitoringStatus['engines'];
  /** Why the status changed, for a person to read. */
  reason: string;
}

/** @category Stream */
export interface SystemStatusEvent extends StreamEventEnvelope {
  /** The event type, always `'system_status'`. */
  type: 'system_status';
  /** The channel that carries it, always `'system'`. */
  channel: 'system';
  /** The monitoring status after the change. */
  status: SystemStatus;
}

/** @category Stream */
export interface EvidenceSummary {
  /** The evidence record's id (`evidence_…`); `client.evidence` reads the rest of it. */
  id: string;
  /** The kind of evidence (an evidence type of the API). */
  type: string;
  /** The threat it belongs to, or `null`. */
  threatId: string | null;
  /** The content's digest, `sha256:` and 64 hex digits. */
  hash: string;
  /** The content's size in bytes. */
  sizeBytes: number;
}

/** @category Stream */
export interface EvidenceCollectedEvent extends StreamEventEnvelope {
  /** The event type, always `'evidence_collected'`. */
  type: 'evidence_collected';
  /** The channel that carries it, always `'evidence'`. */
  channel: 'evidence';
  /** The evidence record's main fields. */
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
  /** The new threat. */
  threat_detected: Threat;
  /** The event itself: it has no inner object. */
  threat_mitigated: ThreatMitigatedEvent;
  /** The alert. */
  critical_alert: CriticalAlert;
  /** The risky address and what was found. */
  crypto_threat: CryptoThreat;
  /** The anomaly. */
  ml_anomaly: MlAnomaly;
  /** What the response engine did. */
  auto_response: AutoResponse;
  /** The monitoring status after the change. */
  system_status: SystemStatus;
  /** The evidence record's main fields. */
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
  /** The IP address or CIDR range scanned, as given. */
  target: string;
  /** How many hosts the scan covered. */
  hostsScanned: number;
  /** How many threats it found. */
  threatsFound: number;
  /** The ids of the threats it found. */
  threatIds: string[];
}

/** What `emergencyBlockAll` takes. @category Stream */
export interface EmergencyBlockAllParams {
  /** Recorded on every block created. */
  reason?: string;
  /** Block every active threat scoring at least this. @default 80 (server side) */
  minScore?: number;
}

/** What `emergencyBlockAll` resolves with. @category Stream */
export interface EmergencyBlockAllResult {
  /** How many addresses this command blocked. */
  blocked: number;
  /** The ids of the blocks created (`block_…`). */
  blockIds: string[];
  /** What was blocked. */
  targets: BlockTarget[];
}

/** Options `setMode` may change; the ones left out keep their value. @category Stream */
export interface StreamSetModeOptions {
  /** Seconds between scans, 1 to 3600. */
  scanInterval?: number;
  /** Run the machine-learning engine. */
  mlEnabled?: boolean;
  /** Let the response engine act on threats by itself. */
  autoResponse?: boolean;
  /** Privacy-focused personal monitoring. */
  personalMonitoring?: boolean;
}

/* Wire messages the client reads (snake_case), checked by hand on the hot path */

/** @internal */
export interface WireResumeWindow {
  oldest_sequence: number;
  latest_sequence: number;
}

/** A field-level problem of a refused command, as the server sends it. @inline @internal */
export interface WireErrorDetail {
  /** The field at fault, as a path into the command. */
  field: string;
  /** What is wrong with it. */
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
  sequence: z.int().check(z.gte(1)),
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
    resolution: z.nullable(z.string()),
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
      threat_score: z.int().check(z.gte(0), z.lte(100)),
    }),
  }),
  crypto_threat: z.object({
    ...envelope,
    threat: z.object({
      chain: zChain,
      address: z.string(),
      risk_score: z.int().check(z.gte(0), z.lte(100)),
      risk_level: zRiskLevel,
      flags: z.array(zWalletFlag),
      description: z.string(),
    }),
  }),
  ml_anomaly: z.object({
    ...envelope,
    anomaly: z.object({
      threat_id: z.nullable(zThreatId),
      anomaly_score: z.int().check(z.gte(0), z.lte(100)),
      model_confidence: z.number().check(z.gte(0), z.lte(1)),
      models_triggered: z.array(zMlModel),
      description: z.string(),
    }),
  }),
  auto_response: z.object({
    ...envelope,
    response: z.object({
      threat_id: zThreatId,
      actions_taken: z.array(zResponseAction),
      response_time_ms: z.int().check(z.gte(0)),
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
      threat_id: z.nullable(zThreatId),
      hash: z.string(),
      size_bytes: z.int().check(z.gte(0)),
    }),
  }),
};
