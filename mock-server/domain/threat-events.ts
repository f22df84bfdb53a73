/**
 * The events a new threat causes: always `threat_detected`; `critical_alert` when CRITICAL;
 * `ml_anomaly` when the ML anomaly score is 80 or more; `auto_response` when the response engine
 * acted by itself; `evidence_collected` for each item collected.
 */

import type { DomainContext } from './context.js';
import type { EvidenceSummary } from './evidence-store.js';
import type { ThreatRecord } from './threat-record.js';
import type { EvidenceType, Threat } from './wire.js';

/** Emits the events of a newly stored threat. */
export function announceThreat(
  context: DomainContext,
  record: ThreatRecord,
  collected: readonly [string | null, EvidenceType][],
  autoResponse: boolean,
  evidenceSummary: (id: string) => EvidenceSummary,
): void {
  const { events } = context;
  // Building these events copies the threat and makes each evidence item's bytes (for its hash
  // and size); with no listener, a report would pay that for nothing.
  if (!events.hasListeners) return;
  const detail = record.detail;
  const timestamp = detail.detected_at;
  // The list item is deep-frozen and replaced when the threat changes, so listeners can share it.
  const threat = (): Threat => record.summary() as Threat;
  events.emit({ type: 'threat_detected', timestamp, threat: threat() });

  if (detail.threat_level === 'CRITICAL') {
    const alert = {
      threat_id: detail.id,
      ip_address: detail.ip_address,
      threat_score: detail.threat_score,
      threat_level: detail.threat_level,
      message: `Critical ${detail.threat_type} threat from ${detail.ip_address} (${detail.country.code})`,
      automated_response: structuredClone(detail.automated_response),
    };
    events.emit({ type: 'critical_alert', timestamp, alert, threat: threat() });
  }

  if (detail.ml_analysis.anomaly_score >= 80) {
    events.emit({
      type: 'ml_anomaly',
      timestamp,
      threat_id: detail.id,
      ip_address: detail.ip_address,
      ml_analysis: structuredClone(detail.ml_analysis),
    });
  }

  if (autoResponse && detail.automated_response.actions_taken.length > 0) {
    events.emit({
      type: 'auto_response',
      timestamp,
      threat_id: detail.id,
      ip_address: detail.ip_address,
      automated_response: structuredClone(detail.automated_response),
    });
  }

  for (const [id] of collected) {
    if (id !== null) {
      // The summary (hash and size) means making the file's bytes; a listener that never reads
      // it (a stream nobody follows, buffering for resume) should not pay for that on each report.
      let summary: EvidenceSummary | undefined;
      events.emit({
        type: 'evidence_collected',
        timestamp,
        get evidence() {
          return (summary ??= evidenceSummary(id));
        },
      });
    }
  }
}
