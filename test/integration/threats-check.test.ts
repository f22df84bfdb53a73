import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import { createKey, expectError, expectForbidden, expectInvalid, threatLevel } from './support.js';

describeEachTarget('threats', (t) => {
  describe('GET /threats/check/{ip}', () => {
    it('summarises every threat of a known address', async () => {
      const all = (await t().request('GET', '/threats?ip=192.168.1.100&limit=100')).body.data;
      const reply = await t().request('GET', '/threats/check/192.168.1.100');
      expect(reply.status).toBe(200);
      const latest = [...all].sort((a, b) => (a.detected_at < b.detected_at ? 1 : -1))[0];
      const maxScore = Math.max(
        ...all.map((threat: { threat_score: number }) => threat.threat_score),
      );
      expect(reply.body).toMatchObject({
        ip: '192.168.1.100',
        is_threat: true,
        threat_score: maxScore,
        threat_level: threatLevel(maxScore),
        threat_count: all.length,
        latest_threat_id: latest.id,
        last_seen: latest.detected_at,
      });
      expect(reply.body.categories).toContain('C2');
      expect(reply.body.country).not.toBeNull();
    });

    it('reports no threat for an address the dataset does not hold', async () => {
      for (const ip of ['198.18.0.77', '2001:db8::dead:beef']) {
        expect((await t().request('GET', `/threats?ip=${ip}`)).body.pagination.total).toBe(0);
        const reply = await t().request('GET', `/threats/check/${ip}`);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({
          ip,
          is_threat: false,
          threat_score: 0,
          threat_level: null,
          threat_count: 0,
          latest_threat_id: null,
          last_seen: null,
          categories: [],
          blocked: false,
          country: null,
        });
      }
    });

    it('counts a threat reported through the API', async () => {
      const body = { ip_address: '198.18.0.78', threat_type: 'MALWARE', confidence: 0.9 };
      const threat = (await t().request('POST', '/threats', { body })).body;
      const reply = await t().request('GET', '/threats/check/198.18.0.78');
      expect(reply.body).toMatchObject({
        is_threat: true,
        threat_count: 1,
        latest_threat_id: threat.id,
        threat_score: threat.threat_score,
      });
    });

    it('refuses with 400 naming ip given a malformed address', async () => {
      expectInvalid(await t().request('GET', '/threats/check/300.1.2.3'), 'ip');
      expectInvalid(await t().request('GET', '/threats/check/localhost'), 'ip');
    });

    it('refuses with 401 without a token and 403 without threats:read', async () => {
      expectError(
        await t().request('GET', '/threats/check/192.168.1.100', { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['evidence:read']);
      expectForbidden(
        await t().request('GET', '/threats/check/192.168.1.100', { token: key }),
        'threats:read',
      );
    });
  });
});
