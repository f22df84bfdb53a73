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
  /** This connection's session; the client passes it to `resume` after a reconnect. */
  sessionId: string;
  /** Who authenticated: the API key's id or the OAuth token's subject. */
  principal: string;
  /** The scopes granted to the credentials. */
  scopes: Scope[];
  /** The oldest and latest sequences the server's replay buffer holds. */
  resumeWindow: {
    /** The oldest sequence the buffer still holds. */
    oldestSequence: number;
    /** The sequence of the newest event sent so far (0 before the first). */
    latestSequence: number;
  };
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
  /** The sequence the replay started after. */
  fromSequence: number;
  /** How many events were replayed. */
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
  /** The WebSocket close code (see `CloseCode`; 1006 when the connection dropped without a close frame). */
  code: number;
  /** The close frame's reason, such as `client closed`; empty when none was given. */
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
  /** A new threat: the `Threat`, then the event. */
  threat_detected: [threat: Threat, event: ThreatDetectedEvent];
  /** A threat was mitigated: the event, twice (it has no inner object). */
  threat_mitigated: [event: ThreatMitigatedEvent, event2: ThreatMitigatedEvent];
  /** A critical alert: the alert, then the event. */
  critical_alert: [alert: CriticalAlert, event: CriticalAlertEvent];
  /** A risky blockchain address: the finding, then the event. */
  crypto_threat: [threat: CryptoThreat, event: CryptoThreatEvent];
  /** An anomaly the models found: the anomaly, then the event. */
  ml_anomaly: [anomaly: MlAnomaly, event: MlAnomalyEvent];
  /** The response engine acted: what it did, then the event. */
  auto_response: [response: AutoResponse, event: AutoResponseEvent];
  /** The monitoring status changed: the new status, then the event. */
  system_status: [status: SystemStatus, event: SystemStatusEvent];
  /** Evidence was collected: its summary, then the event. */
  evidence_collected: [evidence: EvidenceSummary, event: EvidenceCollectedEvent];
  /** Every one of the eight events, in sequence order. */
  event: [event: StreamEvent];
  /** A connection attempt starts. */
  connecting: [
    info: {
      /** 0 for the first connection; then the reconnect attempt, as in `reconnecting`. */
      attempt: number;
      /** The stream URL being connected to. */
      url: string;
    },
  ];
  /** The connection is authenticated and its subscriptions are sent. */
  open: [info: StreamOpenInfo];
  /** A reconnect is scheduled. */
  reconnecting: [info: StreamReconnectingInfo];
  /** The events missed while disconnected were replayed. */
  resumed: [info: StreamResumedInfo];
  /** Events were lost: the server no longer holds all of those missed. */
  gap: [info: StreamGapInfo];
  /** A connection closed (each one, also before a reconnect). */
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
