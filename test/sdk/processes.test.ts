import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

describeEachTarget('processes', (target) => {
  describe('processes.quarantine', () => {
    it('returns the quarantine with a memory dump given the reference body', async () => {
      const client = target().client();
      const result = await client.processes.quarantine({
        processId: 4532,
        processName: 'suspicious.exe',
        action: 'TERMINATE_AND_QUARANTINE',
        collectMemoryDump: true,
      });
      expect(result).toMatchObject({
        success: true,
        processId: 4532,
        processName: 'suspicious.exe',
        status: 'TERMINATED_AND_QUARANTINED',
        quarantineId: expect.stringMatching(/^quar_/),
        evidenceId: expect.stringMatching(/^evidence_/),
      });
      const evidence = await client.evidence.get(result.evidenceId!);
      expect(evidence.type).toBe('MEMORY_DUMP');
    });
  });
});
