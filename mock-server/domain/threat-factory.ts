/**
 * Builds one self-consistent threat from a few facts (address, country, type, score, time),
 * drawing the rest from the type's profile: the same code makes the seeded dataset, injected
 * threats and reported ones, so all three look alike.
 */

import { THREAT_PROFILES, THREAT_SOURCES } from './data/threat-catalog.js';
import { clamp, LEVEL_RANK, levelFromScore } from './levels.js';
import type { Random } from './random.js';
import { toIso } from './clock.js';
import type {
  AutomatedResponse,
  Country,
  EvidenceRefs,
  MlAnalysis,
  MlModel,
  NetworkConnection,
  ProcessBehavior,
  ResponseAction,
  ThreatContext,
  ThreatDetail,
  ThreatLevel,
  ThreatSource,
  ThreatType,
  TimelineEntry,
} from './wire.js';

const ALL_MODELS: readonly MlModel[] = [
  'temporal',
  'behavioral',
  'geographic',
  'volumetric',
  'sequence',
];
const ACTION_ORDER: readonly ResponseAction[] = [
  'BLOCK_IP',
  'QUARANTINE_PROCESS',
  'ALERT_SOC',
  'RATE_LIMIT',
  'ISOLATE_HOST',
  'COLLECT_EVIDENCE',
];
const LEVELS: readonly ThreatLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Evidence collection delay after detection; the reference's example dump is 5 s after it. */
export const EVIDENCE_DELAY_MS = 5_000;

/** The facts a threat is built from; everything else is drawn from `random`. */
export interface ThreatFacts {
  id: string;
  ip: string;
  country: Country;
  type: ThreatType;
  score: number;
  detectedMs: number;
  /** Whether the response engine may act (monitoring's auto_response option). */
  autoResponse: boolean;
  newEvidenceId: () => string;
  /** Overrides for reported threats. */
  confidence?: number;
  sources?: ThreatSource[];
  /** `null` for no process; absent to let the profile decide. */
  process?: { name: string; pid?: number } | null;
  connection?: { port?: number; bytesSent?: number; duration?: number };
  context?: ThreatContext | null;
  /** First timeline event; default `Initial detection`. */
  firstEvent?: string;
  /**
   * Put every timeline entry at the detection instant: for threats created "now", whose
   * follow-up steps must not sit in the clock's future.
   */
  immediate?: boolean;
}

function isWindowsProcess(name: string): boolean {
  return name.toLowerCase().endsWith('.exe');
}

function buildProcess(random: Random, facts: ThreatFacts): ProcessBehavior | null {
  const profile = THREAT_PROFILES[facts.type];
  const present =
    facts.process !== undefined
      ? facts.process !== null
      : random.chance(profile.hostBased ? 0.9 : 0.25);

  if (!present) {
    return null;
  }

  const name = facts.process?.name ?? random.pick(profile.processes);
  // Windows pids are multiples of four; Unix pids are not.
  const pid =
    facts.process?.pid ??
    (isWindowsProcess(name) ? random.int(100, 4000) * 4 : random.int(300, 65_000));
  const tunnels =
    (facts.type === 'C2_COMMUNICATION' || facts.type === 'DATA_EXFILTRATION') && random.chance(0.1);
  return {
    process_name: name,
    process_id: pid,
    network_pattern: tunnels ? 'DNS_TUNNELING' : profile.pattern,
    anomaly_score: clamp(facts.score + random.int(-12, 6), 0, 100),
    is_baseline: facts.score < 30 && random.chance(0.3),
  };
}

function buildMl(random: Random, facts: ThreatFacts): MlAnalysis {
  const profile = THREAT_PROFILES[facts.type];
  const wanted =
    facts.score >= 80
      ? random.int(3, 4)
      : facts.score >= 60
        ? random.int(2, 3)
        : facts.score >= 20
          ? random.int(1, 2)
          : random.int(0, 1);
  // The type's own models come first; others only fill up when many models fired.
  const pool = [
    ...profile.models,
    ...ALL_MODELS.filter((model) => !profile.models.includes(model)),
  ];
  const chosen = new Set(pool.slice(0, wanted));
  return {
    anomaly_score: clamp(facts.score + random.int(-8, 8), 0, 100),
    model_confidence: random.float(0.6, 0.98),
    models_triggered: ALL_MODELS.filter((model) => chosen.has(model)),
  };
}

function buildResponse(random: Random, facts: ThreatFacts, hasProcess: boolean): AutomatedResponse {
  const level = levelFromScore(facts.score);
  const actions = new Set<ResponseAction>();

  if (!facts.autoResponse) {
    // With automatic response off, the engine only raises alerts.
    if (LEVEL_RANK[level] >= LEVEL_RANK.HIGH) {
      actions.add('ALERT_SOC');
    }
  } else if (level === 'CRITICAL') {
    actions.add('BLOCK_IP');

    if (hasProcess) {
      actions.add('QUARANTINE_PROCESS');
    }

    if (facts.type === 'RANSOMWARE' || facts.type === 'LATERAL_MOVEMENT') {
      actions.add('ISOLATE_HOST');
    }

    if (random.chance(0.7)) {
      actions.add('ALERT_SOC');
    }

    if (random.chance(0.5)) {
      actions.add('COLLECT_EVIDENCE');
    }
  } else if (level === 'HIGH') {
    actions.add(random.chance(0.7) ? 'BLOCK_IP' : 'RATE_LIMIT');

    if (hasProcess && random.chance(0.4)) {
      actions.add('QUARANTINE_PROCESS');
    }

    if (random.chance(0.6)) {
      actions.add('ALERT_SOC');
    }
  } else if (level === 'MEDIUM') {
    if (random.chance(0.4)) {
      actions.add('RATE_LIMIT');
    }

    if (random.chance(0.3)) {
      actions.add('ALERT_SOC');
    }
  } else if (random.chance(0.1)) {
    actions.add('RATE_LIMIT');
  }

  const actionsTaken = ACTION_ORDER.filter((action) => actions.has(action));
  return {
    actions_taken: actionsTaken,
    response_time_ms: actionsTaken.length > 0 ? random.int(8, 120) : 0,
  };
}

function buildConnections(random: Random, facts: ThreatFacts): NetworkConnection[] {
  const profile = THREAT_PROFILES[facts.type];
  const noisy = facts.type === 'PORT_SCAN' || facts.type === 'BRUTE_FORCE' || facts.type === 'DDOS';
  const count = facts.connection ? 1 : noisy ? random.int(2, 5) : random.int(1, 3);
  const connections: NetworkConnection[] = [];

  for (let i = 0; i < count; i++) {
    const servicePort =
      (i === 0 ? facts.connection?.port : undefined) ?? random.pick(profile.ports);
    const ephemeral = random.int(49_152, 65_535);
    const outbound = profile.direction === 'OUTBOUND';
    const duration =
      (i === 0 ? facts.connection?.duration : undefined) ?? durationFor(random, facts.type);
    const bytesSent =
      (i === 0 ? facts.connection?.bytesSent : undefined) ?? bytesFor(random, facts.type);
    connections.push({
      remote_ip: facts.ip,
      remote_port: outbound ? servicePort : ephemeral,
      local_port: outbound ? ephemeral : servicePort,
      protocol: profile.protocol,
      direction: profile.direction,
      bytes_sent: bytesSent,
      bytes_received: random.int(64, 200_000),
      started_at: toIso(facts.detectedMs - duration * 1000 - random.int(0, 120) * 1000),
      duration_seconds: duration,
    });
  }

  return connections;
}

function durationFor(random: Random, type: ThreatType): number {
  switch (type) {
    case 'C2_COMMUNICATION':
    case 'CRYPTO_MINING':
      return random.int(600, 7200);
    case 'DATA_EXFILTRATION':
      return random.int(120, 3600);
    case 'PORT_SCAN':
    case 'DDOS':
      return random.int(0, 5);
    default:
      return random.int(1, 900);
  }
}

function bytesFor(random: Random, type: ThreatType): number {
  switch (type) {
    case 'DATA_EXFILTRATION':
      return random.int(5_000_000, 2_000_000_000);
    case 'C2_COMMUNICATION':
      return random.int(2_000, 500_000);
    case 'DDOS':
      return random.int(1_000_000, 80_000_000);
    case 'PORT_SCAN':
      return random.int(40, 600);
    default:
      return random.int(200, 250_000);
  }
}

function exfiltrationRisk(
  random: Random,
  type: ThreatType,
  connections: readonly NetworkConnection[],
): number {
  const sent = connections.reduce((total, connection) => total + connection.bytes_sent, 0);
  const base =
    type === 'DATA_EXFILTRATION'
      ? random.float(0.6, 0.95)
      : type === 'C2_COMMUNICATION' || type === 'RANSOMWARE'
        ? random.float(0.3, 0.8)
        : random.float(0, 0.25);
  // Large uploads raise the risk whatever the type.
  const volume = sent > 100_000_000 ? 0.2 : sent > 1_000_000 ? 0.1 : 0;
  return Math.round(clamp(base + volume, 0, 0.99) * 100) / 100;
}

/**
 * Builds a threat's detail. Its timeline holds the detection, the ML confirmation, the
 * automated response and evidence collection; status history is added by the caller.
 */
export function buildThreat(random: Random, facts: ThreatFacts): ThreatDetail {
  const profile = THREAT_PROFILES[facts.type];
  const level = levelFromScore(facts.score);
  const processBehavior = buildProcess(random, facts);
  const ml = buildMl(random, facts);
  const response = buildResponse(random, facts, processBehavior !== null);
  const connections = buildConnections(random, facts);

  const categories = new Set(profile.categories);

  for (const extra of profile.extraCategories) {
    if (random.chance(0.3)) {
      categories.add(extra);
    }
  }

  const sources = facts.sources ?? random.sample(THREAT_SOURCES, random.int(1, 4));
  const intelligence = {
    sources,
    categories: [...categories],
    confidence:
      facts.confidence ??
      clamp(
        Math.round((0.45 + facts.score / 200 + random.float(-0.08, 0.08)) * 100) / 100,
        0.3,
        0.99,
      ),
    reputation_score: clamp(100 - facts.score + random.int(-10, 10), 0, 100),
  };

  const actions = response.actions_taken;
  const collect = actions.includes('COLLECT_EVIDENCE') || actions.includes('QUARANTINE_PROCESS');
  const evidence: EvidenceRefs = {
    memory_dump:
      processBehavior && (collect || LEVEL_RANK[level] >= LEVEL_RANK.HIGH)
        ? facts.newEvidenceId()
        : null,
    network_capture:
      LEVEL_RANK[level] >= LEVEL_RANK.MEDIUM || collect || random.chance(0.5)
        ? facts.newEvidenceId()
        : null,
    process_tree: processBehavior ? facts.newEvidenceId() : null,
  };

  const mlConfirmed = ml.anomaly_score >= 70;
  const after = (ms: number): string => toIso(facts.detectedMs + (facts.immediate ? 0 : ms));
  const timeline: TimelineEntry[] = [
    {
      timestamp: toIso(facts.detectedMs),
      event: facts.firstEvent ?? 'Initial detection',
      // For a detection of our own, the ML confirmation is what raises it to its final level,
      // as in the reference's example; a reported threat is scored in full up front.
      severity:
        mlConfirmed && facts.firstEvent === undefined
          ? (LEVELS[Math.max(0, LEVEL_RANK[level] - 1)] as ThreatLevel)
          : level,
    },
  ];

  if (mlConfirmed) {
    timeline.push({
      timestamp: after(random.int(1, 4) * 1000),
      event: 'ML anomaly confirmed',
      severity: level,
    });
  }

  if (actions.length > 0) {
    timeline.push({
      timestamp: after(4000),
      event: `Automated response: ${actions.join(', ')}`,
      severity: level,
    });
  }

  const collected = Object.entries(evidence)
    .filter(([, id]) => id !== null)
    .map(([kind]) => kind.replace('_', ' '));

  if (collected.length > 0) {
    timeline.push({
      timestamp: after(EVIDENCE_DELAY_MS),
      event: `Evidence collected: ${collected.join(', ')}`,
      severity: level,
    });
  }

  const detectedAt = toIso(facts.detectedMs);
  return {
    id: facts.id,
    ip_address: facts.ip,
    threat_score: facts.score,
    threat_level: level,
    threat_type: facts.type,
    status: 'active',
    detected_at: detectedAt,
    updated_at: (timeline[timeline.length - 1] as TimelineEntry).timestamp,
    country: facts.country,
    threat_intelligence: intelligence,
    process_behavior: processBehavior,
    ml_analysis: ml,
    automated_response: response,
    full_analysis: {
      threat_intelligence: intelligence,
      process_behavior: processBehavior,
      ml_analysis: ml,
      network_analysis: {
        connections,
        data_exfiltration_risk: exfiltrationRisk(random, facts.type, connections),
        lateral_movement_detected:
          facts.type === 'LATERAL_MOVEMENT' ||
          (facts.type === 'RANSOMWARE' && random.chance(0.6)) ||
          (facts.type === 'C2_COMMUNICATION' && random.chance(0.25)),
      },
      evidence,
    },
    timeline,
    resolution: null,
    notes: null,
    context: facts.context === undefined ? null : facts.context,
  };
}
