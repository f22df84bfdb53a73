/**
 * Network blocks: addresses, ranges and domains, with durations on the mock clock. Expiry is
 * computed when a block is read, so moving the clock is enough to expire it.
 */

import { ApiError } from '../http/errors.js';
import { toIso } from './clock.js';
import { newId, type DomainContext } from './context.js';
import {
  canonicalDomain,
  cidrContains,
  parseCidr,
  parseIp,
  type ParsedCidr,
  type ParsedIp,
} from './ip.js';
import { isRecord, isStringOf, Problems, refuseUnknown } from './validation.js';
import type { Block, BlockList, BlockResult, BlockStatus, BlockTargetType } from './wire.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_DURATION_MS = 365 * UNIT_MS.d;
const DURATION = /^[1-9][0-9]*[smhd]$/;
const TARGET_TYPES: readonly BlockTargetType[] = ['ip', 'cidr', 'domain'];
const STATUSES: readonly BlockStatus[] = ['active', 'expired', 'removed'];

/**
 * Milliseconds of a duration such as `30m`, `24h`, `7d` or `45s`, or the reason it is refused.
 *
 * @example
 * parseDuration('24h'); // 86400000
 */
export function parseDuration(value: unknown): number | string {
  if (typeof value !== 'string' || !DURATION.test(value)) {
    return 'Must be a positive whole number followed by s, m, h or d (e.g. 30m, 24h, 7d)';
  }

  const ms = Number(value.slice(0, -1)) * UNIT_MS[value.slice(-1) as keyof typeof UNIT_MS];
  return ms > MAX_DURATION_MS ? 'Must be at most 365d' : ms;
}

interface BlockRecord {
  id: string;
  type: BlockTargetType;
  value: string;
  ip?: ParsedIp;
  cidr?: ParsedCidr;
  reason: string | null;
  createdMs: number;
  expiresMs: number | null;
  autoUnblock: boolean;
  removedMs: number | null;
}

/** A checked target, ready to store. */
interface CheckedTarget {
  type: BlockTargetType;
  value: string;
  ip?: ParsedIp;
  cidr?: ParsedCidr;
}

/** What `GET /network/blocks` accepts, already parsed. */
export interface BlockQuery {
  /** Blocks in this state only. @default 'active' */
  status?: BlockStatus;
  /** Blocks of this target type only (`ip`, `cidr`, `domain`); all when absent. */
  type?: BlockTargetType;
  /** Page size. @default 20 */
  limit?: number;
  /** Items skipped. @default 0 */
  offset?: number;
}

function checkTarget(
  problems: Problems,
  target: unknown,
  index: number,
): CheckedTarget | undefined {
  const path = `targets[${index}]`;

  if (!isRecord(target)) {
    problems.add(path, 'Must be an object with type and value');
    return undefined;
  }

  refuseUnknown(problems, target, ['type', 'value'], `${path}.`);

  if (!TARGET_TYPES.includes(target.type as BlockTargetType)) {
    problems.add(`${path}.type`, `Must be one of ${TARGET_TYPES.join(', ')}`);
    return undefined;
  }

  if (typeof target.value !== 'string') {
    problems.add(`${path}.value`, 'Must be a string');
    return undefined;
  }

  if (target.type === 'ip') {
    const ip = parseIp(target.value);

    if (!ip || target.value.includes('/')) {
      problems.add(
        `${path}.value`,
        target.value.includes('/')
          ? 'A range is a cidr target, not an ip'
          : 'Invalid IP address format',
      );
      return undefined;
    }

    return { type: 'ip', value: ip.text, ip };
  }

  if (target.type === 'cidr') {
    const cidr = parseCidr(target.value, { limitBreadth: true });

    if (typeof cidr === 'string') {
      problems.add(`${path}.value`, cidr);
      return undefined;
    }

    return { type: 'cidr', value: cidr.text, cidr };
  }

  const domain = canonicalDomain(target.value);

  if (!domain) {
    problems.add(
      `${path}.value`,
      'Must be a domain name with at least two labels and a top-level domain (RFC 1123)',
    );
    return undefined;
  }

  return { type: 'domain', value: domain };
}

/** The `network` part of the backend. */
export class Network {
  #blocks: BlockRecord[] = [];
  readonly #byId = new Map<string, BlockRecord>();

  constructor(private readonly context: DomainContext) {}

  /**
   * Blocks every target, or none when any is wrong; an active block on the same target is
   * extended (same id) instead of duplicated.
   *
   * @throws ApiError INVALID_REQUEST naming each wrong field (`targets[1].value`, `duration`)
   */
  block(input: unknown): BlockResult {
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, ['targets', 'duration', 'reason', 'auto_unblock']);
    const targets: CheckedTarget[] = [];

    if (!Array.isArray(body.targets) || body.targets.length < 1 || body.targets.length > 100) {
      problems.add('targets', 'Must be an array of 1 to 100 targets');
    } else {
      body.targets.forEach((target: unknown, index: number) => {
        const checked = checkTarget(problems, target, index);

        if (checked) {
          targets.push(checked);
        }
      });
    }

    const duration = body.duration === undefined ? undefined : parseDuration(body.duration);

    if (typeof duration === 'string') {
      problems.add('duration', duration);
    }

    if (body.reason !== undefined && !isStringOf(body.reason, 0, 500)) {
      problems.add('reason', 'Must be a string of at most 500 characters');
    }

    if (body.auto_unblock !== undefined && typeof body.auto_unblock !== 'boolean') {
      problems.add('auto_unblock', 'Must be a boolean');
    }

    problems.throwIfAny('The request body is invalid');
    const now = this.context.clock.now();
    const expiresMs = typeof duration === 'number' ? now + duration : null;
    const reason = (body.reason as string | undefined) ?? null;
    const autoUnblock = (body.auto_unblock as boolean | undefined) ?? true;
    const result: BlockRecord[] = [];
    let extended = 0;

    for (const target of targets) {
      const existing = this.#blocks.find(
        (block) =>
          block.type === target.type &&
          block.value === target.value &&
          this.#status(block, now) === 'active',
      );

      if (existing) {
        // Extending keeps the later end: a permanent block stays permanent.
        existing.expiresMs =
          existing.expiresMs === null || expiresMs === null
            ? null
            : Math.max(existing.expiresMs, expiresMs);
        existing.reason = reason ?? existing.reason;
        existing.autoUnblock = body.auto_unblock === undefined ? existing.autoUnblock : autoUnblock;

        if (!result.includes(existing)) {
          extended++;
          result.push(existing);
        }

        continue;
      }

      const record: BlockRecord = {
        id: newId(this.context.random, 'block', 12, 'alnum', (id) => this.#byId.has(id)),
        ...target,
        reason,
        createdMs: now,
        expiresMs,
        autoUnblock,
        removedMs: null,
      };
      this.#blocks.push(record);
      this.#byId.set(record.id, record);
      result.push(record);
    }

    const created = result.length - extended;
    const message =
      extended > 0
        ? `Blocked ${created} new target(s); extended ${extended} existing block(s)`
        : `Blocked ${created} target(s)`;
    return { success: true, message, blocks: result.map((record) => this.#toWire(record, now)) };
  }

  /** Blocks of one status (default active), newest first. */
  list(query: BlockQuery = {}): BlockList {
    const now = this.context.clock.now();
    const status = query.status ?? 'active';
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const matching: BlockRecord[] = [];

    for (let i = this.#blocks.length - 1; i >= 0; i--) {
      const block = this.#blocks[i] as BlockRecord;

      if (
        this.#status(block, now) === status &&
        (query.type === undefined || block.type === query.type)
      ) {
        matching.push(block);
      }
    }

    const data = matching.slice(offset, offset + limit).map((record) => this.#toWire(record, now));
    return {
      data,
      pagination: {
        total: matching.length,
        limit,
        offset,
        has_more: offset + data.length < matching.length,
      },
    };
  }

  /**
   * Removes an active block.
   *
   * @throws ApiError NOT_FOUND, or CONFLICT when the block is already removed or expired
   */
  unblock(id: string): Block {
    const record = this.#byId.get(id);

    if (!record) {
      throw ApiError.notFound('block', id);
    }

    const now = this.context.clock.now();
    const status = this.#status(record, now);

    if (status !== 'active') {
      throw new ApiError('CONFLICT', `Block ${id} is ${status}, not active`);
    }

    record.removedMs = now;
    return this.#toWire(record, now);
  }

  /** Whether an active ip or cidr block covers `ip` (IPv4-mapped IPv6 matches its IPv4). */
  isBlocked(ip: string): boolean {
    const parsed = parseIp(ip);

    if (!parsed) {
      return false;
    }

    const now = this.context.clock.now();
    return this.#blocks.some(
      (block) =>
        this.#status(block, now) === 'active' &&
        ((block.ip !== undefined &&
          block.ip.version === parsed.version &&
          block.ip.value === parsed.value) ||
          (block.cidr !== undefined && cidrContains(block.cidr, parsed))),
    );
  }

  #status(block: BlockRecord, now: number): BlockStatus {
    if (block.removedMs !== null) {
      return 'removed';
    }

    return block.autoUnblock && block.expiresMs !== null && now >= block.expiresMs
      ? 'expired'
      : 'active';
  }

  #toWire(block: BlockRecord, now: number): Block {
    return {
      id: block.id,
      type: block.type,
      value: block.value,
      reason: block.reason,
      status: this.#status(block, now),
      created_at: toIso(block.createdMs),
      expires_at: block.expiresMs === null ? null : toIso(block.expiresMs),
      auto_unblock: block.autoUnblock,
      removed_at: block.removedMs === null ? null : toIso(block.removedMs),
    };
  }
}

export { STATUSES as BLOCK_STATUSES, TARGET_TYPES as BLOCK_TARGET_TYPES };
