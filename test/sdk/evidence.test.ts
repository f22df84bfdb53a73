import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CyberFortress } from '../../src/index.js';
import { describeEachTarget } from './support.js';

/** The id of some evidence in the seeded data: the first threat with a memory dump. */
async function someEvidenceId(client: CyberFortress): Promise<string> {
  for await (const threat of client.threats.list({ limit: 100 })) {
    const detail = await client.threats.get(threat.id);
    const id = detail.fullAnalysis.evidence.memoryDump ?? detail.fullAnalysis.evidence.processTree;
    if (id) return id;
  }

  throw new Error('no seeded evidence');
}

describeEachTarget('evidence', (target) => {
  describe('evidence.get', () => {
    it('returns metadata with a chain of custody given an evidence id', async () => {
      const client = target().client();
      const id = await someEvidenceId(client);
      const evidence = await client.evidence.get(id);
      expect(evidence).toMatchObject({ id, hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(evidence.sizeBytes).toBeGreaterThan(0);
      expect(evidence.chainOfCustody.at(-1)!.action).toBe('Accessed');
    });
  });

  describe('evidence.download', () => {
    it('returns the bytes whose SHA-256 matches the metadata given an evidence id', async () => {
      const client = target().client();
      const id = await someEvidenceId(client);
      const bytes = await client.evidence.download(id);
      expect(bytes).toBeInstanceOf(Uint8Array);
      const evidence = await client.evidence.get(id);
      expect(bytes.byteLength).toBe(evidence.sizeBytes);
      expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(evidence.hash);
      expect(evidence.chainOfCustody.map((entry) => entry.action)).toContain('Downloaded');
    });
  });
});
