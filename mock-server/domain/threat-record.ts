/**
 * One stored threat as the list sees it: the flat keys it filters and sorts on, and the list
 * item, built once and frozen so that requests can share it.
 */

import { LEVEL_RANK } from './levels.js';
import type { IndexedThreat } from './threat-query.js';
import type { Threat, ThreatDetail, ThreatStatus } from './wire.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);

    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
  }

  return value;
}

/** One stored threat, indexed for the list. */
export class ThreatRecord implements IndexedThreat {
  readonly id: string;
  readonly detectedMs: number;
  readonly score: number;
  readonly levelRank: number;
  readonly ip: string;
  readonly country: string;
  #summary: Readonly<Threat> | undefined;

  constructor(readonly detail: ThreatDetail) {
    this.id = detail.id;
    this.detectedMs = Date.parse(detail.detected_at);
    this.score = detail.threat_score;
    this.levelRank = LEVEL_RANK[detail.threat_level];
    this.ip = detail.ip_address;
    this.country = detail.country.code;
  }

  get status(): ThreatStatus {
    return this.detail.status;
  }

  /** The list item, frozen and shared between requests until the threat changes. */
  summary(): Readonly<Threat> {
    if (!this.#summary) {
      const d = this.detail;
      this.#summary = deepFreeze(
        structuredClone({
          id: d.id,
          ip_address: d.ip_address,
          threat_score: d.threat_score,
          threat_level: d.threat_level,
          threat_type: d.threat_type,
          status: d.status,
          detected_at: d.detected_at,
          updated_at: d.updated_at,
          country: d.country,
          threat_intelligence: d.threat_intelligence,
          process_behavior: d.process_behavior,
          ml_analysis: d.ml_analysis,
          automated_response: d.automated_response,
        }),
      );
    }

    return this.#summary;
  }

  touch(): void {
    this.#summary = undefined;
  }
}
