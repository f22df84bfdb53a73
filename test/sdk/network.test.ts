import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/index.js';
import { describeEachTarget } from './support.js';

describeEachTarget('network', (target) => {
  describe('network.block', () => {
    it('returns one block per target given the reference body', async () => {
      const result = await target()
        .client()
        .network.block({
          targets: [
            { type: 'ip', value: '203.0.113.42' },
            { type: 'cidr', value: '198.51.100.0/24' },
            { type: 'domain', value: 'malicious-domain.com' },
          ],
          duration: '24h',
          reason: 'C2 communication detected',
          autoUnblock: true,
        });
      expect(result.success).toBe(true);
      expect(result.blocks.map((block) => block.value)).toEqual([
        '203.0.113.42',
        '198.51.100.0/24',
        'malicious-domain.com',
      ]);
      expect(result.blocks[0]).toMatchObject({ status: 'active', autoUnblock: true });
    });
  });

  describe('network.blockIP', () => {
    it('returns the block given one address and a duration', async () => {
      const block = await target()
        .client()
        .network.blockIP({ ip: '203.0.113.7', duration: '24h', reason: 'High threat score' });
      expect(block).toMatchObject({
        id: expect.stringMatching(/^block_/),
        type: 'ip',
        value: '203.0.113.7',
        reason: 'High threat score',
        status: 'active',
        expiresAt: expect.any(String),
      });
    });

    it('returns the same block extended given the same address twice', async () => {
      const client = target().client();
      const first = await client.network.blockIP({ ip: '203.0.113.8', duration: '1h' });
      const second = await client.network.blockIP({ ip: '203.0.113.8', duration: '7d' });
      expect(second.id).toBe(first.id);
    });
  });

  describe('network.listBlocks', () => {
    it('returns active blocks given no params, and iterates them all', async () => {
      const client = target().client();
      await client.network.block({
        targets: Array.from({ length: 25 }, (_, i) => ({
          type: 'ip' as const,
          value: `198.51.100.${i + 1}`,
        })),
      });
      const page = await client.network.listBlocks({ limit: 10 });
      expect(page.data).toHaveLength(10);
      expect(page.pagination.total).toBeGreaterThanOrEqual(25);
      const ids = new Set<string>();
      for await (const block of client.network.listBlocks({ limit: 10, type: 'ip' }))
        ids.add(block.id);
      expect(ids.size).toBe(page.pagination.total);
    });
  });

  describe('network.unblock', () => {
    it('returns the removed block given its id, and a ConflictError the second time', async () => {
      const client = target().client();
      const block = await client.network.blockIP({ ip: '203.0.113.9' });
      const removed = await client.network.unblock(block.id);
      expect(removed).toMatchObject({
        id: block.id,
        status: 'removed',
        removedAt: expect.any(String),
      });
      await expect(client.network.unblock(block.id, { maxRetries: 0 })).rejects.toBeInstanceOf(
        ConflictError,
      );
      const removedList = await client.network.listBlocks({ status: 'removed' });
      expect(removedList.data.map((b) => b.id)).toContain(block.id);
    });
  });
});
