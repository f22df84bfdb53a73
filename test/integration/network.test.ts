import { describe, expect, it } from 'vitest';
import { describeEachTarget, type Target } from '../helpers/targets.js';
import { createKey, expectError, expectForbidden, expectInvalid, reference } from './support.js';

async function block(t: Target, body: unknown): Promise<any> {
  const reply = await t.request('POST', '/network/block', { body });
  expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(201);
  return reply.body;
}

async function activeIds(t: Target): Promise<string[]> {
  const reply = await t.request('GET', '/network/blocks?limit=100');
  expect(reply.status).toBe(200);
  return reply.body.data.map((item: { id: string }) => item.id);
}

describeEachTarget('network', (t) => {
  describe('POST /network/block', () => {
    it("returns 201 with three active blocks given the reference's three targets", async () => {
      const result = await block(t(), reference.block);
      expect(result.success).toBe(true);
      expect(result.message).toBeTypeOf('string');
      expect(result.blocks).toHaveLength(3);
      reference.block.targets.forEach((target, index) => {
        expect(result.blocks[index]).toMatchObject({
          type: target.type,
          value: target.value,
          reason: 'C2 communication detected',
          status: 'active',
          created_at: '2025-01-15T15:00:00Z',
          expires_at: '2025-01-16T15:00:00Z',
          auto_unblock: true,
          removed_at: null,
        });
        expect(result.blocks[index].id).toMatch(/^block_[A-Za-z0-9]{12}$/);
      });
    });

    it('lists the new blocks and reports the blocked address, range and its members in a check', async () => {
      const before = await t().request('GET', '/network/blocks?limit=100');
      const result = await block(t(), reference.block);
      const after = await t().request('GET', '/network/blocks?limit=100');
      expect(after.body.pagination.total).toBe(before.body.pagination.total + 3);
      const ids = after.body.data.map((item: { id: string }) => item.id);
      for (const created of result.blocks) expect(ids).toContain(created.id);
      for (const ip of ['203.0.113.42', '198.51.100.0', '198.51.100.7', '198.51.100.255']) {
        expect((await t().request('GET', `/threats/check/${ip}`)).body.blocked, ip).toBe(true);
      }

      expect((await t().request('GET', '/threats/check/198.51.101.1')).body.blocked).toBe(false);
    });

    it('returns an expiry from each duration unit and none for a permanent block', async () => {
      const cases: [string | undefined, string | null][] = [
        ['45s', '2025-01-15T15:00:45Z'],
        ['30m', '2025-01-15T15:30:00Z'],
        ['24h', '2025-01-16T15:00:00Z'],
        ['7d', '2025-01-22T15:00:00Z'],
        ['365d', '2026-01-15T15:00:00Z'],
        [undefined, null],
      ];
      for (const [index, [duration, expires]] of cases.entries()) {
        const body = {
          targets: [{ type: 'ip', value: `203.0.113.${index + 1}` }],
          ...(duration ? { duration } : {}),
        };
        const result = await block(t(), body);
        expect(result.blocks[0].expires_at, duration).toBe(expires);
      }
    });

    it('extends an active block of the same target instead of duplicating it', async () => {
      const first = await block(t(), {
        targets: [{ type: 'ip', value: '203.0.113.9' }],
        duration: '1h',
      });
      const second = await block(t(), {
        targets: [{ type: 'ip', value: '203.0.113.9' }],
        duration: '2h',
      });
      expect(second.blocks[0].id).toBe(first.blocks[0].id);
      expect(second.blocks[0].expires_at).toBe('2025-01-15T17:00:00Z');
      const matching = (await t().request('GET', '/network/blocks?limit=100')).body.data.filter(
        (item: { value: string }) => item.value === '203.0.113.9',
      );
      expect(matching).toHaveLength(1);
    });

    it('expires a 30m block once the clock passes it', async () => {
      const result = await block(t(), {
        targets: [{ type: 'ip', value: '203.0.113.50' }],
        duration: '30m',
      });
      const id = result.blocks[0].id;
      expect(await activeIds(t())).toContain(id);
      await t().control('POST', '/clock', { advance: '31m' });
      expect(await activeIds(t())).not.toContain(id);
      const expired = await t().request('GET', '/network/blocks?status=expired&limit=100');
      const found = expired.body.data.find((item: { id: string }) => item.id === id);
      expect(found).toMatchObject({ status: 'expired', expires_at: '2025-01-15T15:30:00Z' });
      expect((await t().request('GET', '/threats/check/203.0.113.50')).body.blocked).toBe(false);
    });

    it('keeps a block with auto_unblock false active after its duration', async () => {
      const result = await block(t(), {
        targets: [{ type: 'ip', value: '203.0.113.51' }],
        duration: '30m',
        auto_unblock: false,
      });
      await t().control('POST', '/clock', { advance: '2h' });
      expect(await activeIds(t())).toContain(result.blocks[0].id);
    });

    it.each([
      ['an invalid IP', [{ type: 'ip', value: '203.0.113.256' }], 'targets[0].value'],
      ['a CIDR given as an ip', [{ type: 'ip', value: '198.51.100.0/24' }], 'targets[0].value'],
      [
        'a CIDR with host bits set',
        [{ type: 'cidr', value: '198.51.100.1/24' }],
        'targets[0].value',
      ],
      ['a CIDR broader than /8', [{ type: 'cidr', value: '0.0.0.0/0' }], 'targets[0].value'],
      ['a CIDR without a prefix', [{ type: 'cidr', value: '198.51.100.0' }], 'targets[0].value'],
      ['an invalid domain', [{ type: 'domain', value: 'not a domain' }], 'targets[0].value'],
      ['a bare hostname', [{ type: 'domain', value: 'localhost' }], 'targets[0].value'],
      [
        'one bad target among good ones',
        [
          { type: 'ip', value: '203.0.113.60' },
          { type: 'domain', value: '-bad-.com' },
        ],
        'targets[1].value',
      ],
      ['an unknown target type', [{ type: 'mac', value: 'aa:bb:cc:dd:ee:ff' }], 'targets[0].type'],
      ['no targets', [], 'targets'],
    ])('refuses with 400 and blocks nothing given %s', async (_, targets, field) => {
      const before = await activeIds(t());
      expectInvalid(
        await t().request('POST', '/network/block', { body: { targets, duration: '1h' } }),
        field,
      );
      expect(await activeIds(t())).toEqual(before);
    });

    it.each(['24x', '0h', '1.5h', '366d', 'forever', '-1d'])(
      'refuses with 400 naming duration given %s',
      async (duration) => {
        const before = await activeIds(t());
        const body = { targets: [{ type: 'ip', value: '203.0.113.70' }], duration };
        expectInvalid(await t().request('POST', '/network/block', { body }), 'duration');
        expect(await activeIds(t())).toEqual(before);
      },
    );

    it('refuses with 400 given more than 100 targets or a reason over 500 characters', async () => {
      const targets = Array.from({ length: 101 }, (_, i) => ({
        type: 'ip',
        value: `10.0.${i >> 8}.${i & 255}`,
      }));
      expectInvalid(await t().request('POST', '/network/block', { body: { targets } }), 'targets');
      const reason = 'x'.repeat(501);
      const body = { targets: [{ type: 'ip', value: '203.0.113.71' }], reason };
      expectInvalid(await t().request('POST', '/network/block', { body }), 'reason');
    });

    it('refuses with 401 without a token and 403 naming network:write given a read-only key', async () => {
      const before = await activeIds(t());
      expectError(
        await t().request('POST', '/network/block', { body: reference.block, token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['network:read']);
      expectForbidden(
        await t().request('POST', '/network/block', { body: reference.block, token: key }),
        'network:write',
      );
      expect(await activeIds(t())).toEqual(before);
    });
  });

  describe('GET /network/blocks', () => {
    it('filters by type and pages with a true total', async () => {
      await block(t(), reference.block);
      const cidrs = await t().request('GET', '/network/blocks?type=cidr&limit=100');
      expect(cidrs.status).toBe(200);
      expect(cidrs.body.data.length).toBeGreaterThan(0);
      for (const item of cidrs.body.data) expect(item.type).toBe('cidr');
      const page = await t().request('GET', '/network/blocks?limit=1');
      expect(page.body.data).toHaveLength(1);
      expect(page.body.pagination).toMatchObject({ limit: 1, offset: 0 });
      expect(page.body.pagination.has_more).toBe(page.body.pagination.total > 1);
    });

    it.each([
      ['status=gone', 'status'],
      ['type=mac', 'type'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
    ])('refuses with 400 given %s', async (query, field) => {
      expectInvalid(await t().request('GET', `/network/blocks?${query}`), field);
    });

    it('refuses with 401 without a token and 403 naming network:read without it', async () => {
      expectError(
        await t().request('GET', '/network/blocks', { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(await t().request('GET', '/network/blocks', { token: key }), 'network:read');
    });

    it('serves a key with network:write, which implies read', async () => {
      const key = await createKey(t(), ['network:write']);
      expect((await t().request('GET', '/network/blocks', { token: key })).status).toBe(200);
    });
  });

  describe('DELETE /network/blocks/{block_id}', () => {
    it('removes an active block, then refuses a second removal with 409', async () => {
      await t().control('POST', '/clock', { advance: '10m' });
      const created = (await block(t(), { targets: [{ type: 'ip', value: '203.0.113.80' }] }))
        .blocks[0];
      const removed = await t().request('DELETE', `/network/blocks/${created.id}`);
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({
        id: created.id,
        status: 'removed',
        removed_at: '2025-01-15T15:10:00Z',
      });
      expect(await activeIds(t())).not.toContain(created.id);
      const listed = await t().request('GET', '/network/blocks?status=removed&limit=100');
      expect(listed.body.data.map((item: { id: string }) => item.id)).toContain(created.id);
      expect((await t().request('GET', '/threats/check/203.0.113.80')).body.blocked).toBe(false);
      expectError(await t().request('DELETE', `/network/blocks/${created.id}`), 409, 'CONFLICT');
    });

    it('refuses to remove an expired block with 409', async () => {
      const created = (
        await block(t(), { targets: [{ type: 'ip', value: '203.0.113.81' }], duration: '30m' })
      ).blocks[0];
      await t().control('POST', '/clock', { advance: '31m' });
      expectError(await t().request('DELETE', `/network/blocks/${created.id}`), 409, 'CONFLICT');
    });

    it('refuses with 404 given an unknown id', async () => {
      expectError(
        await t().request('DELETE', '/network/blocks/block_000000000000'),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses with 401 without a token and 403 naming network:write given a read-only key', async () => {
      const created = (await block(t(), { targets: [{ type: 'ip', value: '203.0.113.82' }] }))
        .blocks[0];
      expectError(
        await t().request('DELETE', `/network/blocks/${created.id}`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['network:read']);
      expectForbidden(
        await t().request('DELETE', `/network/blocks/${created.id}`, { token: key }),
        'network:write',
      );
      expect(await activeIds(t())).toContain(created.id);
    });
  });
});
