/**
 * Monitoring: the current mode, what each engine is doing in it, the options, and statistics
 * derived from the threat store and the clock.
 *
 * Engines per mode (before options):
 *
 * | mode          | threat_detection | network_monitor | process_analyzer | ml_engine | crypto_guardian | response_engine |
 * | ------------- | ---------------- | --------------- | ---------------- | --------- | --------------- | --------------- |
 * | STANDARD      | active           | active          | active           | standby   | active          | standby         |
 * | DEEP_SCAN     | active           | active          | active           | active    | active          | active          |
 * | PERSONAL      | active           | active          | standby          | standby   | standby         | standby         |
 * | ENTERPRISE    | active           | active          | active           | active    | active          | active          |
 * | ML_MODE       | active           | active          | active           | active    | active          | standby         |
 * | AUTO_RESPONSE | active           | active          | active           | active    | active          | active          |
 *
 * Options then adjust two engines: `ml_enabled: false` disables the ML engine, and
 * `auto_response: false` holds the response engine in standby. Options persist across mode
 * changes: a mode change merges the options it is given into the current ones.
 */

import { ApiError } from '../http/errors.js';
import type { DomainContext } from './context.js';
import { hashSeed } from './random.js';
import { isInteger, isRecord, Problems, refuseUnknown } from './validation.js';
import type {
  EngineState,
  MonitoringMode,
  MonitoringOptions,
  MonitoringStatus,
  ThreatDetail,
} from './wire.js';

type Engines = MonitoringStatus['engines'];

const A: EngineState = 'active';
const S: EngineState = 'standby';

const ENGINES_BY_MODE: Readonly<Record<MonitoringMode, Engines>> = {
  STANDARD: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: A,
    ml_engine: S,
    crypto_guardian: A,
    response_engine: S,
  },
  DEEP_SCAN: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: A,
    ml_engine: A,
    crypto_guardian: A,
    response_engine: A,
  },
  PERSONAL: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: S,
    ml_engine: S,
    crypto_guardian: S,
    response_engine: S,
  },
  ENTERPRISE: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: A,
    ml_engine: A,
    crypto_guardian: A,
    response_engine: A,
  },
  ML_MODE: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: A,
    ml_engine: A,
    crypto_guardian: A,
    response_engine: S,
  },
  AUTO_RESPONSE: {
    threat_detection: A,
    network_monitor: A,
    process_analyzer: A,
    ml_engine: A,
    crypto_guardian: A,
    response_engine: A,
  },
};

/** Load figures per mode: deeper modes cost more CPU and memory and answer a little slower. */
const PERFORMANCE_BY_MODE: Readonly<Record<MonitoringMode, MonitoringStatus['performance']>> = {
  STANDARD: { cpu_usage: 6.8, memory_usage_mb: 312, analysis_latency_ms: 15 },
  DEEP_SCAN: { cpu_usage: 38.6, memory_usage_mb: 1184, analysis_latency_ms: 61 },
  PERSONAL: { cpu_usage: 3.2, memory_usage_mb: 196, analysis_latency_ms: 12 },
  ENTERPRISE: { cpu_usage: 12.4, memory_usage_mb: 487, analysis_latency_ms: 23 },
  ML_MODE: { cpu_usage: 21.7, memory_usage_mb: 842, analysis_latency_ms: 34 },
  AUTO_RESPONSE: { cpu_usage: 14.1, memory_usage_mb: 512, analysis_latency_ms: 19 },
};

const MODES = Object.keys(ENGINES_BY_MODE) as MonitoringMode[];
const OPTION_NAMES = [
  'scan_interval',
  'ml_enabled',
  'auto_response',
  'personal_monitoring',
] as const;
const INITIAL_OPTIONS: MonitoringOptions = {
  scan_interval: 30,
  ml_enabled: true,
  auto_response: true,
  personal_monitoring: false,
};
/** The engines had been running for ten days when the clock starts (the reference's uptime). */
const UPTIME_BEFORE_START_S = 864_000;
/** Connections analysed per second of clock time. */
const CONNECTIONS_PER_SECOND = 37;

/** Contributions of the rest of the domain to the statistics. */
export interface MonitoringDeps {
  threats: () => Iterable<ThreatDetail>;
  threatCount: () => number;
}

/** The `monitoring` part of the backend. */
export class Monitoring {
  #mode: MonitoringMode = 'ENTERPRISE';
  #options: MonitoringOptions = { ...INITIAL_OPTIONS };
  #updatedAt: string;
  readonly #connectionsBase: number;

  constructor(
    private readonly context: DomainContext,
    private readonly deps: MonitoringDeps,
  ) {
    this.#updatedAt = context.clock.snapshot().start;
    // About 4.8 million before the start, varying a little with the seed.
    this.#connectionsBase = 4_800_000 + (hashSeed(context.seed, 'connections') % 60_000);
  }

  get mode(): MonitoringMode {
    return this.#mode;
  }

  /** Whether the response engine acts by itself on new threats. */
  autoResponseActive(): boolean {
    return this.#engines().response_engine === 'active';
  }

  status(): MonitoringStatus {
    const now = this.context.clock.now();
    const elapsed = Math.max(0, Math.floor((now - this.context.clock.start) / 1000));
    let blocked = 0;
    let falsePositives = 0;

    // A threat counts as blocked when it was mitigated or the response engine contained it.
    for (const threat of this.deps.threats()) {
      if (threat.status === 'false_positive') {
        falsePositives++;
      } else if (
        threat.status === 'mitigated' ||
        threat.automated_response.actions_taken.some(
          (action) =>
            action === 'BLOCK_IP' || action === 'QUARANTINE_PROCESS' || action === 'ISOLATE_HOST',
        )
      ) {
        blocked++;
      }
    }

    return {
      mode: this.#mode,
      engines: this.#engines(),
      statistics: {
        uptime_seconds: UPTIME_BEFORE_START_S + elapsed,
        threats_detected: this.deps.threatCount(),
        threats_blocked: blocked,
        false_positives: falsePositives,
        connections_analyzed: this.#connectionsBase + elapsed * CONNECTIONS_PER_SECOND,
      },
      performance: { ...PERFORMANCE_BY_MODE[this.#mode] },
      options: { ...this.#options },
      updated_at: this.#updatedAt,
    };
  }

  /**
   * Switches mode and merges options; emits `system_status`.
   *
   * @throws ApiError INVALID_REQUEST naming the wrong fields (`mode`, `options.scan_interval`)
   */
  setMode(input: unknown): MonitoringStatus {
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, ['mode', 'options']);

    if (!MODES.includes(body.mode as MonitoringMode)) {
      problems.add(
        'mode',
        body.mode === undefined ? 'Required' : `Must be one of ${MODES.join(', ')}`,
      );
    }

    const options = isRecord(body.options) ? body.options : {};

    if (body.options !== undefined && !isRecord(body.options)) {
      problems.add('options', 'Must be an object');
    }

    refuseUnknown(problems, options, OPTION_NAMES, 'options.');

    if (options.scan_interval !== undefined && !isInteger(options.scan_interval, 1, 3600)) {
      problems.add('options.scan_interval', 'Must be an integer from 1 to 3600 (seconds)');
    }

    for (const flag of ['ml_enabled', 'auto_response', 'personal_monitoring'] as const) {
      if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
        problems.add(`options.${flag}`, 'Must be a boolean');
      }
    }

    problems.throwIfAny('The request body is invalid');
    this.#mode = body.mode as MonitoringMode;
    this.#options = { ...this.#options, ...(options as Partial<MonitoringOptions>) };
    this.#updatedAt = this.context.clock.nowIso();
    const status = this.status();
    this.context.events.emit({
      type: 'system_status',
      timestamp: this.#updatedAt,
      status: structuredClone(status),
    });
    return status;
  }

  #engines(): Engines {
    const engines = { ...ENGINES_BY_MODE[this.#mode] };

    if (!this.#options.ml_enabled) {
      engines.ml_engine = 'disabled';
    }

    if (!this.#options.auto_response && engines.response_engine === 'active') {
      engines.response_engine = 'standby';
    }

    return engines;
  }
}

/** @internal Used by tests to assert the table above. */
export function enginesForMode(mode: MonitoringMode): Engines {
  const engines = ENGINES_BY_MODE[mode];

  if (!engines) {
    throw ApiError.invalid([{ field: 'mode', issue: 'Unknown mode' }]);
  }

  return { ...engines };
}
