import { describe, expect, it } from 'vitest';
import { referenceThreat } from '../fixtures/reference.js';
import { describeEachTarget, type Target } from '../helpers/targets.js';
import {
  CLOCK_START,
  SEEDED_THREATS,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  reference,
  threatLevel,
  threatTotal,
} from './support.js';

async function report(t: Target, body: unknown = reference.reportThreat): Promise<any> {
  const reply = await t.request('POST', '/threats', { body });
  expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(201);
  return reply.body;
}

describeEachTarget('threats', (t) => {
  describe('GET /threats/{threat_id}', () => {
    it("returns the reference's example values given threat_7h8i9j0k", async () => {
      const reply = await t().request('GET', '/threats/threat_7h8i9j0k');
      expect(reply.status).toBe(200);
      const threat = reply.body;
      expect(threat).toMatchObject({
        ...referenceThreat,
        full_analysis: {
          network_analysis: { data_exfiltration_risk: 0.73, lateral_movement_detected: true },
          evidence: {
            memory_dump: 'evidence_m3m0ry_dump_id',
            network_capture: 'evidence_n3tw0rk_id',
            process_tree: 'evidence_pr0c3ss_id',
          },
        },
      });
      expect(threat.full_analysis.network_analysis.connections.length).toBeGreaterThan(0);
      expect(threat.timeline.slice(0, 2)).toEqual([
        { timestamp: '2025-01-15T14:30:00Z', event: 'Initial detection', severity: 'HIGH' },
        { timestamp: '2025-01-15T14:30:02Z', event: 'ML anomaly confirmed', severity: 'CRITICAL' },
      ]);
    });

    it('returns the same threat the list shows given its id', async () => {
      const first = (await t().request('GET', '/threats?limit=1')).body.data[0];
      const reply = await t().request('GET', `/threats/${first.id}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject(first);
      expect(reply.body.full_analysis.threat_intelligence).toEqual(first.threat_intelligence);
    });

    it('refuses with 404 given an unknown id', async () => {
      expectError(await t().request('GET', '/threats/threat_zzzzzzzz'), 404, 'NOT_FOUND');
      expectError(await t().request('GET', '/threats/not-an-id'), 404, 'NOT_FOUND');
    });

    it('refuses with 401 without a token and 403 without threats:read', async () => {
      expectError(
        await t().request('GET', '/threats/threat_7h8i9j0k', { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['network:read']);
      expectForbidden(
        await t().request('GET', '/threats/threat_7h8i9j0k', { token: key }),
        'threats:read',
      );
    });
  });

  describe('POST /threats', () => {
    it("returns 201 with a computed score, a consistent level and a started timeline given the reference's body", async () => {
      const threat = await report(t());
      expect(threat.id).toMatch(/^threat_[a-z0-9]{8}$/);
      expect(threat).toMatchObject({
        ip_address: '203.0.113.42',
        threat_type: 'C2_COMMUNICATION',
        status: 'active',
        detected_at: CLOCK_START,
        context: reference.reportThreat.context,
        resolution: null,
        notes: null,
      });
      expect(Number.isInteger(threat.threat_score)).toBe(true);
      expect(threat.threat_score).toBeGreaterThanOrEqual(0);
      expect(threat.threat_score).toBeLessThanOrEqual(100);
      expect(threat.threat_level).toBe(threatLevel(threat.threat_score));
      expect(threat.process_behavior).toMatchObject({
        process_name: 'malware.exe',
        process_id: 1234,
      });
      expect(threat.timeline[0]).toEqual({
        timestamp: CLOCK_START,
        event: 'Reported via API',
        severity: threat.threat_level,
      });
    });

    it('makes the reported threat readable by id, first in the list, and the total 1248', async () => {
      const threat = await report(t());
      const read = await t().request('GET', `/threats/${threat.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(threat);
      const page = await t().request('GET', '/threats?limit=5');
      expect(page.body.pagination.total).toBe(SEEDED_THREATS + 1);
      expect(page.body.data[0].id).toBe(threat.id);
      const byIp = await t().request('GET', '/threats?ip=203.0.113.42&limit=100');
      expect(byIp.body.data.map((item: { id: string }) => item.id)).toContain(threat.id);
    });

    it('scores a more confident report at least as high as a less confident one', async () => {
      const low = await report(t(), {
        ip_address: '198.51.100.7',
        threat_type: 'PORT_SCAN',
        confidence: 0.1,
      });
      const high = await report(t(), {
        ip_address: '198.51.100.8',
        threat_type: 'RANSOMWARE',
        confidence: 0.99,
      });
      expect(high.threat_score).toBeGreaterThan(low.threat_score);
      for (const threat of [low, high])
        expect(threat.threat_level).toBe(threatLevel(threat.threat_score));
    });

    it('accepts an IPv6 address', async () => {
      const threat = await report(t(), {
        ip_address: '2001:db8::42',
        threat_type: 'MALWARE',
        confidence: 0.5,
      });
      expect(threat.ip_address).toBe('2001:db8::42');
      expect(threat.threat_level).toBe(threatLevel(threat.threat_score));
    });

    it.each([
      ['a missing ip_address', { threat_type: 'MALWARE', confidence: 0.5 }, 'ip_address'],
      [
        'an invalid ip_address',
        { ...reference.reportThreat, ip_address: '203.0.113.420' },
        'ip_address',
      ],
      ['a wrongly typed ip_address', { ...reference.reportThreat, ip_address: 203 }, 'ip_address'],
      [
        'an unknown threat_type',
        { ...reference.reportThreat, threat_type: 'ALIENS' },
        'threat_type',
      ],
      ['confidence above 1', { ...reference.reportThreat, confidence: 1.5 }, 'confidence'],
      ['confidence as a string', { ...reference.reportThreat, confidence: 'high' }, 'confidence'],
      ['an unknown top-level field', { ...reference.reportThreat, severity: 'high' }, 'severity'],
      [
        'a negative evidence.process_id',
        { ...reference.reportThreat, evidence: { process_id: -1 } },
        'evidence.process_id',
      ],
      [
        'a port above 65535',
        { ...reference.reportThreat, evidence: { network_activity: { destination_port: 70000 } } },
        'evidence.network_activity.destination_port',
      ],
      [
        'an unknown context field',
        { ...reference.reportThreat, context: { hostname: 'x', owner: 'y' } },
        'context.owner',
      ],
    ])('refuses with 400 and creates nothing given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/threats', { body }), field);
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });

    it('refuses with 403 naming threats:write given a read-only key, and creates nothing', async () => {
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('POST', '/threats', { body: reference.reportThreat, token: key }),
        'threats:write',
      );
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });

    it('refuses with 401 without a token, and creates nothing', async () => {
      expectError(
        await t().request('POST', '/threats', { body: reference.reportThreat, token: null }),
        401,
        'UNAUTHORIZED',
      );
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });
  });

  describe('PATCH /threats/{threat_id}', () => {
    it('moves active to investigating to mitigated, appending a timeline entry each time', async () => {
      const threat = await report(t());
      await t().control('POST', '/clock', { advance: '5m' });
      const investigating = await t().request('PATCH', `/threats/${threat.id}`, {
        body: { status: 'investigating' },
      });
      expect(investigating.status).toBe(200);
      expect(investigating.body.status).toBe('investigating');
      expect(investigating.body.updated_at).toBe('2025-01-15T15:05:00Z');
      expect(investigating.body.timeline).toHaveLength(threat.timeline.length + 1);
      expect(investigating.body.timeline.slice(0, -1)).toEqual(threat.timeline);
      expect(investigating.body.timeline.at(-1).timestamp).toBe('2025-01-15T15:05:00Z');

      const mitigated = await t().request('PATCH', `/threats/${threat.id}`, {
        body: reference.updateThreat,
      });
      expect(mitigated.status).toBe(200);
      expect(mitigated.body).toMatchObject({
        status: 'mitigated',
        resolution: 'IP blocked at firewall',
        notes: 'False positive confirmed after investigation',
      });
      expect(mitigated.body.timeline).toHaveLength(threat.timeline.length + 2);
      expect((await t().request('GET', `/threats/${threat.id}`)).body).toEqual(mitigated.body);
    });

    it('refuses mitigated to investigating with 409 CONFLICT and leaves the threat unchanged', async () => {
      const threat = await report(t());
      const mitigated = await t().request('PATCH', `/threats/${threat.id}`, {
        body: { status: 'mitigated' },
      });
      expect(mitigated.status).toBe(200);
      const refused = await t().request('PATCH', `/threats/${threat.id}`, {
        body: { status: 'investigating' },
      });
      expectError(refused, 409, 'CONFLICT');
      expect((await t().request('GET', `/threats/${threat.id}`)).body).toEqual(mitigated.body);
    });

    it('refuses a move to the same status with 409 and reopens a mitigated threat to active', async () => {
      const threat = await report(t());
      expectError(
        await t().request('PATCH', `/threats/${threat.id}`, { body: { status: 'active' } }),
        409,
        'CONFLICT',
      );
      await t().request('PATCH', `/threats/${threat.id}`, { body: { status: 'false_positive' } });
      const reopened = await t().request('PATCH', `/threats/${threat.id}`, {
        body: { status: 'active' },
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.status).toBe('active');
      expect(reopened.body.timeline).toHaveLength(threat.timeline.length + 2);
    });

    it('records notes alone without changing the status', async () => {
      const before = (await t().request('GET', '/threats/threat_7h8i9j0k')).body;
      const reply = await t().request('PATCH', '/threats/threat_7h8i9j0k', {
        body: { notes: 'Escalated to SOC' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.notes).toBe('Escalated to SOC');
      expect(reply.body.status).toBe(before.status);
      expect(reply.body.timeline).toHaveLength(before.timeline.length + 1);
    });

    it.each([
      ['an empty body', {}, null],
      ['an unknown status', { status: 'closed' }, 'status'],
      ['a numeric notes', { notes: 5 }, 'notes'],
      ['an unknown field', { status: 'investigating', owner: 'me' }, 'owner'],
      ['a resolution over 1000 characters', { resolution: 'x'.repeat(1001) }, 'resolution'],
    ])('refuses with 400 and changes nothing given %s', async (_, body, field) => {
      const before = (await t().request('GET', '/threats/threat_7h8i9j0k')).body;
      const reply = await t().request('PATCH', '/threats/threat_7h8i9j0k', { body });
      if (field) expectInvalid(reply, field);
      else expectError(reply, 400, 'INVALID_REQUEST');
      expect((await t().request('GET', '/threats/threat_7h8i9j0k')).body).toEqual(before);
    });

    it('refuses with 404 given an unknown id, 401 without a token and 403 without threats:write', async () => {
      expectError(
        await t().request('PATCH', '/threats/threat_zzzzzzzz', { body: { status: 'mitigated' } }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t().request('PATCH', '/threats/threat_7h8i9j0k', {
          body: { status: 'mitigated' },
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      const reply = await t().request('PATCH', '/threats/threat_7h8i9j0k', {
        body: { status: 'mitigated' },
        token: key,
      });
      expectForbidden(reply, 'threats:write');
    });
  });
});
