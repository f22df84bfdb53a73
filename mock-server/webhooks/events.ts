/**
 * Which webhook events a domain event becomes, and the `data` each carries.
 *
 * | domain event            | webhook events                                                  |
 * | ----------------------- | --------------------------------------------------------------- |
 * | `threat_detected`       | `threat.detected`; also `threat.critical` / `threat.high` by level |
 * | `threat_mitigated`      | `threat.mitigated`                                              |
 * | `threat_status_changed` | `threat.status_changed`                                         |
 * | `crypto_threat` (≥ 70)  | `crypto.high_risk_transaction` and `crypto.threat`              |
 * | `system_status`         | `system.status`                                                 |
 * | `evidence_collected`    | `evidence.collected`                                            |
 * | `ml_anomaly`            | `ml.anomaly`                                                    |
 * | `auto_response`         | `auto_response.executed`                                        |
 * | `emergency_*`           | `system.emergency` (no such domain event exists yet)            |
 *
 * `critical_alert` maps to nothing: the `threat_detected` of the same threat already yields
 * `threat.critical`, and mapping both would deliver it twice.
 */

import type { DomainEvent } from '../domain/events.js';
import type { Threat, WebhookEvent } from '../domain/wire.js';

/** One webhook event made from a domain event, before it is addressed to anyone. */
export interface OutgoingEvent {
  event: WebhookEvent;
  /** When it happened, on the mock clock. */
  timestamp: string;
  data: Record<string, unknown>;
}

/** Risk score from which a wallet scan is a high-risk crypto event. */
export const CRYPTO_RISK_THRESHOLD = 70;

function threatData(threat: Threat): Record<string, unknown> {
  return {
    threat_id: threat.id,
    ip_address: threat.ip_address,
    threat_score: threat.threat_score,
    threat_level: threat.threat_level,
    threat_type: threat.threat_type,
    status: threat.status,
    country: threat.country.code,
    detected_at: threat.detected_at,
    automated_response: { actions_taken: [...threat.automated_response.actions_taken] },
  };
}

/** The webhook events of one domain event, in the order they are delivered. */
export function toWebhookEvents(event: DomainEvent): OutgoingEvent[] {
  const { timestamp } = event;
  const one = (name: WebhookEvent, data: Record<string, unknown>): OutgoingEvent => ({
    event: name,
    timestamp,
    data,
  });

  switch (event.type) {
    case 'threat_detected': {
      const data = threatData(event.threat);
      const out = [one('threat.detected', data)];
      if (event.threat.threat_level === 'CRITICAL') out.push(one('threat.critical', data));
      if (event.threat.threat_level === 'HIGH') out.push(one('threat.high', data));
      return out;
    }

    case 'threat_mitigated':
      return [
        one('threat.mitigated', { ...threatData(event.threat), resolution: event.resolution }),
      ];

    case 'threat_status_changed':
      return [
        one('threat.status_changed', {
          ...threatData(event.threat),
          previous_status: event.previous_status,
        }),
      ];

    case 'crypto_threat': {
      const scan = event.threat;
      if (scan.risk_score < CRYPTO_RISK_THRESHOLD) return [];
      const data = {
        chain: scan.chain,
        address: scan.address,
        risk_score: scan.risk_score,
        risk_level: scan.risk_level,
        flags: [...scan.flags],
        scanned_at: scan.scanned_at,
      };
      return [one('crypto.high_risk_transaction', data), one('crypto.threat', data)];
    }

    case 'system_status':
      return [one('system.status', structuredClone(event.status) as Record<string, unknown>)];

    case 'evidence_collected':
      return [one('evidence.collected', { ...event.evidence })];

    case 'ml_anomaly':
      return [
        one('ml.anomaly', {
          threat_id: event.threat_id,
          ip_address: event.ip_address,
          ml_analysis: structuredClone(event.ml_analysis),
        }),
      ];

    case 'auto_response':
      return [
        one('auto_response.executed', {
          threat_id: event.threat_id,
          ip_address: event.ip_address,
          automated_response: structuredClone(event.automated_response),
        }),
      ];

    case 'critical_alert':
      return [];

    default:
      return emergency(event);
  }
}

/**
 * Any future domain event named `emergency_*` (an emergency block of everything, say) becomes
 * `system.emergency`, its fields other than `type` and `timestamp` as data and its type as
 * `action`. No such event is emitted today.
 */
function emergency(event: never): OutgoingEvent[] {
  const { type, timestamp, ...rest } = event as { type: string; timestamp: string };

  if (typeof type === 'string' && type.startsWith('emergency_')) {
    return [{ event: 'system.emergency', timestamp, data: { action: type, ...rest } }];
  }

  return [];
}
