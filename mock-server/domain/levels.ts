/**
 * Score-to-level rules. Threats and blockchain risks use different thresholds: the reference's
 * threat example scores 85 as CRITICAL while its wallet example scores 85 as HIGH.
 */

import type { RiskLevel, ThreatLevel } from './wire.js';

/** Threat level from threat_score: >=80 CRITICAL, >=60 HIGH, >=30 MEDIUM, else LOW. */
export function levelFromScore(score: number): ThreatLevel {
  if (score >= 80) {
    return 'CRITICAL';
  }

  if (score >= 60) {
    return 'HIGH';
  }

  return score >= 30 ? 'MEDIUM' : 'LOW';
}

/** Blockchain risk level: >=90 CRITICAL, >=70 HIGH, >=30 MEDIUM, else LOW. */
export function riskLevelFromScore(score: number): RiskLevel {
  if (score >= 90) {
    return 'CRITICAL';
  }

  if (score >= 70) {
    return 'HIGH';
  }

  return score >= 30 ? 'MEDIUM' : 'LOW';
}

/** Order of severity, for sorting: LOW first. */
export const LEVEL_RANK: Readonly<Record<ThreatLevel, number>> = {
  LOW: 0,
  MEDIUM: 1,
  HIGH: 2,
  CRITICAL: 3,
};

/** The score range of each level, to pick a score when only a level is given. */
export const LEVEL_SCORE_RANGE: Readonly<Record<ThreatLevel, readonly [number, number]>> = {
  LOW: [5, 29],
  MEDIUM: [30, 59],
  HIGH: [60, 79],
  CRITICAL: [80, 99],
};

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
