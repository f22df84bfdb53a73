/**
 * Monitoring state, mode changes and metrics. `monitoringStatus` and `setMonitoringMode` are
 * `GET /monitoring/status` and `PUT /monitoring/mode`; metrics have no REST twin and are
 * counted from the same threat list the REST API serves.
 */

import type { MockBackend } from '../../domain/backend.js';
import { toIso } from '../../domain/clock.js';
import { parseDateTime } from '../../domain/validation.js';
import type { ThreatLevel } from '../../domain/wire.js';
import { ApiError, type ErrorDetail } from '../../http/errors.js';
import { scoped } from '../context.js';
import { renameFields } from '../errors.js';

/**
 * Connections analysed per second of clock time: the rate at which the monitoring statistics'
 * `connections_analyzed` grows (mock-server/domain/monitoring.ts), so both figures agree.
 */
const CONNECTIONS_PER_SECOND = 37;
const LEVELS: readonly ThreatLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
/** Actions by which the response engine contained a threat (as the statistics count them). */
const CONTAINING = new Set(['BLOCK_IP', 'QUARANTINE_PROCESS', 'ISOLATE_HOST']);

/** The `Metrics` object (snake_case, as the field resolvers read it) for a closed window. */
export function metricsBetween(backend: MockBackend, fromMs: number, toMs: number) {
  const { data } = backend.threats.list({ from: fromMs, to: toMs, limit: Number.MAX_SAFE_INTEGER });
  const byLevel = new Map<ThreatLevel, number>(LEVELS.map((level) => [level, 0]));
  let blocked = 0;
  let falsePositives = 0;

  for (const threat of data) {
    byLevel.set(threat.threat_level, (byLevel.get(threat.threat_level) ?? 0) + 1);
    if (threat.status === 'false_positive') {
      falsePositives++;
    } else if (
      threat.status === 'mitigated' ||
      threat.automated_response.actions_taken.some((action) => CONTAINING.has(action))
    ) {
      blocked++;
    }
  }

  // The mock keeps no load history: the window's means are the current mode's figures.
  const performance = backend.monitoring.status().performance;
  return {
    time_range: { from: toIso(fromMs), to: toIso(toMs) },
    threats_detected: data.length,
    threats_blocked: blocked,
    false_positives: falsePositives,
    connections_analyzed: Math.max(0, Math.floor((toMs - fromMs) / 1000)) * CONNECTIONS_PER_SECOND,
    cpu_usage: performance.cpu_usage,
    memory_usage_mb: performance.memory_usage_mb,
    analysis_latency_ms: performance.analysis_latency_ms,
    threats_by_level: LEVELS.map((level) => ({ level, count: byLevel.get(level) ?? 0 })),
  };
}

interface ModeArgs {
  mode: string;
  options?: {
    scanInterval?: number | null;
    mlEnabled?: boolean | null;
    autoResponse?: boolean | null;
    personalMonitoring?: boolean | null;
  } | null;
}

/** Resolvers of `Query.monitoringStatus` and `Query.systemMetrics`. @internal */
export const monitoringQueries = {
  monitoringStatus: scoped('monitoring:read', (_args: unknown, { backend }) =>
    backend.monitoring.status(),
  ),

  systemMetrics: scoped(
    'monitoring:read',
    ({ timeRange }: { timeRange: { from: string; to: string } }, { backend }) => {
      const problems: ErrorDetail[] = [];
      const from = parseDateTime(timeRange.from);
      const to = parseDateTime(timeRange.to);
      const format = 'Must be an RFC 3339 date-time such as 2025-01-15T14:30:00Z';
      if (from === undefined) problems.push({ field: 'timeRange.from', issue: format });
      if (to === undefined) problems.push({ field: 'timeRange.to', issue: format });
      if (from !== undefined && to !== undefined && from > to) {
        problems.push({ field: 'timeRange.from', issue: 'Must not be after to' });
      }

      if (problems.length > 0) throw ApiError.invalid(problems);
      return metricsBetween(backend, from as number, to as number);
    },
  ),
};

/** Resolver of `Mutation.setMonitoringMode` (`PUT /monitoring/mode`). @internal */
export const monitoringMutations = {
  setMonitoringMode: scoped('monitoring:write', ({ mode, options }: ModeArgs, { backend }) => {
    // Options left out (or null) keep their values, as in the REST body.
    const given = {
      scan_interval: options?.scanInterval,
      ml_enabled: options?.mlEnabled,
      auto_response: options?.autoResponse,
      personal_monitoring: options?.personalMonitoring,
    };
    const set = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined && value !== null),
    );
    try {
      return backend.monitoring.setMode({ mode, ...(options ? { options: set } : {}) });
    } catch (error) {
      throw renameFields(error, {
        'options.scan_interval': 'options.scanInterval',
        'options.ml_enabled': 'options.mlEnabled',
        'options.auto_response': 'options.autoResponse',
        'options.personal_monitoring': 'options.personalMonitoring',
      });
    }
  }),
};
