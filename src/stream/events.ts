/**
 * The stream's typed event map, for `client.stream.on(…)`: the eight protocol events (each
 * handler gets the event's payload first, then the whole event), `event` for every one of
 * them, and the lifecycle.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import type { StreamError } from './errors.js';
import type {
  AutoResponse,
  AutoResponseEvent,
  CriticalAlert,
  CriticalAlertEvent,
  CryptoThreat,
  CryptoThreatEvent,
  EvidenceCollectedEvent,
  EvidenceSummary,
  MlAnomaly,
  MlAnomalyEvent,
  StreamEvent,
  SystemStatus,
  SystemStatusEvent,
  ThreatDetectedEvent,
  ThreatMitigatedEvent,
} from './protocol.js';
import type { CyberFortressError } from '../core/errors.js';
import type { Scope, Threat } from '../types.js';

/** `open`: the connection is authenticated and its subscriptions are sent. @category Stream */
export interface StreamOpenInfo {
  sessionId: string;
  principal: string;
  scopes: Scope[];
  /** The oldest and latest sequences the server's replay buffer holds. */
  resumeWindow: { oldestSequence: number; latestSequence: number };
}

/** `reconnecting`: a reconnect is scheduled. @category Stream */
export interface StreamReconnectingInfo {
  /** 1 for the first attempt after a drop; back to 1 after each successful connection. */
  attempt: number;
  /** Milliseconds until the attempt. */
  delay: number;
  /** The close code that caused it (1006 for a drop without a close frame or a heartbeat timeout). */
  code: number;
}

/** `resumed`: the events missed during a reconnect were replayed. @category Stream */
export interface StreamResumedInfo {
  fromSequence: number;
  replayed: number;
}

/**
 * `gap`: the server no longer holds the events after `fromSequence`; those before
 * `oldestAvailable` are lost to the stream. Fill them over REST, for example with
 * `client.threats.list({ from })`.
 *
 * @category Stream
 */
export interface StreamGapInfo {
  /** The last sequence delivered before the gap. */
  fromSequence: number;
  /** The oldest sequence the server still had; it is replayed from there on. */
  oldestAvailable: number;
}

/** `close`: a connection closed (each one, also before a reconnect). @category Stream */
export interface StreamCloseInfo {
  code: number;
  reason: string;
}

/**
 * Every event `client.stream.on` takes, with its handler's arguments.
 *
 * @example
 * const off = client.stream.on('threat_detected', (threat) => console.log(threat.ipAddress));
 * off();
 * @category Stream
 */
export type StreamEvents = {
  threat_detected: [threat: Threat, event: ThreatDetectedEvent];
  threat_mitigated: [event: ThreatMitigatedEvent, event2: ThreatMitigatedEvent];
  critical_alert: [alert: CriticalAlert, event: CriticalAlertEvent];
  crypto_threat: [threat: CryptoThreat, event: CryptoThreatEvent];
  ml_anomaly: [anomaly: MlAnomaly, event: MlAnomalyEvent];
  auto_response: [response: AutoResponse, event: AutoResponseEvent];
  system_status: [status: SystemStatus, event: SystemStatusEvent];
  evidence_collected: [evidence: EvidenceSummary, event: EvidenceCollectedEvent];
  /** Every one of the eight events, in sequence order. */
  event: [event: StreamEvent];
  connecting: [info: { attempt: number; url: string }];
  open: [info: StreamOpenInfo];
  reconnecting: [info: StreamReconnectingInfo];
  resumed: [info: StreamResumedInfo];
  gap: [info: StreamGapInfo];
  close: [info: StreamCloseInfo];
  /** A fatal close, a server `error` not tied to a request, an event that failed validation, a handler that threw. */
  error: [error: StreamError | CyberFortressError | Error];
};

/**
 * A handler of one event.
 *
 * @category Stream
 */
export type StreamListener<E extends keyof StreamEvents> = (...args: StreamEvents[E]) => void;
