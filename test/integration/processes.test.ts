import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import {
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  reference,
  sha256Hex,
} from './support.js';

const STATUS_BY_ACTION: Record<string, string> = {
  TERMINATE: 'TERMINATED',
  QUARANTINE: 'QUARANTINED',
  TERMINATE_AND_QUARANTINE: 'TERMINATED_AND_QUARANTINED',
  SUSPEND: 'SUSPENDED',
};

describeEachTarget('processes', (t) => {
  describe('POST /processes/quarantine', () => {
    it("quarantines the reference's process and collects a memory dump whose content hash is true", async () => {
      const reply = await t().request('POST', '/processes/quarantine', {
        body: reference.quarantine,
      });
      expect(reply.status).toBe(201);
      const result = reply.body;
      expect(result).toMatchObject({
        success: true,
        process_id: 4532,
        process_name: 'suspicious.exe',
        action: 'TERMINATE_AND_QUARANTINE',
        status: 'TERMINATED_AND_QUARANTINED',
        threat_id: null,
        quarantined_at: '2025-01-15T15:00:00Z',
      });
      expect(result.quarantine_id).toMatch(/^quar_[A-Za-z0-9]{12}$/);
      expect(result.evidence_id).toMatch(/^evidence_[A-Za-z0-9]{12}$/);

      const evidence = await t().request('GET', `/evidence/${result.evidence_id}`);
      expect(evidence.status).toBe(200);
      expect(evidence.body).toMatchObject({
        type: 'MEMORY_DUMP',
        collected_at: '2025-01-15T15:00:00Z',
      });
      expect(evidence.body.chain_of_custody[0].action).toBe('Collected');
      const content = await t().request('GET', `/evidence/${result.evidence_id}/content`);
      expect(content.status).toBe(200);
      expect(content.body.byteLength).toBe(evidence.body.size_bytes);
      expect(`sha256:${sha256Hex(content.body)}`).toBe(evidence.body.hash);
    });

    it('collects no evidence unless asked and maps each action to its status', async () => {
      for (const [action, status] of Object.entries(STATUS_BY_ACTION)) {
        const body = { process_id: 100, process_name: 'miner', action };
        const reply = await t().request('POST', '/processes/quarantine', { body });
        expect(reply.status).toBe(201);
        expect(reply.body).toMatchObject({ action, status, evidence_id: null });
      }
    });

    it('links the quarantine and its evidence to a threat given an existing threat_id', async () => {
      const body = {
        ...reference.quarantine,
        threat_id: 'threat_7h8i9j0k',
        hostname: 'WORKSTATION-01',
      };
      const reply = await t().request('POST', '/processes/quarantine', { body });
      expect(reply.body.threat_id).toBe('threat_7h8i9j0k');
      const evidence = await t().request('GET', `/evidence/${reply.body.evidence_id}`);
      expect(evidence.body.threat_id).toBe('threat_7h8i9j0k');
    });

    it.each([
      [
        'an unknown threat_id',
        { ...reference.quarantine, threat_id: 'threat_zzzzzzzz' },
        'threat_id',
      ],
      ['process_id 0', { ...reference.quarantine, process_id: 0 }, 'process_id'],
      ['a string process_id', { ...reference.quarantine, process_id: '4532' }, 'process_id'],
      ['a fractional process_id', { ...reference.quarantine, process_id: 45.5 }, 'process_id'],
      ['no process_name', { process_id: 4532, action: 'TERMINATE' }, 'process_name'],
      ['an unknown action', { ...reference.quarantine, action: 'DELETE' }, 'action'],
      [
        'a string collect_memory_dump',
        { ...reference.quarantine, collect_memory_dump: 'yes' },
        'collect_memory_dump',
      ],
      ['an unknown field', { ...reference.quarantine, force: true }, 'force'],
    ])('refuses with 400 given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/processes/quarantine', { body }), field);
    });

    it('refuses with 401 without a token and 403 naming processes:write without it', async () => {
      expectError(
        await t().request('POST', '/processes/quarantine', {
          body: reference.quarantine,
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:write']);
      expectForbidden(
        await t().request('POST', '/processes/quarantine', {
          body: reference.quarantine,
          token: key,
        }),
        'processes:write',
      );
    });
  });
});
