/**
 * The threats: the seeded dataset plus whatever is reported or injected, with the list's
 * indexes, status transitions and the events each change causes.
 */

import { ApiError } from '../http/errors.js';
import { toIso } from './clock.js';
import { newId, type DomainContext } from './context.js';
import type { Dataset } from './dataset.js';
import type { EvidenceStore } from './evidence-store.js';
import { canonicalIp } from './ip.js';
import { runQuery, ThreatOrders, type ThreatQuery } from './threat-query.js';
import { announceThreat } from './threat-events.js';
import { ThreatRecord } from './threat-record.js';
import { buildThreat, type ThreatFacts } from './threat-factory.js';
import { checkReport, countryForIp, scoreReport } from './threat-intake.js';
import { checkInjection, type InjectThreatInput } from './threat-injection.js';
import { isRecord, isStringOf, Problems, refuseUnknown } from './validation.js';
import type {
  EvidenceType,
  Threat,
  ThreatCategory,
  ThreatCheck,
  ThreatDetail,
  ThreatList,
  ThreatStatus,
  UpdateThreatRequest,
} from './wire.js';

/** Allowed PATCH moves; anything else (including the same status) is a 409. */
const TRANSITIONS: Readonly<Record<ThreatStatus, readonly ThreatStatus[]>> = {
  active: ['investigating', 'mitigated', 'false_positive'],
  investigating: ['active', 'mitigated', 'false_positive'],
  mitigated: ['active'],
  false_positive: ['active'],
};
const STATUSES = Object.keys(TRANSITIONS) as ThreatStatus[];

/** Hooks into the rest of the domain that threats depend on. */
export interface ThreatStoreDeps {
  evidence: () => EvidenceStore;
  /** Whether the response engine may act automatically in the current mode. */
  autoResponse: () => boolean;
  isBlocked: (ip: string) => boolean;
}

/** The `threats` part of the backend. */
export class ThreatStore {
  #records: ThreatRecord[] = [];
  readonly #byId = new Map<string, ThreatRecord>();
  readonly #byIp = new Map<string, ThreatRecord[]>();
  /**
   * The latest threat of each IP (the smaller id among those detected in the same second), kept
   * as threats are added: a report reads it, and an IP reported over and over would otherwise
   * cost a walk over all its threats.
   */
  readonly #latestByIp = new Map<string, ThreatRecord>();
  readonly #orders = new ThreatOrders(() => this.#records);

  constructor(
    private readonly context: DomainContext,
    private readonly deps: ThreatStoreDeps,
  ) {}

  /** Replaces every threat with a dataset's. */
  load(dataset: Dataset): void {
    this.#records = [];
    this.#byId.clear();
    this.#byIp.clear();
    this.#latestByIp.clear();
    this.#orders.invalidate();

    for (const detail of dataset.threats) {
      this.#index(new ThreatRecord(detail));
    }
  }

  count(): number {
    return this.#records.length;
  }

  /** The stored detail, not a copy: for the domain's own reads (evidence content). */
  peek(id: string): ThreatDetail | undefined {
    return this.#byId.get(id)?.detail;
  }

  list(query: ThreatQuery): ThreatList {
    return runQuery(this.#orders, query);
  }

  /** @throws ApiError NOT_FOUND */
  get(id: string): ThreatDetail {
    return structuredClone(this.#require(id).detail);
  }

  /** Creates a threat from a report; 201 body. */
  report(body: unknown): ThreatDetail {
    const report = checkReport(body);
    const existing = this.#byIp.get(report.ip) ?? [];
    const knownBad =
      existing.some((record) => record.status !== 'false_positive') ||
      this.deps.isBlocked(report.ip);
    const latest = this.#latestByIp.get(report.ip);
    const sources = new Set(latest ? latest.detail.threat_intelligence.sources : []);
    sources.add('CyberFortress Sensor Network');
    return this.#create({
      ip: report.ip,
      country: latest ? { ...latest.detail.country } : countryForIp(this.context.seed, report.ip),
      type: report.type,
      score: scoreReport(report, knownBad),
      confidence: report.confidence,
      sources: [...sources],
      process: report.process,
      connection: report.connection,
      context: report.context,
      firstEvent: 'Reported via API',
    });
  }

  /** Creates a threat from the control API's partial description. */
  inject(partial: InjectThreatInput | Record<string, unknown>): ThreatDetail {
    const facts = checkInjection(this.context, partial);
    const detail = this.#create(facts.facts, facts.status);
    return detail;
  }

  /**
   * Changes status, resolution or notes and appends one timeline entry.
   *
   * @throws ApiError NOT_FOUND, INVALID_REQUEST, or CONFLICT for a move the rules forbid
   */
  update(id: string, input: UpdateThreatRequest | unknown): ThreatDetail {
    const record = this.#require(id);
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, ['status', 'resolution', 'notes']);

    if (body.status !== undefined && !STATUSES.includes(body.status as ThreatStatus)) {
      problems.add('status', `Must be one of ${STATUSES.join(', ')}`);
    }

    if (body.resolution !== undefined && !isStringOf(body.resolution, 0, 1000)) {
      problems.add('resolution', 'Must be a string of at most 1000 characters');
    }

    if (body.notes !== undefined && !isStringOf(body.notes, 0, 5000)) {
      problems.add('notes', 'Must be a string of at most 5000 characters');
    }

    if (
      problems.empty &&
      body.status === undefined &&
      body.resolution === undefined &&
      body.notes === undefined
    ) {
      problems.add('body', 'At least one of status, resolution or notes is required');
    }

    problems.throwIfAny('The request body is invalid');
    const { status, resolution, notes } = body as UpdateThreatRequest;
    const detail = record.detail;
    const previous = detail.status;

    if (status !== undefined && !TRANSITIONS[previous].includes(status)) {
      throw new ApiError(
        'CONFLICT',
        `Cannot change the status of ${id} from ${previous} to ${status}`,
        {
          details: [
            {
              field: 'status',
              issue: `Allowed from ${previous}: ${TRANSITIONS[previous].join(', ')}`,
            },
          ],
        },
      );
    }

    const now = this.context.clock.nowIso();
    let event: string;

    if (status !== undefined) {
      event = `Status changed from ${previous} to ${status}${resolution ? `: ${resolution}` : ''}`;
    } else if (resolution !== undefined) {
      event = `Resolution recorded: ${resolution}`;
    } else {
      event = 'Notes updated';
    }

    detail.status = status ?? previous;
    detail.resolution = resolution ?? detail.resolution;
    detail.notes = notes ?? detail.notes;
    detail.updated_at = now;
    detail.timeline.push({ timestamp: now, event, severity: detail.threat_level });
    record.touch();

    if (status !== undefined) {
      const threat = structuredClone(record.summary()) as Threat;
      this.context.events.emit({
        type: 'threat_status_changed',
        timestamp: now,
        threat,
        previous_status: previous,
      });

      if (status === 'mitigated') {
        this.context.events.emit({
          type: 'threat_mitigated',
          timestamp: now,
          threat,
          resolution: detail.resolution,
        });
      }
    }

    return structuredClone(detail);
  }

  /** Appends an entry to a threat's timeline (a quarantine done for it, for instance). */
  note(id: string, event: string): void {
    const record = this.#require(id);
    const now = this.context.clock.nowIso();
    record.detail.timeline.push({ timestamp: now, event, severity: record.detail.threat_level });
    record.detail.updated_at = now;
    record.touch();
  }

  /** Every stored threat, for statistics. */
  *details(): IterableIterator<ThreatDetail> {
    for (const record of this.#records) {
      yield record.detail;
    }
  }

  /**
   * Everything known about one address.
   *
   * @throws ApiError INVALID_REQUEST (field `ip`) for a malformed address
   */
  check(ip: string): ThreatCheck {
    const canonical = canonicalIp(ip);

    if (canonical === undefined) {
      throw ApiError.invalid([{ field: 'ip', issue: 'Invalid IP address format' }]);
    }

    const records = this.#byIp.get(canonical) ?? [];
    const latest = this.#latestByIp.get(canonical);
    let top: ThreatRecord | undefined;
    const categories = new Set<ThreatCategory>();

    for (const record of records) {
      top = !top || record.score > top.score ? record : top;
      for (const category of record.detail.threat_intelligence.categories) {
        categories.add(category);
      }
    }

    return {
      ip: canonical,
      is_threat: records.some((record) => record.status !== 'false_positive'),
      threat_score: top?.score ?? 0,
      threat_level: top?.detail.threat_level ?? null,
      threat_count: records.length,
      latest_threat_id: latest?.id ?? null,
      last_seen: latest?.detail.detected_at ?? null,
      categories: [...categories],
      blocked: this.deps.isBlocked(canonical),
      country: latest ? { ...latest.detail.country } : null,
    };
  }

  #require(id: string): ThreatRecord {
    const record = this.#byId.get(id);

    if (!record) {
      throw ApiError.notFound('threat', id);
    }

    return record;
  }

  #index(record: ThreatRecord): void {
    this.#records.push(record);
    this.#byId.set(record.id, record);
    const sameIp = this.#byIp.get(record.ip);

    if (sameIp) {
      sameIp.push(record);
    } else {
      this.#byIp.set(record.ip, [record]);
    }

    const latest = this.#latestByIp.get(record.ip);
    if (
      !latest ||
      record.detectedMs > latest.detectedMs ||
      (record.detectedMs === latest.detectedMs && record.id < latest.id)
    ) {
      this.#latestByIp.set(record.ip, record);
    }
  }

  /** Builds, stores and announces a new threat detected now. */
  #create(
    facts: Omit<ThreatFacts, 'id' | 'detectedMs' | 'autoResponse' | 'newEvidenceId'>,
    status: ThreatStatus = 'active',
  ): ThreatDetail {
    const { clock, random } = this.context;
    const evidence = this.deps.evidence();
    const nowMs = Math.floor(clock.now() / 1000) * 1000;
    const autoResponse = this.deps.autoResponse();
    const detail = buildThreat(random, {
      ...facts,
      id: newId(random, 'threat', 8, 'alnum', (id) => this.#byId.has(id)),
      detectedMs: nowMs,
      immediate: true,
      autoResponse,
      newEvidenceId: () => newId(random, 'evidence', 12, 'alnum', (id) => evidence.has(id)),
    });

    if (status !== 'active') {
      detail.status = status;
      detail.timeline.push({
        timestamp: toIso(nowMs),
        event: `Status changed from active to ${status}`,
        severity: detail.threat_level,
      });
    }

    const record = new ThreatRecord(detail);
    const refs = detail.full_analysis.evidence;
    const collected: [string | null, EvidenceType][] = [
      [refs.memory_dump, 'MEMORY_DUMP'],
      [refs.network_capture, 'NETWORK_CAPTURE'],
      [refs.process_tree, 'PROCESS_TREE'],
    ];

    for (const [id, type] of collected) {
      if (id !== null) {
        evidence.add(id, type, detail.id, nowMs);
      }
    }

    this.#index(record);
    this.#orders.invalidate();
    announceThreat(this.context, record, collected, this.deps.autoResponse(), (id) =>
      this.deps.evidence().summary(id),
    );
    return structuredClone(detail);
  }
}
