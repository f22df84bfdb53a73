/**
 * Domain events to stream events: each of the domain's events becomes one of the eight event
 * messages of the AsyncAPI document, with its channel and the threat facts filters match on.
 */

import type { DomainEvent } from '../domain/events.js';
import { hashSeed } from '../domain/random.js';
import type { StreamChannel } from './protocol.js';

/** A stream event before it has a sequence: its channel, its body and what filters look at. */
export interface UnsequencedEvent {
  channel: StreamChannel;
  /** Every field of the message except `sequence` (added when it is numbered). */
  body: { type: string; timestamp: string; channel: StreamChannel } & Record<string, unknown>;
  /** The threat's level in lowercase, for the severity filter (threat events only). */
  level?: string;
  /** The threat's country code, for the countries filter (threat events only). */
  country?: string;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A stable id for an alert, derived from its threat so that a replay carries the same one. */
function alertId(threatId: string): string {
  let hash = hashSeed('alert', threatId);
  let id = 'alert_';
  for (let i = 0; i < 12; i++) {
    id += ALNUM[hash % ALNUM.length];
    hash = hashSeed(hash, i);
  }

  return id;
}

/** `C2_COMMUNICATION` as `C2 communication`. */
function typeTitle(type: string): string {
  const words = type.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function phrase(values: readonly string[]): string {
  return values.map((value) => value.toLowerCase().replaceAll('_', ' ')).join(', ');
}

/**
 * The stream event for a domain event, or undefined for events the stream does not carry
 * (`threat_status_changed`: its move to `mitigated` is also emitted as `threat_mitigated`,
 * and other moves have no stream event).
 *
 * @param reason what caused a mode change, for `system_status.status.reason`
 */
export function toStreamEvent(
  event: DomainEvent,
  reason: string | undefined,
): UnsequencedEvent | undefined {
  const { timestamp } = event;
  switch (event.type) {
    case 'threat_detected':
      return {
        channel: 'threats',
        body: { type: event.type, timestamp, channel: 'threats', threat: event.threat },
        level: event.threat.threat_level.toLowerCase(),
        country: event.threat.country.code,
      };

    case 'critical_alert': {
      const { alert, threat } = event;
      const alertBody = {
        id: alertId(alert.threat_id),
        severity: alert.threat_level,
        title: `${typeTitle(threat.threat_type)} from ${alert.ip_address}`,
        message: alert.message,
        threat_id: alert.threat_id,
        ip_address: alert.ip_address,
        threat_score: alert.threat_score,
      };
      return {
        channel: 'critical_alerts',
        body: { type: event.type, timestamp, channel: 'critical_alerts', alert: alertBody },
        level: threat.threat_level.toLowerCase(),
        country: threat.country.code,
      };
    }

    case 'threat_mitigated':
      return {
        channel: 'threats',
        body: {
          type: event.type,
          timestamp,
          channel: 'threats',
          threat_id: event.threat.id,
          status: 'mitigated',
          resolution: event.resolution,
          mitigated_at: timestamp,
        },
        level: event.threat.threat_level.toLowerCase(),
        country: event.threat.country.code,
      };

    case 'crypto_threat': {
      const scan = event.threat;
      const flags = scan.flags.length > 0 ? `flagged ${phrase(scan.flags)}` : 'no flags';
      return {
        channel: 'crypto_threats',
        body: {
          type: event.type,
          timestamp,
          channel: 'crypto_threats',
          threat: {
            chain: scan.chain,
            address: scan.address,
            risk_score: scan.risk_score,
            risk_level: scan.risk_level,
            flags: scan.flags,
            description: `Wallet scan scored ${scan.risk_score} (${scan.risk_level}): ${flags}.`,
          },
        },
      };
    }

    case 'ml_anomaly': {
      const ml = event.ml_analysis;
      return {
        channel: 'ml',
        body: {
          type: event.type,
          timestamp,
          channel: 'ml',
          anomaly: {
            threat_id: event.threat_id,
            anomaly_score: ml.anomaly_score,
            model_confidence: ml.model_confidence,
            models_triggered: ml.models_triggered,
            description: `Anomaly score ${ml.anomaly_score} for ${event.ip_address} from the ${phrase(ml.models_triggered)} models.`,
          },
        },
      };
    }

    case 'auto_response':
      return {
        channel: 'responses',
        body: {
          type: event.type,
          timestamp,
          channel: 'responses',
          response: {
            threat_id: event.threat_id,
            actions_taken: event.automated_response.actions_taken,
            response_time_ms: event.automated_response.response_time_ms,
          },
        },
      };

    case 'system_status':
      return {
        channel: 'system',
        body: {
          type: event.type,
          timestamp,
          channel: 'system',
          status: {
            mode: event.status.mode,
            engines: event.status.engines,
            reason: reason ?? `Mode changed to ${event.status.mode}.`,
          },
        },
      };

    case 'evidence_collected': {
      // Read only when the frame is made (see the hub): the summary costs the file's bytes.
      const source = event;
      return {
        channel: 'evidence',
        body: {
          type: event.type,
          timestamp,
          channel: 'evidence',
          get evidence() {
            const { id, type, threat_id, hash, size_bytes } = source.evidence;
            return { id, type, threat_id, hash, size_bytes };
          },
        },
      };
    }

    default:
      return undefined;
  }
}
