import { describe, expect, it } from 'vitest';
import { SEEDED_THREATS, describeEachTarget } from './support.js';

describeEachTarget('threats', (target) => {
  describe('threats.list', () => {
    it('returns the first page of seeded threats given no params', async () => {
      const page = await target().client().threats.list();
      expect(page.data).toHaveLength(20);
      expect(page.pagination).toEqual({
        total: SEEDED_THREATS,
        limit: 20,
        offset: 0,
        hasMore: true,
      });
      expect(page.data[0]).toMatchObject({
        id: expect.stringMatching(/^threat_[0-9a-z]{8}$/),
        ipAddress: expect.any(String),
        threatScore: expect.any(Number),
        threatIntelligence: { reputationScore: expect.any(Number) },
        mlAnalysis: { modelsTriggered: expect.any(Array) },
      });
      expect(page.data[0]).not.toHaveProperty('ip_address');
    });

    it('returns only matching threats given several severities as an array', async () => {
      const page = await target()
        .client()
        .threats.list({ severity: ['high', 'critical'], limit: 50 });
      expect(page.data).toHaveLength(50);
      for (const threat of page.data) expect(['HIGH', 'CRITICAL']).toContain(threat.threatLevel);
    });

    it('returns threats sorted by score given sort and order', async () => {
      const page = await target().client().threats.list({ sort: 'score', order: 'asc', limit: 30 });
      const scores = page.data.map((threat) => threat.threatScore);
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    });

    it('returns threats of one country given a single country code', async () => {
      const page = await target()
        .client()
        .threats.list({ country: ['CN'], status: 'active' });
      expect(page.data.length).toBeGreaterThan(0);
      for (const threat of page.data) {
        expect(threat.country.code).toBe('CN');
        expect(threat.status).toBe('active');
      }
    });
  });

  describe('threats.get', () => {
    it('returns the full analysis and timeline given a listed id', async () => {
      const client = target().client();
      const { data } = await client.threats.list({ limit: 1 });
      const threat = await client.threats.get(data[0]!.id);
      expect(threat.id).toBe(data[0]!.id);
      expect(threat.fullAnalysis.networkAnalysis).toHaveProperty('dataExfiltrationRisk');
      expect(threat.fullAnalysis.evidence).toHaveProperty('memoryDump');
      expect(threat.timeline.length).toBeGreaterThan(0);
    });
  });

  describe('threats.report', () => {
    it('returns the new threat given the reference body in camelCase', async () => {
      const threat = await target()
        .client()
        .threats.report({
          ipAddress: '203.0.113.42',
          threatType: 'C2_COMMUNICATION',
          confidence: 0.85,
          evidence: {
            processName: 'malware.exe',
            processId: 1234,
            networkActivity: { destinationPort: 443, bytesSent: 10240, connectionDuration: 3600 },
          },
          context: { detectionSource: 'endpoint_agent', hostname: 'WORKSTATION-01' },
        });
      expect(threat).toMatchObject({
        ipAddress: '203.0.113.42',
        threatType: 'C2_COMMUNICATION',
        status: 'active',
        context: { detectionSource: 'endpoint_agent', hostname: 'WORKSTATION-01' },
      });
      expect(threat.timeline[0]!.event).toBe('Reported via API');
      expect(target().counters().by_operation.reportThreat).toBe(1);
    });
  });

  describe('threats.update', () => {
    it('returns the threat with its new status given a valid transition', async () => {
      const client = target().client();
      const { data } = await client.threats.list({ status: 'active', limit: 1 });
      const updated = await client.threats.update(data[0]!.id, {
        status: 'mitigated',
        resolution: 'IP blocked at firewall',
        notes: 'False positive confirmed after investigation',
      });
      expect(updated).toMatchObject({
        id: data[0]!.id,
        status: 'mitigated',
        resolution: 'IP blocked at firewall',
      });
    });
  });

  describe('threats.check', () => {
    it('returns the verdict for a known address given an IPv4 address', async () => {
      const client = target().client();
      const { data } = await client.threats.list({ limit: 1 });
      const check = await client.threats.check(data[0]!.ipAddress);
      expect(check).toMatchObject({ ip: data[0]!.ipAddress, isThreat: true });
      expect(check.threatCount).toBeGreaterThan(0);
      expect(typeof check.blocked).toBe('boolean');
    });

    it('returns no threat given an unseen IPv6 address', async () => {
      const check = await target().client().threats.check('2001:db8::1');
      expect(check).toMatchObject({ ip: '2001:db8::1', isThreat: false, threatScore: 0 });
    });
  });
});
