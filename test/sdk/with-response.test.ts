import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

describeEachTarget(
  'withResponse',
  (target) => {
    describe('threats.get(...).withResponse', () => {
      it('returns data, response, requestId and rateLimit given a threat id', async () => {
        const client = target().client();
        const { data: list } = await client.threats.list({ limit: 1 });
        const result = await client.threats.get(list[0]!.id).withResponse();
        expect(result.data.id).toBe(list[0]!.id);
        expect(result.response).toBeInstanceOf(Response);
        expect(result.response.status).toBe(200);
        expect(result.requestId).toMatch(/^req_[0-9a-f]{12}$/);
        expect(result.requestId).toBe(result.response.headers.get('x-request-id'));
        expect(result.rateLimit).toMatchObject({ limit: 50, burstLimit: 200 });
        expect(result.rateLimit!.burstRemaining).toBeLessThan(200);
        expect(client.rateLimit).toEqual(result.rateLimit);
      });
    });

    describe('threats.list(...).withResponse', () => {
      it('returns the page as data given a list call', async () => {
        const result = await target().client().threats.list({ limit: 2 }).withResponse();
        expect(result.data.data).toHaveLength(2);
        expect(result.data.hasNextPage()).toBe(true);
        expect(result.requestId).toMatch(/^req_/);
        expect(result.rateLimit?.limit).toBe(50);
      });
    });

    describe('network.blockIP(...).withResponse', () => {
      it('returns the block as data given an address', async () => {
        const result = await target()
          .client()
          .network.blockIP({ ip: '203.0.113.99' })
          .withResponse();
        expect(result.data).toMatchObject({ value: '203.0.113.99', status: 'active' });
        expect(result.response.status).toBe(201);
      });
    });

    describe('evidence.download(...).withResponse', () => {
      it('returns the bytes and the content hash header given an evidence id', async () => {
        const client = target().client();
        const { evidenceId } = await client.processes.quarantine({
          processId: 77,
          processName: 'miner.exe',
          action: 'TERMINATE',
          collectMemoryDump: true,
        });
        const result = await client.evidence.download(evidenceId!).withResponse();
        expect(result.data).toBeInstanceOf(Uint8Array);
        expect(result.response.headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
      });
    });
  },
  { plan: 'professional' },
);
