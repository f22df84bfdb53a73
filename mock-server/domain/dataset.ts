/**
 * The seeded dataset: by default 1,247 threats detected over the 30 days before the clock
 * start, one of them the reference's example threat, each with a status history that fits its
 * age, and the evidence they refer to.
 */

import { toIso } from './clock.js';
import { COUNTRY_CATALOG, type CatalogCountry } from './data/country-catalog.js';
import {
  FALSE_POSITIVE_RESOLUTIONS,
  RESOLUTIONS,
  THREAT_PROFILES,
  THREAT_TYPES,
  DETECTION_SOURCES,
} from './data/threat-catalog.js';
import { formatIpv4, formatIpv6 } from './ip.js';
import { clamp, levelFromScore } from './levels.js';
import { Random, type Weighted } from './random.js';
import { buildThreat, EVIDENCE_DELAY_MS } from './threat-factory.js';
import type { EvidenceType, ThreatDetail, ThreatStatus, ThreatType } from './wire.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = 30 * DAY_MS;
const REFERENCE_DETECTED_AT = Date.parse('2025-01-15T14:30:00Z');

/** An evidence item a threat refers to; its bytes are made later, on first read. */
export interface EvidenceSeed {
  id: string;
  type: EvidenceType;
  threatId: string;
  collectedMs: number;
}

export interface Dataset {
  /** Sorted by detected_at, newest first, ties by id. */
  threats: ThreatDetail[];
  evidence: EvidenceSeed[];
}

const COUNTRY_WEIGHTS: readonly Weighted<CatalogCountry>[] = COUNTRY_CATALOG.map((country) => [
  country,
  country.weight,
]);
const TYPE_WEIGHTS: readonly Weighted<ThreatType>[] = THREAT_TYPES.map((type) => [
  type,
  THREAT_PROFILES[type].weight,
]);
const HOSTNAMES = ['WS', 'SRV', 'DC', 'DB', 'WEB', 'LAPTOP', 'BUILD'];

/** An address inside one of the country's blocks; KP's single /22 is respected. */
export function addressIn(random: Random, country: CatalogCountry, ipv6: boolean): string {
  if (ipv6 && country.ipv6.length > 0) {
    const [g1, g2] = random.pick(country.ipv6).split(':') as [string, string];
    let value = (BigInt(parseInt(g1, 16)) << 112n) | (BigInt(parseInt(g2, 16)) << 96n);
    value |= BigInt(random.int(0, 0xffff)) << 80n;
    value |= BigInt(random.int(0, 0xffff)) << 64n;
    // Host parts are either a short interface id or a random-looking one, as in real traffic.
    value |= random.chance(0.4)
      ? BigInt(random.int(1, 0xff))
      : (BigInt(random.int(1, 0xffffffff)) << 32n) | BigInt(random.int(0, 0xffffffff));
    return formatIpv6(value);
  }

  const [a, b] = random.pick(country.ipv4).split('.').map(Number) as [number, number];
  const c = country.code === 'KP' ? random.int(176, 179) : random.int(0, 255);
  const value =
    (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(random.int(1, 254));
  return formatIpv4(value);
}

function privateAddress(random: Random): string {
  return random.chance(0.5)
    ? `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`
    : `192.168.${random.int(0, 20)}.${random.int(2, 254)}`;
}

/** Scores cluster in the middle of the type's range (the mean of two draws). */
function scoreFor(random: Random, type: ThreatType): number {
  const [min, max] = THREAT_PROFILES[type].scoreRange;
  return Math.round((random.int(min, max) + random.int(min, max)) / 2);
}

/** Picks the final status for a threat of this age and level and writes its history. */
function applyHistory(
  random: Random,
  threat: ThreatDetail,
  detectedMs: number,
  startMs: number,
): void {
  const remaining = startMs - 60_000 - (detectedMs + 10_000);

  // A threat seen in the last few minutes has had no time to be triaged.
  if (remaining < 10 * 60_000) {
    return;
  }

  const age = (startMs - detectedMs) / WINDOW_MS;
  const blocked = threat.automated_response.actions_taken.includes('BLOCK_IP');
  const falsePositive =
    threat.threat_level === 'LOW' ? 0.06 : threat.threat_level === 'MEDIUM' ? 0.025 : 0.008;
  const mitigated = clamp(0.08 + 0.55 * age + (blocked ? 0.1 : 0), 0, 0.75);
  const roll = random.next();
  let target: ThreatStatus = 'active';

  if (roll < falsePositive) {
    target = 'false_positive';
  } else if (roll < falsePositive + mitigated) {
    target = 'mitigated';
  } else if (roll < falsePositive + mitigated + 0.14) {
    target = 'investigating';
  }

  if (target === 'active') {
    return;
  }

  let at = detectedMs + 10_000;
  const step = (): number => {
    at += random.int(
      5 * 60_000,
      Math.max(5 * 60_000, Math.min(18 * 3_600_000, (startMs - 60_000 - at) / 2)),
    );
    return Math.min(at, startMs - 60_000);
  };
  const move = (from: ThreatStatus, to: ThreatStatus, suffix = ''): void => {
    threat.timeline.push({
      timestamp: toIso(step()),
      event: `Status changed from ${from} to ${to}${suffix}`,
      severity: threat.threat_level,
    });
    threat.status = to;
  };

  if (target === 'investigating' || random.chance(0.6)) {
    move('active', 'investigating');
  }

  if (target === 'mitigated') {
    threat.resolution = random.pick(RESOLUTIONS);
    move(threat.status, 'mitigated', `: ${threat.resolution}`);
  } else if (target === 'false_positive') {
    threat.resolution = random.pick(FALSE_POSITIVE_RESOLUTIONS);
    threat.notes = 'Closed after analyst review';
    move(threat.status, 'false_positive', `: ${threat.resolution}`);
  }

  threat.updated_at = (
    threat.timeline[threat.timeline.length - 1] as { timestamp: string }
  ).timestamp;
}

/** The reference's example threat, with its exact published values. */
function referenceThreat(random: Random, detectedMs: number): ThreatDetail {
  const threat = buildThreat(random, {
    id: 'threat_7h8i9j0k',
    ip: '192.168.1.100',
    country: { code: 'CN', name: 'China', city: 'Beijing' },
    type: 'C2_COMMUNICATION',
    score: 85,
    detectedMs,
    autoResponse: true,
    newEvidenceId: () => 'unused',
    process: { name: 'suspicious.exe', pid: 4532 },
    context: null,
  });
  const intelligence = {
    sources: ['AbuseIPDB', 'Shodan', 'GreyNoise'],
    categories: ['C2', 'Malware', 'Scanner'],
    confidence: 0.92,
    reputation_score: 12,
  } as ThreatDetail['threat_intelligence'];
  const processBehavior: ThreatDetail['process_behavior'] = {
    process_name: 'suspicious.exe',
    process_id: 4532,
    network_pattern: 'BEACONING',
    anomaly_score: 78,
    is_baseline: false,
  };
  const ml: ThreatDetail['ml_analysis'] = {
    anomaly_score: 82,
    model_confidence: 0.89,
    models_triggered: ['temporal', 'behavioral', 'geographic'],
  };
  threat.threat_intelligence = intelligence;
  threat.process_behavior = processBehavior;
  threat.ml_analysis = ml;
  threat.automated_response = {
    actions_taken: ['BLOCK_IP', 'QUARANTINE_PROCESS'],
    response_time_ms: 47,
  };
  threat.full_analysis = {
    threat_intelligence: intelligence,
    process_behavior: processBehavior,
    ml_analysis: ml,
    network_analysis: {
      ...threat.full_analysis.network_analysis,
      data_exfiltration_risk: 0.73,
      lateral_movement_detected: true,
    },
    evidence: {
      memory_dump: 'evidence_m3m0ry_dump_id',
      network_capture: 'evidence_n3tw0rk_id',
      process_tree: 'evidence_pr0c3ss_id',
    },
  };
  threat.timeline = [
    { timestamp: toIso(detectedMs), event: 'Initial detection', severity: 'HIGH' },
    { timestamp: toIso(detectedMs + 2000), event: 'ML anomaly confirmed', severity: 'CRITICAL' },
  ];
  threat.updated_at = toIso(detectedMs + 2000);
  return threat;
}

/** Newest first; equal instants by id ascending (the list's default order). */
export function compareDetectedDesc(a: ThreatDetail, b: ThreatDetail): number {
  return a.detected_at < b.detected_at
    ? 1
    : a.detected_at > b.detected_at
      ? -1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

/**
 * Generates the dataset for a seed.
 *
 * @example
 * generateDataset(42, Date.parse('2025-01-15T15:00:00Z'), 1247).threats.length; // 1247
 */
export function generateDataset(seed: number, startMs: number, count: number): Dataset {
  const random = Random.from(seed, 'dataset');
  const threats: ThreatDetail[] = [];
  const evidence: EvidenceSeed[] = [];
  const usedIds = new Set<string>(['threat_7h8i9j0k']);
  const usedEvidence = new Set<string>();
  const knownIps: { ip: string; country: CatalogCountry }[] = [];
  const windowStart = startMs - WINDOW_MS;

  const newEvidenceId = (): string => {
    let id = `evidence_${random.alnum(12)}`;

    while (usedEvidence.has(id)) {
      id = `evidence_${random.alnum(12)}`;
    }

    usedEvidence.add(id);
    return id;
  };
  const register = (threat: ThreatDetail, detectedMs: number): void => {
    const refs = threat.full_analysis.evidence;
    const types: [string | null, EvidenceType][] = [
      [refs.memory_dump, 'MEMORY_DUMP'],
      [refs.network_capture, 'NETWORK_CAPTURE'],
      [refs.process_tree, 'PROCESS_TREE'],
    ];

    for (const [id, type] of types) {
      if (id !== null) {
        evidence.push({
          id,
          type,
          threatId: threat.id,
          collectedMs: detectedMs + EVIDENCE_DELAY_MS,
        });
      }
    }
  };

  // The reference's example keeps its published instant when it falls inside the window.
  const referenceMs =
    REFERENCE_DETECTED_AT >= windowStart && REFERENCE_DETECTED_AT < startMs - 10_000
      ? REFERENCE_DETECTED_AT
      : Math.floor((startMs - 30 * 60_000) / 1000) * 1000;

  if (count > 0) {
    const reference = referenceThreat(random, referenceMs);
    threats.push(reference);
    register(reference, referenceMs);
  }

  for (let i = 1; i < count; i++) {
    let id = `threat_${random.alnum(8)}`;

    while (usedIds.has(id)) {
      id = `threat_${random.alnum(8)}`;
    }

    usedIds.add(id);
    const detectedMs =
      Math.floor((windowStart + random.next() * (WINDOW_MS - 60_000)) / 1000) * 1000;
    const repeat = knownIps.length > 20 && random.chance(0.12);
    const internal = !repeat && random.chance(0.012);
    const origin = repeat ? random.pick(knownIps) : undefined;
    const country = origin?.country ?? random.weighted(COUNTRY_WEIGHTS);
    const ip =
      origin?.ip ??
      (internal ? privateAddress(random) : addressIn(random, country, random.chance(0.15)));
    const type: ThreatType = internal ? 'LATERAL_MOVEMENT' : random.weighted(TYPE_WEIGHTS);

    if (!origin) {
      knownIps.push({ ip, country });
    }

    const score = scoreFor(random, type);
    const threat = buildThreat(random, {
      id,
      ip,
      country: { code: country.code, name: country.name, city: random.pick(country.cities) },
      type,
      score,
      detectedMs,
      autoResponse: true,
      newEvidenceId,
      context: random.chance(0.7)
        ? {
            detection_source: random.pick(DETECTION_SOURCES),
            hostname: `${random.pick(HOSTNAMES)}-${String(random.int(1, 999)).padStart(3, '0')}`,
          }
        : null,
    });

    // The builder picks the level from the score; keep the invariant visible here too.
    threat.threat_level = levelFromScore(score);
    applyHistory(random, threat, detectedMs, startMs);
    threats.push(threat);
    register(threat, detectedMs);
  }

  threats.sort(compareDetectedDesc);
  return { threats, evidence };
}
