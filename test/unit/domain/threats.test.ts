import { describe, expect, it } from 'vitest';
import { LEVEL_RANK, levelFromScore } from '../../../mock-server/domain/levels.js';
import type { DomainEvent } from '../../../mock-server/domain/events.js';
import { reference } from '../../fixtures/reference.js';
import { frozenBackend, invalidFields, refusal, START } from './support.js';

const REPORT = reference.reportThreat;

describe('threats.list', () => {
  const backend = frozenBackend();

  it('returns every threat exactly once given a walk over all pages of each order', () => {
    for (const sort of ['timestamp', 'score', 'severity'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen = new Set<string>();

        for (let offset = 0; ; offset += 100) {
          const page = backend.threats.list({ sort, order, limit: 100, offset });
          for (const threat of page.data) seen.add(threat.id);
          if (!page.pagination.has_more) break;
        }

        expect(seen.size, `${sort} ${order}`).toBe(1247);
      }
    }
  });

  it('returns ties broken by id ascending given sort=score desc', () => {
    const data = backend.threats.list({ sort: 'score', order: 'desc', limit: 100 }).data;

    for (let i = 1; i < data.length; i++) {
      const [a, b] = [data[i - 1]!, data[i]!];
      expect(a.threat_score).toBeGreaterThanOrEqual(b.threat_score);
      if (a.threat_score === b.threat_score) expect(a.id < b.id).toBe(true);
    }
  });

  it('returns levels in order given sort=severity asc', () => {
    const data = backend.threats.list({
      sort: 'severity',
      order: 'asc',
      limit: 100,
      offset: 1147,
    }).data;
    for (let i = 1; i < data.length; i++)
      expect(LEVEL_RANK[data[i - 1]!.threat_level]).toBeLessThanOrEqual(
        LEVEL_RANK[data[i]!.threat_level],
      );
  });

  it('returns the AND of filters and the OR within one given several filters', () => {
    const from = Date.parse('2025-01-05T00:00:00Z');
    const page = backend.threats.list({
      severity: ['MEDIUM', 'HIGH'],
      status: ['active'],
      country: ['CN', 'US'],
      from,
      limit: 100,
    });
    expect(page.pagination.total).toBeGreaterThan(0);

    for (const threat of page.data) {
      expect(['MEDIUM', 'HIGH']).toContain(threat.threat_level);
      expect(threat.status).toBe('active');
      expect(['CN', 'US']).toContain(threat.country.code);
      expect(Date.parse(threat.detected_at)).toBeGreaterThanOrEqual(from);
    }

    const medium = backend.threats.list({
      severity: ['MEDIUM'],
      status: ['active'],
      country: ['CN', 'US'],
      from,
      limit: 1,
    });
    const high = backend.threats.list({
      severity: ['HIGH'],
      status: ['active'],
      country: ['CN', 'US'],
      from,
      limit: 1,
    });
    expect(medium.pagination.total + high.pagination.total).toBe(page.pagination.total);
  });

  it('returns an empty page with the true total given an offset past the end', () => {
    expect(backend.threats.list({ offset: 5000 })).toEqual({
      data: [],
      pagination: { total: 1247, limit: 20, offset: 5000, has_more: false },
    });
  });

  it('returns frozen list items that cannot corrupt the store', () => {
    const item = backend.threats.list({ limit: 1 }).data[0]!;
    expect(Object.isFrozen(item)).toBe(true);
    expect(() => {
      (item as { threat_score: number }).threat_score = 1;
    }).toThrow();
  });
});

describe('threats.report', () => {
  it("returns a computed score, a matching level and a timeline started by the report given the reference's body", () => {
    const backend = frozenBackend();
    const threat = backend.threats.report(REPORT);
    expect(threat).toMatchObject({
      ip_address: '203.0.113.42',
      status: 'active',
      detected_at: START,
      updated_at: START,
      context: REPORT.context,
    });
    expect(threat.threat_level).toBe(levelFromScore(threat.threat_score));
    expect(threat.timeline[0]).toEqual({
      timestamp: START,
      event: 'Reported via API',
      severity: threat.threat_level,
    });
    expect(threat.process_behavior).toMatchObject({
      process_name: 'malware.exe',
      process_id: 1234,
      network_pattern: 'BEACONING',
    });
    expect(threat.full_analysis.network_analysis.connections[0]).toMatchObject({
      remote_ip: '203.0.113.42',
      remote_port: 443,
      bytes_sent: 10240,
      duration_seconds: 3600,
    });
    expect(backend.threats.get(threat.id)).toEqual(threat);
    expect(backend.threats.list({ limit: 1 }).data[0]!.id).toBe(threat.id);
  });

  it('scores higher given more confidence, more data and a known-bad address', () => {
    const backend = frozenBackend();
    const base = { ip_address: '198.18.0.1', threat_type: 'MALWARE', confidence: 0.2 };
    const low = backend.threats.report(base);
    const sure = backend.threats.report({ ...base, ip_address: '198.18.0.2', confidence: 0.95 });
    const heavy = backend.threats.report({
      ...base,
      ip_address: '198.18.0.3',
      confidence: 0.95,
      evidence: { network_activity: { bytes_sent: 500_000_000, connection_duration: 7200 } },
    });
    const known = backend.threats.report({
      ...base,
      ip_address: '192.168.1.100',
      confidence: 0.95,
    });
    expect(sure.threat_score).toBeGreaterThan(low.threat_score);
    expect(heavy.threat_score).toBeGreaterThan(sure.threat_score);
    expect(known.threat_score).toBeGreaterThan(sure.threat_score);
    expect(known.country.code).toBe('CN');
  });

  it('emits threat_detected, and critical_alert for a CRITICAL threat', () => {
    const backend = frozenBackend();
    const events: DomainEvent[] = [];
    backend.events.on((event) => events.push(event));
    const threat = backend.threats.report({
      ip_address: '198.18.0.9',
      threat_type: 'RANSOMWARE',
      confidence: 1,
      evidence: { network_activity: { bytes_sent: 200_000_000, connection_duration: 4000 } },
    });
    expect(threat.threat_level).toBe('CRITICAL');
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('threat_detected');
    expect(types).toContain('critical_alert');
    expect(types).toContain('auto_response');
  });

  it('refuses with every wrong field named and creates nothing given a bad body', () => {
    const backend = frozenBackend();
    const fields = invalidFields(() =>
      backend.threats.report({
        ip_address: '1.2.3.999',
        threat_type: 'ALIENS',
        confidence: 2,
        evidence: { process_id: -1 },
        extra: 1,
      }),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'ip_address',
        'threat_type',
        'confidence',
        'evidence.process_id',
        'extra',
      ]),
    );
    expect(backend.threats.count()).toBe(1247);
    expect(invalidFields(() => backend.threats.report(null))).toContain('body');
  });
});

describe('threats.update', () => {
  it('returns the threat moved along allowed transitions, one timeline entry each', () => {
    const backend = frozenBackend();
    const threat = backend.threats.report(REPORT);
    backend.clock.advance(5 * 60_000);
    const investigating = backend.threats.update(threat.id, { status: 'investigating' });
    expect(investigating.updated_at).toBe('2025-01-15T15:05:00Z');
    expect(investigating.timeline.at(-1)).toEqual({
      timestamp: '2025-01-15T15:05:00Z',
      event: 'Status changed from active to investigating',
      severity: threat.threat_level,
    });
    const mitigated = backend.threats.update(threat.id, {
      status: 'mitigated',
      resolution: 'IP blocked at firewall',
      notes: 'done',
    });
    expect(mitigated).toMatchObject({
      status: 'mitigated',
      resolution: 'IP blocked at firewall',
      notes: 'done',
    });
    expect(mitigated.timeline.at(-1)?.event).toBe(
      'Status changed from investigating to mitigated: IP blocked at firewall',
    );
    expect(backend.threats.update(threat.id, { status: 'active' }).status).toBe('active');
    expect(backend.threats.get(threat.id).timeline).toHaveLength(threat.timeline.length + 3);
  });

  it.each([
    ['mitigated', 'investigating'],
    ['false_positive', 'mitigated'],
    ['active', 'active'],
  ])('refuses with CONFLICT and changes nothing given %s -> %s', (from, to) => {
    const backend = frozenBackend();
    const threat = backend.threats.report(REPORT);
    if (from !== 'active') backend.threats.update(threat.id, { status: from });
    const before = backend.threats.get(threat.id);
    expect(refusal(() => backend.threats.update(threat.id, { status: to })).code).toBe('CONFLICT');
    expect(backend.threats.get(threat.id)).toEqual(before);
  });

  it('emits threat_mitigated given a move to mitigated', () => {
    const backend = frozenBackend();
    const events: string[] = [];
    backend.events.on((event) => events.push(event.type));
    backend.threats.update('threat_7h8i9j0k', { status: 'mitigated' });
    expect(events).toEqual(['threat_status_changed', 'threat_mitigated']);
  });

  it('refuses an empty body, unknown fields and an unknown id', () => {
    const backend = frozenBackend();
    expect(invalidFields(() => backend.threats.update('threat_7h8i9j0k', {}))).toEqual(['body']);
    expect(
      invalidFields(() =>
        backend.threats.update('threat_7h8i9j0k', { status: 'closed', owner: 'x' }),
      ),
    ).toEqual(['owner', 'status']);
    expect(
      refusal(() => backend.threats.update('threat_zzzzzzzz', { status: 'mitigated' })).code,
    ).toBe('NOT_FOUND');
  });
});

describe('threats.check', () => {
  const backend = frozenBackend();

  it('returns a summary of every threat of a known address', () => {
    const check = backend.threats.check('192.168.1.100');
    expect(check).toMatchObject({ ip: '192.168.1.100', is_threat: true, blocked: false });
    expect(check.threat_count).toBeGreaterThanOrEqual(1);
    expect(check.categories).toContain('C2');
  });

  it('returns no threat given an unknown address and canonicalises IPv6', () => {
    expect(backend.threats.check('2001:DB8::DEAD:BEEF')).toMatchObject({
      ip: '2001:db8::dead:beef',
      is_threat: false,
      threat_count: 0,
      country: null,
    });
  });

  it('names the same latest threat as a new report of the address builds on, however often it was reported', () => {
    const backend = frozenBackend();
    const ip = '192.168.1.100';
    const before = backend.threats.check(ip);
    const latest = backend.threats.get(before.latest_threat_id as string);
    const first = backend.threats.report({ ...REPORT, ip_address: ip });
    expect(first.country).toEqual(latest.country);
    expect(first.threat_intelligence.sources).toEqual(
      expect.arrayContaining([
        ...latest.threat_intelligence.sources,
        'CyberFortress Sensor Network',
      ]),
    );

    // Reported in the same second, the latest is the one with the smallest id.
    const sameSecond = [first];
    for (let i = 0; i < 50; i++)
      sameSecond.push(backend.threats.report({ ...REPORT, ip_address: ip }));
    const smallest = sameSecond.map((threat) => threat.id).sort()[0];
    expect(backend.threats.check(ip).latest_threat_id).toBe(smallest);

    backend.clock.advance(1_000);
    const later = backend.threats.report({ ...REPORT, ip_address: ip });
    expect(backend.threats.check(ip)).toMatchObject({
      latest_threat_id: later.id,
      last_seen: later.detected_at,
      threat_count: before.threat_count + 52,
    });
  });

  it('refuses with field ip given a malformed address', () => {
    expect(invalidFields(() => backend.threats.check('300.1.2.3'))).toEqual(['ip']);
    expect(invalidFields(() => backend.threats.check('localhost'))).toEqual(['ip']);
  });
});

describe('threats.inject', () => {
  it('returns a threat agreeing with the parts it was given', () => {
    const backend = frozenBackend();
    const high = backend.threats.inject({
      threat_level: 'HIGH',
      country: 'KP',
      threat_type: 'MALWARE',
    });
    expect(high.threat_level).toBe('HIGH');
    expect(high.threat_score).toBeGreaterThanOrEqual(60);
    expect(high.threat_score).toBeLessThan(80);
    expect(high.country).toMatchObject({ code: 'KP', city: 'Pyongyang' });
    expect(high.ip_address.startsWith('175.45.')).toBe(true);
    const mitigated = backend.threats.inject({
      ip_address: '198.51.100.1',
      threat_score: 91,
      status: 'mitigated',
      country: 'IS',
    });
    expect(mitigated).toMatchObject({
      threat_level: 'CRITICAL',
      status: 'mitigated',
      country: { code: 'IS', name: 'Iceland', city: 'Reykjavik' },
    });
    expect(backend.threats.count()).toBe(1249);
  });

  it('refuses a level that contradicts the score and unknown fields', () => {
    const backend = frozenBackend();
    expect(
      invalidFields(() =>
        backend.threats.inject({
          threat_score: 10,
          threat_level: 'CRITICAL',
          colour: 'red',
          country: 'XX',
        }),
      ),
    ).toEqual(['colour', 'threat_level', 'country']);
    expect(backend.threats.count()).toBe(1247);
  });
});
