/**
 * The domain's event bus. Every real cause (a report, an injected threat, a status change, a
 * quarantine with a dump, a risky wallet, a mode change) emits here; the stream and the webhook
 * dispatcher subscribe instead of being called by each rule.
 */

import type {
  AutomatedResponse,
  EvidenceType,
  MlAnalysis,
  MonitoringStatus,
  Threat,
  ThreatLevel,
  ThreatStatus,
  WalletScan,
} from './wire.js';

/** Fields every event carries. */
interface EventBase {
  /** When it happened, on the mock clock (RFC 3339, second precision). */
  timestamp: string;
}

export interface ThreatDetectedEvent extends EventBase {
  type: 'threat_detected';
  threat: Threat;
}

export interface CriticalAlertEvent extends EventBase {
  type: 'critical_alert';
  alert: {
    threat_id: string;
    ip_address: string;
    threat_score: number;
    threat_level: ThreatLevel;
    message: string;
    automated_response: AutomatedResponse;
  };
  threat: Threat;
}

export interface ThreatMitigatedEvent extends EventBase {
  type: 'threat_mitigated';
  threat: Threat;
  resolution: string | null;
}

/** A status move of any kind (the webhook event `threat.status_changed` needs it). */
export interface ThreatStatusChangedEvent extends EventBase {
  type: 'threat_status_changed';
  threat: Threat;
  previous_status: ThreatStatus;
}

export interface CryptoThreatEvent extends EventBase {
  type: 'crypto_threat';
  threat: WalletScan;
}

export interface MlAnomalyEvent extends EventBase {
  type: 'ml_anomaly';
  threat_id: string;
  ip_address: string;
  ml_analysis: MlAnalysis;
}

export interface AutoResponseEvent extends EventBase {
  type: 'auto_response';
  threat_id: string;
  ip_address: string;
  automated_response: AutomatedResponse;
}

export interface SystemStatusEvent extends EventBase {
  type: 'system_status';
  status: MonitoringStatus;
}

export interface EvidenceCollectedEvent extends EventBase {
  type: 'evidence_collected';
  evidence: {
    id: string;
    type: EvidenceType;
    threat_id: string | null;
    hash: string;
    size_bytes: number;
    collected_at: string;
  };
}

export type DomainEvent =
  | ThreatDetectedEvent
  | CriticalAlertEvent
  | ThreatMitigatedEvent
  | ThreatStatusChangedEvent
  | CryptoThreatEvent
  | MlAnomalyEvent
  | AutoResponseEvent
  | SystemStatusEvent
  | EvidenceCollectedEvent;

export type DomainEventListener = (event: DomainEvent) => void;

/**
 * A tiny synchronous bus. A listener that throws is isolated so that one broken subscriber
 * cannot fail the request that caused the event.
 *
 * @example
 * const off = backend.events.on((event) => console.log(event.type));
 * off();
 */
export class DomainEvents {
  readonly #listeners = new Set<DomainEventListener>();

  /** True when anyone listens, so that causes can skip building events nobody will read. */
  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  on(listener: DomainEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: DomainEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own; the domain change has already happened.
      }
    }
  }
}
