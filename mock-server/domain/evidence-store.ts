/**
 * Evidence items and their chain of custody. Metadata is known from the start; bytes are made
 * on first need, so that the hash and size a client reads are those of the bytes it downloads,
 * without generating thousands of files at startup. Made bytes are kept in a small cache and made
 * again (identically: they come from the seed and the id) when evicted, so a long run of reports
 * does not hold every file it ever described in memory.
 */

import { createHash } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { toIso, type Clock } from './clock.js';
import { memoryDump, networkCapture, processTree } from './evidence-content.js';
import { Random } from './random.js';
import type { CustodyEntry, Evidence, EvidenceType, ThreatDetail } from './wire.js';

/** The system named on a seeded item's collection entry, as in the reference's example. */
const AGENT = 'CyberFortress Agent v4.0';
/** The system named on entries made through the API. */
const API_SYSTEM = 'CyberFortress API';
const DOWNLOAD_TTL_MS = 3_600_000;
/** How many made files stay in memory; the rest keep only their hash and size. */
const BYTES_CACHE_SIZE = 64;

interface EvidenceRecord {
  id: string;
  type: EvidenceType;
  threatId: string | null;
  collectedMs: number;
  collector: string;
  /** Entries after the collection entry, which is made with the bytes. */
  custody: CustodyEntry[];
  bytes?: Uint8Array;
  hash?: string;
  size?: number;
}

/** What the evidence_collected event and the quarantine result need. */
export interface EvidenceSummary {
  id: string;
  type: EvidenceType;
  threat_id: string | null;
  hash: string;
  size_bytes: number;
  collected_at: string;
}

/** Evidence by id. */
export class EvidenceStore {
  readonly #records = new Map<string, EvidenceRecord>();
  /** Records whose made bytes are in memory, oldest first. */
  readonly #cached = new Set<EvidenceRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly threatById: (id: string) => ThreatDetail | undefined,
  ) {}

  has(id: string): boolean {
    return this.#records.has(id);
  }

  get size(): number {
    return this.#records.size;
  }

  /** Registers an item whose bytes are made lazily from its threat. */
  add(id: string, type: EvidenceType, threatId: string | null, collectedMs: number): void {
    this.#records.set(id, { id, type, threatId, collectedMs, collector: AGENT, custody: [] });
  }

  /** Registers an item whose bytes are already known (a dump taken through the API). */
  addWithBytes(
    id: string,
    type: EvidenceType,
    threatId: string | null,
    collectedMs: number,
    bytes: Uint8Array,
  ): EvidenceSummary {
    const record: EvidenceRecord = {
      id,
      type,
      threatId,
      collectedMs,
      collector: API_SYSTEM,
      custody: [],
      bytes,
      hash: sha256(bytes),
      // Given from outside, these bytes cannot be made again: they stay, outside the cache.
      size: bytes.byteLength,
    };
    this.#records.set(id, record);
    return this.#summary(record);
  }

  summary(id: string): EvidenceSummary {
    return this.#summary(this.#require(id));
  }

  /**
   * Reads the metadata, appending an `Accessed` entry for `actor`.
   *
   * @throws ApiError NOT_FOUND for an unknown id
   */
  get(id: string, origin: string, actor: string): Evidence {
    const record = this.#require(id);
    const now = this.clock.now();
    this.#describe(record);
    record.custody.push({
      timestamp: toIso(now),
      action: 'Accessed',
      system: API_SYSTEM,
      actor,
      hash: record.hash as string,
    });
    return {
      id: record.id,
      type: record.type,
      threat_id: record.threatId,
      collected_at: toIso(record.collectedMs),
      hash: record.hash as string,
      size_bytes: record.size as number,
      content_type: contentType(record.type),
      chain_of_custody: this.#custody(record),
      download_url: `${origin}/v1/evidence/${encodeURIComponent(record.id)}/content`,
      expires_at: toIso(now + DOWNLOAD_TTL_MS),
    };
  }

  /**
   * Returns the bytes, appending a `Downloaded` entry for `actor`.
   *
   * @throws ApiError NOT_FOUND for an unknown id
   */
  download(
    id: string,
    actor: string,
  ): { bytes: Uint8Array<ArrayBuffer>; sha256: string; contentType: string } {
    const record = this.#require(id);
    const bytes = this.#materialize(record);
    record.custody.push({
      timestamp: this.clock.nowIso(),
      action: 'Downloaded',
      system: API_SYSTEM,
      actor,
      hash: record.hash as string,
    });
    // A copy, so that a caller writing into the buffer cannot change what the hash describes.
    return {
      bytes: new Uint8Array(bytes),
      sha256: (record.hash as string).slice('sha256:'.length),
      contentType: 'application/octet-stream',
    };
  }

  #require(id: string): EvidenceRecord {
    const record = this.#records.get(id);

    if (!record) {
      throw ApiError.notFound('evidence', id);
    }

    return record;
  }

  #custody(record: EvidenceRecord): CustodyEntry[] {
    const collected: CustodyEntry = {
      timestamp: toIso(record.collectedMs),
      action: 'Collected',
      system: record.collector,
      actor: null,
      hash: record.hash as string,
    };
    return [collected, ...record.custody.map((entry) => ({ ...entry }))];
  }

  #summary(record: EvidenceRecord): EvidenceSummary {
    this.#describe(record);
    return {
      id: record.id,
      type: record.type,
      threat_id: record.threatId,
      hash: record.hash as string,
      size_bytes: record.size as number,
      collected_at: toIso(record.collectedMs),
    };
  }

  /** Makes sure the record knows its hash and size (making its bytes once if needed). */
  #describe(record: EvidenceRecord): void {
    if (record.hash === undefined) this.#materialize(record);
  }

  /** The record's bytes: from memory, or made (again) from the seed and the id. */
  #materialize(record: EvidenceRecord): Uint8Array {
    if (record.bytes) {
      return record.bytes;
    }

    const random = Random.from(this.seed, 'evidence', record.id);
    const threat = record.threatId ? this.threatById(record.threatId) : undefined;
    const collectedAt = toIso(record.collectedMs);

    if (record.type === 'MEMORY_DUMP') {
      record.bytes = memoryDump(random, {
        processName: threat?.process_behavior?.process_name ?? 'unknown',
        pid: threat?.process_behavior?.process_id ?? 0,
        threatId: record.threatId,
        collectedAt,
        ...(threat?.context?.hostname ? { hostname: threat.context.hostname } : {}),
      });
    } else if (record.type === 'NETWORK_CAPTURE') {
      record.bytes = networkCapture(random, threat, record.collectedMs);
    } else {
      record.bytes = processTree(random, threat, collectedAt);
    }

    record.hash ??= sha256(record.bytes);
    record.size ??= record.bytes.byteLength;
    const bytes = record.bytes;
    this.#cached.add(record);
    if (this.#cached.size > BYTES_CACHE_SIZE) {
      const oldest = this.#cached.values().next().value as EvidenceRecord;
      this.#cached.delete(oldest);
      oldest.bytes = undefined;
    }

    return bytes;
  }
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function contentType(type: EvidenceType): string {
  switch (type) {
    case 'NETWORK_CAPTURE':
      return 'application/vnd.tcpdump.pcap';
    case 'PROCESS_TREE':
      return 'application/json';
    default:
      return 'application/octet-stream';
  }
}
