/**
 * Process quarantine: the action's outcome, and on request a memory dump stored as evidence
 * with real bytes (naming the process in its header) and a true hash.
 */

import { newId, type DomainContext } from './context.js';
import { memoryDump } from './evidence-content.js';
import type { EvidenceStore } from './evidence-store.js';
import { isInteger, isRecord, isStringOf, Problems, refuseUnknown } from './validation.js';
import type { QuarantineAction, QuarantineResult } from './wire.js';

const STATUS_BY_ACTION: Readonly<Record<QuarantineAction, QuarantineResult['status']>> = {
  TERMINATE: 'TERMINATED',
  QUARANTINE: 'QUARANTINED',
  TERMINATE_AND_QUARANTINE: 'TERMINATED_AND_QUARANTINED',
  SUSPEND: 'SUSPENDED',
};
const ACTIONS = Object.keys(STATUS_BY_ACTION) as QuarantineAction[];

export interface ProcessesDeps {
  evidence: EvidenceStore;
  threatExists: (id: string) => boolean;
  /** Records the quarantine on the threat's timeline. */
  noteOnThreat: (id: string, event: string) => void;
}

/** The `processes` part of the backend. */
export class Processes {
  readonly #done = new Set<string>();

  constructor(
    private readonly context: DomainContext,
    private readonly deps: ProcessesDeps,
  ) {}

  /**
   * Quarantines a process.
   *
   * @throws ApiError INVALID_REQUEST naming each wrong field; `threat_id` must name a threat
   */
  quarantine(input: unknown): QuarantineResult {
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, [
      'process_id',
      'process_name',
      'action',
      'collect_memory_dump',
      'threat_id',
      'hostname',
    ]);

    if (!isInteger(body.process_id, 1)) {
      problems.add('process_id', 'Must be an integer >= 1');
    }

    if (!isStringOf(body.process_name, 1, 255)) {
      problems.add('process_name', 'Must be a string of 1 to 255 characters');
    }

    if (!ACTIONS.includes(body.action as QuarantineAction)) {
      problems.add('action', `Must be one of ${ACTIONS.join(', ')}`);
    }

    if (body.collect_memory_dump !== undefined && typeof body.collect_memory_dump !== 'boolean') {
      problems.add('collect_memory_dump', 'Must be a boolean');
    }

    if (body.hostname !== undefined && !isStringOf(body.hostname, 1, 255)) {
      problems.add('hostname', 'Must be a string of 1 to 255 characters');
    }

    if (
      body.threat_id !== undefined &&
      (typeof body.threat_id !== 'string' || !this.deps.threatExists(body.threat_id))
    ) {
      problems.add('threat_id', 'No threat with this id');
    }

    problems.throwIfAny('The request body is invalid');
    const { clock, random, events } = this.context;
    const now = clock.now();
    const nowIso = clock.nowIso();
    const processId = body.process_id as number;
    const processName = body.process_name as string;
    const action = body.action as QuarantineAction;
    const threatId = (body.threat_id as string | undefined) ?? null;
    let evidenceId: string | null = null;

    if (body.collect_memory_dump === true) {
      evidenceId = newId(random, 'evidence', 12, 'alnum', (id) => this.deps.evidence.has(id));
      const bytes = memoryDump(random, {
        processName,
        pid: processId,
        threatId,
        collectedAt: nowIso,
        ...(typeof body.hostname === 'string' ? { hostname: body.hostname } : {}),
      });
      const summary = this.deps.evidence.addWithBytes(
        evidenceId,
        'MEMORY_DUMP',
        threatId,
        Math.floor(now / 1000) * 1000,
        bytes,
      );
      events.emit({ type: 'evidence_collected', timestamp: nowIso, evidence: summary });
    }

    const quarantineId = newId(random, 'quar', 12, 'alnum', (id) => this.#done.has(id));
    this.#done.add(quarantineId);
    const status = STATUS_BY_ACTION[action];

    if (threatId !== null) {
      this.deps.noteOnThreat(
        threatId,
        `Process ${processName} (pid ${processId}) ${status.toLowerCase().replaceAll('_', ' ')}${evidenceId ? '; memory dump collected' : ''}`,
      );
    }

    return {
      success: true,
      quarantine_id: quarantineId,
      process_id: processId,
      process_name: processName,
      action,
      status,
      threat_id: threatId,
      evidence_id: evidenceId,
      quarantined_at: nowIso,
      message: `Process ${processName} (pid ${processId}) ${status.toLowerCase().replaceAll('_', ' ')}${evidenceId ? ', memory dump collected' : ''}`,
    };
  }
}
