import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frozenBackend, invalidFields, refusal } from './support.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('evidence', () => {
  it('returns bytes whose sha256 and size are the metadata given the reference dump', () => {
    const backend = frozenBackend();
    const evidence = backend.evidence.get(
      'evidence_m3m0ry_dump_id',
      'http://127.0.0.1:4010',
      'key_a',
    );
    expect(evidence).toMatchObject({
      type: 'MEMORY_DUMP',
      threat_id: 'threat_7h8i9j0k',
      collected_at: '2025-01-15T14:30:05Z',
      download_url: 'http://127.0.0.1:4010/v1/evidence/evidence_m3m0ry_dump_id/content',
      expires_at: '2025-01-15T16:00:00Z',
    });
    const content = backend.evidence.download('evidence_m3m0ry_dump_id', 'key_a');
    expect(content.bytes.byteLength).toBe(evidence.size_bytes);
    expect(`sha256:${sha256(content.bytes)}`).toBe(evidence.hash);
    expect(content.sha256).toBe(sha256(content.bytes));
    expect(new TextDecoder().decode(content.bytes.slice(0, 60))).toContain(
      'process: suspicious.exe',
    );
  });

  it('returns the same bytes given two backends with the same seed, and a pcap for captures', () => {
    const a = frozenBackend().evidence.download('evidence_n3tw0rk_id', 'x').bytes;
    const b = frozenBackend().evidence.download('evidence_n3tw0rk_id', 'x').bytes;
    expect(sha256(a)).toBe(sha256(b));
    expect(new DataView(a.buffer).getUint32(0, true)).toBe(0xa1b2c3d4);
    expect(a.byteLength).toBeGreaterThan(1024);
  });

  it('grows the chain of custody by Accessed and Downloaded with the actor and the clock', () => {
    const backend = frozenBackend();
    const first = backend.evidence.get('evidence_pr0c3ss_id', 'http://h', 'key_a').chain_of_custody;
    backend.clock.advance(120_000);
    backend.evidence.download('evidence_pr0c3ss_id', 'key_b');
    const second = backend.evidence.get(
      'evidence_pr0c3ss_id',
      'http://h',
      'key_c',
    ).chain_of_custody;
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second.map((entry) => [entry.action, entry.actor])).toEqual([
      ['Collected', null],
      ['Accessed', 'key_a'],
      ['Downloaded', 'key_b'],
      ['Accessed', 'key_c'],
    ]);
    expect(second[2]!.timestamp).toBe('2025-01-15T15:02:00Z');
    expect(
      JSON.parse(
        new TextDecoder().decode(backend.evidence.download('evidence_pr0c3ss_id', 'x').bytes),
      ).root.name,
    ).toBe('System');
  });

  it('refuses with NOT_FOUND given an unknown id, recording nothing', () => {
    const backend = frozenBackend();
    expect(refusal(() => backend.evidence.get('evidence_000000000000', 'http://h', 'a')).code).toBe(
      'NOT_FOUND',
    );
    expect(refusal(() => backend.evidence.download('evidence_000000000000', 'a')).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('processes.quarantine', () => {
  it('returns the mapped status and a memory dump with true bytes given collect_memory_dump', () => {
    const backend = frozenBackend();
    const events: string[] = [];
    backend.events.on((event) => events.push(event.type));
    const result = backend.processes.quarantine({
      process_id: 4532,
      process_name: 'suspicious.exe',
      action: 'TERMINATE_AND_QUARANTINE',
      collect_memory_dump: true,
      threat_id: 'threat_7h8i9j0k',
    });
    expect(result).toMatchObject({
      success: true,
      status: 'TERMINATED_AND_QUARANTINED',
      threat_id: 'threat_7h8i9j0k',
      quarantined_at: '2025-01-15T15:00:00Z',
    });
    expect(result.quarantine_id).toMatch(/^quar_[a-z0-9]{12}$/);
    const evidence = backend.evidence.get(result.evidence_id!, 'http://h', 'a');
    expect(evidence).toMatchObject({
      type: 'MEMORY_DUMP',
      collected_at: '2025-01-15T15:00:00Z',
      threat_id: 'threat_7h8i9j0k',
    });
    const bytes = backend.evidence.download(result.evidence_id!, 'a').bytes;
    expect(`sha256:${sha256(bytes)}`).toBe(evidence.hash);
    expect(new TextDecoder().decode(bytes.slice(0, 80))).toContain('pid: 4532');
    expect(events).toEqual(['evidence_collected']);
    expect(backend.threats.get('threat_7h8i9j0k').timeline.at(-1)?.event).toContain(
      'suspicious.exe',
    );
  });

  it.each([
    ['TERMINATE', 'TERMINATED'],
    ['QUARANTINE', 'QUARANTINED'],
    ['SUSPEND', 'SUSPENDED'],
  ])('returns %s as %s without evidence unless asked', (action, status) => {
    expect(
      frozenBackend().processes.quarantine({ process_id: 100, process_name: 'miner', action }),
    ).toMatchObject({ status, evidence_id: null, threat_id: null });
  });

  it('refuses an unknown threat_id and other wrong fields together', () => {
    expect(
      invalidFields(() =>
        frozenBackend().processes.quarantine({
          process_id: 0,
          process_name: '',
          action: 'DELETE',
          threat_id: 'threat_zzzzzzzz',
        }),
      ),
    ).toEqual(['process_id', 'process_name', 'action', 'threat_id']);
  });
});
