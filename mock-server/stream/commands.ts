/**
 * The stream's commands, run on the domain: `set_mode` changes the monitoring mode,
 * `scan_now` injects the threats a deterministic scan of the target finds, and
 * `emergency_block_all` blocks the address of every active threat at or above a score.
 */

import { formatIpv4, formatIpv6, parseCidr, parseIp } from '../domain/ip.js';
import { hashSeed } from '../domain/random.js';
import { hasScope } from '../domain/scopes.js';
import type { MonitoringStatus } from '../domain/wire.js';
import { ApiError, type ErrorDetail } from '../http/errors.js';
import type { MockLogger } from '../http/log.js';
import type { StreamHub } from './hub.js';
import { COMMAND_SCOPES, isRecord } from './protocol.js';

export interface ScanNowResult {
  target: string;
  hosts_scanned: number;
  threats_found: number;
  threat_ids: string[];
}

export interface EmergencyBlockAllResult {
  blocked: number;
  block_ids: string[];
  targets: { type: 'ip'; value: string }[];
}

/** Broadest ranges `scan_now` accepts, so that one command cannot ask for millions of hosts. */
const BROADEST_PREFIX = { 4: 16, 6: 112 } as const;
/** Most threats one scan finds. */
const MAX_FINDINGS = 3;
const DEFAULT_MIN_SCORE = 80;
/** `POST /network/block` takes at most this many targets at once. */
const BLOCK_BATCH = 100;

function invalid(details: ErrorDetail[]): ApiError {
  return ApiError.invalid(details);
}

/** Field paths of a domain error, moved under `params.` as the command's wire paths. */
export function underParams(details: readonly ErrorDetail[] | undefined): ErrorDetail[] {
  return (details ?? []).map(({ field, issue }) => ({
    field: field === 'body' ? 'params' : `params.${field}`,
    issue,
  }));
}

/** `set_mode`: the monitoring status after the change, as `GET /monitoring/status`. */
export function setMode(hub: StreamHub, params: unknown): MonitoringStatus {
  const mode = isRecord(params) && typeof params.mode === 'string' ? params.mode : 'a new mode';
  try {
    return hub.withReason(`Mode changed to ${mode} by the command set_mode.`, () =>
      hub.backend.monitoring.setMode(params),
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === 'INVALID_REQUEST') {
      throw invalid(underParams(error.details));
    }

    throw error;
  }
}

/**
 * `scan_now`: scans every host of an address or range. What it finds is fixed by the seed and
 * the target: a range yields 1 to 3 threats (at most one per host), a single address one, on
 * hosts picked from the range; each is injected as a new threat, so it is stored, listed over
 * REST and announced as `threat_detected` (and its other events) like any detection.
 */
export function scanNow(hub: StreamHub, params: unknown): ScanNowResult {
  const target = isRecord(params) ? params.target : undefined;
  if (typeof target !== 'string') {
    throw invalid([{ field: 'params.target', issue: 'Required: an IP address or a CIDR range' }]);
  }

  let version: 4 | 6;
  let network: bigint;
  let hosts: bigint;
  let text: string;

  if (target.includes('/')) {
    const cidr = parseCidr(target);
    if (typeof cidr === 'string') throw invalid([{ field: 'params.target', issue: cidr }]);
    if (cidr.prefix < BROADEST_PREFIX[cidr.version]) {
      throw invalid([
        {
          field: 'params.target',
          issue: `Prefix /${cidr.prefix} is too broad: the broadest range scanned is /${BROADEST_PREFIX[cidr.version]}`,
        },
      ]);
    }

    const hostBits = (cidr.version === 4 ? 32 : 128) - cidr.prefix;
    version = cidr.version;
    text = cidr.text;
    // IPv4 ranges of /30 or wider leave out their network and broadcast addresses.
    if (version === 4 && hostBits >= 2) {
      network = cidr.network + 1n;
      hosts = (1n << BigInt(hostBits)) - 2n;
    } else {
      network = cidr.network;
      hosts = 1n << BigInt(hostBits);
    }
  } else {
    const ip = parseIp(target);
    if (!ip) {
      throw invalid([
        {
          field: 'params.target',
          issue: 'Must be an IP address or a CIDR range such as 192.168.1.0/24',
        },
      ]);
    }

    version = ip.version;
    network = ip.value;
    hosts = 1n;
    text = ip.text;
  }

  const backend = hub.backend;
  const seed = hashSeed(backend.seed, 'scan_now', text);
  const findings = hosts === 1n ? 1 : Math.min(Number(hosts), 1 + (seed % MAX_FINDINGS));
  const picked = new Set<bigint>();
  for (let i = 0; picked.size < findings; i++) {
    picked.add(BigInt(hashSeed(seed, i)) % hosts);
  }

  const threatIds = [...picked]
    .sort((a, b) => (a < b ? -1 : 1))
    .map((offset) => {
      const value = network + offset;
      const address = version === 4 ? formatIpv4(value) : formatIpv6(value);
      return backend.threats.inject({ ip_address: address }).id;
    });

  return {
    target: text,
    hosts_scanned: Number(hosts),
    threats_found: threatIds.length,
    threat_ids: threatIds,
  };
}

/**
 * `emergency_block_all`: blocks (permanently) the address of every active threat scoring at
 * least `min_score`; an address with an active block keeps it, extended, as
 * `POST /network/block` does.
 */
export function emergencyBlockAll(hub: StreamHub, params: unknown): EmergencyBlockAllResult {
  const body = params === undefined ? {} : params;
  const problems: ErrorDetail[] = [];
  if (!isRecord(body)) {
    throw invalid([{ field: 'params', issue: 'Must be an object' }]);
  }

  const { reason, min_score: minScore = DEFAULT_MIN_SCORE } = body;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
    problems.push({ field: 'params.reason', issue: 'Must be a string of at most 500 characters' });
  }

  if (
    typeof minScore !== 'number' ||
    !Number.isInteger(minScore) ||
    minScore < 0 ||
    minScore > 100
  ) {
    problems.push({ field: 'params.min_score', issue: 'Must be an integer from 0 to 100' });
  }

  if (problems.length > 0) throw invalid(problems);

  // Active threats sorted by score, highest first, read page by page until below the bar.
  const addresses = new Set<string>();
  const backend = hub.backend;
  for (let offset = 0; ; offset += 100) {
    const page = backend.threats.list({
      status: ['active'],
      sort: 'score',
      order: 'desc',
      limit: 100,
      offset,
    });
    let below = false;
    for (const threat of page.data) {
      if (threat.threat_score < (minScore as number)) {
        below = true;
        break;
      }

      addresses.add(threat.ip_address);
    }

    if (below || !page.pagination.has_more) break;
  }

  const targets = [...addresses].map((value) => ({ type: 'ip' as const, value }));
  const blockIds: string[] = [];
  for (let i = 0; i < targets.length; i += BLOCK_BATCH) {
    const result = backend.network.block({
      targets: targets.slice(i, i + BLOCK_BATCH),
      reason:
        (reason as string | undefined) ??
        'Emergency block by the stream command emergency_block_all',
    });
    blockIds.push(...result.blocks.map((block) => block.id));
  }

  return { blocked: targets.length, block_ids: blockIds, targets };
}

/** `ApiError` codes a command result may carry; anything else is reported as INTERNAL_ERROR. */
const COMMAND_ERROR_CODES: ReadonlySet<string> = new Set([
  'FORBIDDEN',
  'INVALID_REQUEST',
  'CONFLICT',
  'RATE_LIMIT_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
]);

/**
 * Runs one command for credentials with `scopes` and builds its `command_result`: `ok: true`
 * with the result, or `ok: false` with FORBIDDEN (missing scope), INVALID_REQUEST (unknown
 * action, invalid params) or the domain's refusal.
 */
export function runCommand(
  hub: StreamHub,
  scopes: readonly string[],
  id: string,
  message: Record<string, unknown>,
  log: MockLogger,
): Record<string, unknown> {
  const action = typeof message.action === 'string' ? message.action : '';
  const fail = (code: string, text: string, extra: Record<string, unknown> = {}) => ({
    type: 'command_result',
    id,
    action,
    ok: false,
    error: { code, message: text, ...extra },
  });

  const scope = COMMAND_SCOPES[action];
  if (scope === undefined) {
    return fail('INVALID_REQUEST', `Unknown command action '${action.slice(0, 64)}'`, {
      details: [
        { field: 'action', issue: `Must be one of ${Object.keys(COMMAND_SCOPES).join(', ')}` },
      ],
    });
  }

  if (!hasScope(scopes, scope)) {
    return fail('FORBIDDEN', `The command ${action} requires the scope ${scope}.`, {
      required_scope: scope,
    });
  }

  try {
    const params = message.params;
    const result =
      action === 'set_mode'
        ? setMode(hub, params)
        : action === 'scan_now'
          ? scanNow(hub, params)
          : emergencyBlockAll(hub, params);
    return { type: 'command_result', id, action, ok: true, result };
  } catch (error) {
    if (error instanceof ApiError) {
      const code = COMMAND_ERROR_CODES.has(error.code) ? error.code : 'INTERNAL_ERROR';
      return fail(code, error.message, error.details ? { details: error.details } : {});
    }

    log.error(`stream command ${action} failed:`, error);
    return fail('INTERNAL_ERROR', `The command ${action} failed`);
  }
}
