import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import { RFC3339, createKey, expectError, expectForbidden, sha256Hex } from './support.js';

const DUMP = 'evidence_m3m0ry_dump_id';

describeEachTarget('evidence', (t) => {
  describe('GET /evidence/{evidence_id}', () => {
    it("returns the reference threat's memory dump with its collection entry and a download link", async () => {
      const reply = await t().request('GET', `/evidence/${DUMP}`);
      expect(reply.status).toBe(200);
      const evidence = reply.body;
      expect(evidence).toMatchObject({
        id: DUMP,
        type: 'MEMORY_DUMP',
        threat_id: 'threat_7h8i9j0k',
        collected_at: '2025-01-15T14:30:05Z',
        download_url: `${t().origin}/v1/evidence/${DUMP}/content`,
        // One hour after this read, on the frozen clock.
        expires_at: '2025-01-15T16:00:00Z',
      });
      expect(evidence.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Number.isInteger(evidence.size_bytes)).toBe(true);
      expect(evidence.size_bytes).toBeGreaterThan(0);
      expect(evidence.chain_of_custody[0]).toMatchObject({
        timestamp: '2025-01-15T14:30:05Z',
        action: 'Collected',
        system: 'CyberFortress Agent v4.0',
        hash: evidence.hash,
      });
    });

    it('returns the network capture and process tree the reference threat names', async () => {
      for (const [id, type] of [
        ['evidence_n3tw0rk_id', 'NETWORK_CAPTURE'],
        ['evidence_pr0c3ss_id', 'PROCESS_TREE'],
      ]) {
        const reply = await t().request('GET', `/evidence/${id}`);
        expect(reply.status, id).toBe(200);
        expect(reply.body).toMatchObject({ id, type, threat_id: 'threat_7h8i9j0k' });
      }
    });

    it('returns the evidence named by any seeded threat', async () => {
      const threats = (await t().request('GET', '/threats?limit=10&offset=200')).body.data;
      for (const { id } of threats) {
        const detail = (await t().request('GET', `/threats/${id}`)).body;
        for (const evidenceId of Object.values(detail.full_analysis.evidence).filter(Boolean)) {
          const reply = await t().request('GET', `/evidence/${evidenceId}`);
          expect(reply.status, String(evidenceId)).toBe(200);
          expect(reply.body.threat_id).toBe(id);
        }
      }
    });

    it('refuses with 404 given an unknown id', async () => {
      expectError(await t().request('GET', '/evidence/evidence_000000000000'), 404, 'NOT_FOUND');
    });

    it('refuses with 401 without a token and 403 naming evidence:read without it', async () => {
      expectError(
        await t().request('GET', `/evidence/${DUMP}`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('GET', `/evidence/${DUMP}`, { token: key }),
        'evidence:read',
      );
    });
  });

  describe('GET /evidence/{evidence_id}/content', () => {
    it('returns bytes whose sha256 and size match the metadata', async () => {
      const evidence = (await t().request('GET', `/evidence/${DUMP}`)).body;
      const reply = await t().request('GET', `/evidence/${DUMP}/content`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/octet-stream');
      const bytes = reply.body as Uint8Array;
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.byteLength).toBe(evidence.size_bytes);
      expect(`sha256:${sha256Hex(bytes)}`).toBe(evidence.hash);
      expect(reply.headers.get('x-content-sha256')).toBe(sha256Hex(bytes));
      expect(reply.headers.get('content-length')).toBe(String(evidence.size_bytes));
    });

    it('returns the same bytes on every download', async () => {
      const first = (await t().request('GET', `/evidence/evidence_pr0c3ss_id/content`)).body;
      const second = (await t().request('GET', `/evidence/evidence_pr0c3ss_id/content`)).body;
      expect(sha256Hex(second)).toBe(sha256Hex(first));
    });

    it('grows the chain of custody by Accessed on each read and Downloaded on each download', async () => {
      const first = (await t().request('GET', `/evidence/${DUMP}`)).body.chain_of_custody;
      await t().control('POST', '/clock', { advance: '2m' });
      await t().request('GET', `/evidence/${DUMP}/content`);
      const second = (await t().request('GET', `/evidence/${DUMP}`)).body.chain_of_custody;
      expect(second.slice(0, first.length)).toEqual(first);
      expect(second).toHaveLength(first.length + 2);
      const actions = second.map((entry: { action: string }) => entry.action);
      expect(actions[0]).toBe('Collected');
      expect(actions).toContain('Accessed');
      expect(actions.lastIndexOf('Downloaded')).toBeGreaterThan(actions.indexOf('Accessed'));
      const downloaded = second.find((entry: { action: string }) => entry.action === 'Downloaded');
      expect(downloaded.timestamp).toBe('2025-01-15T15:02:00Z');
      for (const entry of second) {
        expect(entry.timestamp).toMatch(RFC3339);
        expect(entry.hash).toBe(first[0].hash);
      }
    });

    it('refuses with 404 given an unknown id, and 401 and 403 like the metadata', async () => {
      expectError(
        await t().request('GET', '/evidence/evidence_000000000000/content'),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t().request('GET', `/evidence/${DUMP}/content`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('GET', `/evidence/${DUMP}/content`, { token: key }),
        'evidence:read',
      );
    });

    it('does not record a download that was refused', async () => {
      const before = (await t().request('GET', `/evidence/${DUMP}`)).body.chain_of_custody.length;
      await t().request('GET', `/evidence/${DUMP}/content`, { token: null });
      const after = (await t().request('GET', `/evidence/${DUMP}`)).body.chain_of_custody.length;
      // Only the second metadata read is added.
      expect(after).toBe(before + 1);
    });
  });
});
