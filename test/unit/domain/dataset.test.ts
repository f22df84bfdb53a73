import { describe, expect, it } from 'vitest';
import { isAssignedCountryCode } from '../../../mock-server/domain/data/country-codes.js';
import { canonicalIp, isNonPublicIpv4, parseIp } from '../../../mock-server/domain/ip.js';
import { levelFromScore } from '../../../mock-server/domain/levels.js';
import type { ThreatDetail } from '../../../mock-server/domain/wire.js';
import type { MockBackend } from '../../../mock-server/domain/backend.js';
import { frozenBackend } from './support.js';

function allDetails(backend: MockBackend): ThreatDetail[] {
  const out: ThreatDetail[] = [];

  for (let offset = 0; offset < backend.threats.count(); offset += 100) {
    for (const threat of backend.threats.list({ limit: 100, offset }).data) {
      out.push(backend.threats.get(threat.id));
    }
  }

  return out;
}

describe('seeded dataset', () => {
  const backend = frozenBackend();
  const threats = allDetails(backend);

  it('returns exactly 1247 threats with distinct ids given the defaults', () => {
    expect(threats).toHaveLength(1247);
    expect(new Set(threats.map((threat) => threat.id)).size).toBe(1247);
    for (const threat of threats) expect(threat.id).toMatch(/^threat_[a-z0-9]{8}$/);
  });

  it('returns a level that matches the score for every threat', () => {
    for (const threat of threats)
      expect(threat.threat_level).toBe(levelFromScore(threat.threat_score));
  });

  it('returns assigned country codes, valid addresses, mostly public, about 15% IPv6', () => {
    let v6 = 0;
    let nonPublic = 0;

    for (const threat of threats) {
      expect(isAssignedCountryCode(threat.country.code)).toBe(true);
      expect(threat.country.city.length).toBeGreaterThan(0);
      const ip = parseIp(threat.ip_address);
      expect(ip?.text).toBe(threat.ip_address);
      if (ip?.version === 6) v6++;
      else if (ip && isNonPublicIpv4(ip.value)) nonPublic++;
    }

    expect(v6 / threats.length).toBeGreaterThan(0.08);
    expect(v6 / threats.length).toBeLessThan(0.22);
    expect(nonPublic / threats.length).toBeLessThan(0.04);
  });

  it('returns detections inside the 30 days before the clock start, with timelines starting there', () => {
    const start = Date.parse('2025-01-15T15:00:00Z');

    for (const threat of threats) {
      const detected = Date.parse(threat.detected_at);
      expect(detected).toBeLessThan(start);
      expect(detected).toBeGreaterThanOrEqual(start - 30 * 86_400_000);
      expect(threat.timeline[0]?.timestamp).toBe(threat.detected_at);
      expect(threat.updated_at).toBe(threat.timeline.at(-1)?.timestamp);
      for (const entry of threat.timeline) expect(Date.parse(entry.timestamp)).toBeLessThan(start);
    }
  });

  it('returns every status, mostly active, with a timeline entry for each move', () => {
    const counts: Record<string, number> = {};
    for (const threat of threats) counts[threat.status] = (counts[threat.status] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual([
      'active',
      'false_positive',
      'investigating',
      'mitigated',
    ]);
    expect(counts.active).toBeGreaterThan(counts.mitigated ?? 0);

    for (const threat of threats.filter((item) => item.status !== 'active')) {
      expect(threat.timeline.at(-1)?.event).toMatch(
        new RegExp(`^Status changed from \\w+ to ${threat.status}`),
      );
    }
  });

  it('resolves every evidence reference through evidence.get', () => {
    let count = 0;

    for (const threat of threats) {
      for (const id of Object.values(threat.full_analysis.evidence)) {
        if (id === null) continue;
        const evidence = backend.evidence.get(id, 'http://127.0.0.1', 'key_test');
        expect(evidence.threat_id).toBe(threat.id);
        count++;
      }
    }

    expect(count).toBeGreaterThan(1247);
  });

  it("returns the reference's example threat with its published values", () => {
    const threat = backend.threats.get('threat_7h8i9j0k');
    expect(threat).toMatchObject({
      ip_address: '192.168.1.100',
      threat_score: 85,
      threat_level: 'CRITICAL',
      detected_at: '2025-01-15T14:30:00Z',
      country: { code: 'CN', name: 'China', city: 'Beijing' },
      automated_response: {
        actions_taken: ['BLOCK_IP', 'QUARANTINE_PROCESS'],
        response_time_ms: 47,
      },
      full_analysis: {
        network_analysis: { data_exfiltration_risk: 0.73, lateral_movement_detected: true },
        evidence: {
          memory_dump: 'evidence_m3m0ry_dump_id',
          network_capture: 'evidence_n3tw0rk_id',
          process_tree: 'evidence_pr0c3ss_id',
        },
      },
    });
    expect(threat.timeline).toEqual([
      { timestamp: '2025-01-15T14:30:00Z', event: 'Initial detection', severity: 'HIGH' },
      { timestamp: '2025-01-15T14:30:02Z', event: 'ML anomaly confirmed', severity: 'CRITICAL' },
    ]);
  });

  it("matches plenty of threats given the reference's GraphQL filter", () => {
    const page = backend.threats.list({
      severity: ['HIGH', 'CRITICAL'],
      country: ['CN', 'RU'],
      from: Date.parse('2025-01-01T00:00:00Z'),
      to: Date.parse('2025-01-15T23:59:59Z'),
      limit: 50,
      sort: 'score',
    });
    expect(page.pagination.total).toBeGreaterThanOrEqual(50);
  });

  it('returns responses consistent with the level: CRITICAL blocks, LOW mostly does nothing', () => {
    const critical = threats.filter((threat) => threat.threat_level === 'CRITICAL');
    const low = threats.filter((threat) => threat.threat_level === 'LOW');
    for (const threat of critical)
      expect(threat.automated_response.actions_taken).toContain('BLOCK_IP');
    const idle = low.filter((threat) => threat.automated_response.actions_taken.length === 0);
    expect(idle.length / low.length).toBeGreaterThan(0.7);
  });
});

describe('dataset determinism', () => {
  it('returns identical lists given two backends with the same seed', () => {
    const a = frozenBackend({ seed: 7 });
    const b = frozenBackend({ seed: 7 });
    expect(a.threats.list({ limit: 100, offset: 300 })).toEqual(
      b.threats.list({ limit: 100, offset: 300 }),
    );
    expect(a.credentials.testCredentials()).toEqual(b.credentials.testCredentials());
    const id = a.threats.list({ limit: 1, offset: 10 }).data[0]!.id;
    expect(a.threats.get(id)).toEqual(b.threats.get(id));
  });

  it('returns different data given different seeds, keeping the reference threat', () => {
    const a = frozenBackend({ seed: 1 });
    const b = frozenBackend({ seed: 2 });
    const ids = (backend: MockBackend) =>
      backend.threats.list({ limit: 100 }).data.map((threat) => threat.id);
    expect(ids(a)).not.toEqual(ids(b));
    expect(b.threats.get('threat_7h8i9j0k').threat_score).toBe(85);
  });

  it('returns the seeded state again after reset, forgetting changes', () => {
    const backend = frozenBackend();
    const before = backend.threats.list({ limit: 5 });
    backend.threats.report({ ip_address: '203.0.113.9', threat_type: 'MALWARE', confidence: 0.5 });
    expect(backend.threats.count()).toBe(1248);
    backend.reset();
    expect(backend.threats.count()).toBe(1247);
    expect(backend.threats.list({ limit: 5 })).toEqual(before);
  });

  it('honours threatCount and canonical addresses', () => {
    const small = frozenBackend({ threatCount: 10 });
    expect(small.threats.count()).toBe(10);
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});
