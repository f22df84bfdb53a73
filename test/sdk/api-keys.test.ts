import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../src/index.js';
import { describeEachTarget } from './support.js';

describeEachTarget('apiKeys', (target) => {
  describe('apiKeys.create', () => {
    it('returns the new key, usable at once, given the reference body', async () => {
      const client = target().client();
      const created = await client.apiKeys.create({
        name: 'Production Integration',
        permissions: ['threats:read', 'monitoring:write'],
        expiresAt: '2025-12-31T23:59:59Z',
        ipWhitelist: ['127.0.0.0/8', '192.168.1.0/24'],
      });
      expect(created).toMatchObject({
        apiKey: expect.stringMatching(/^cf_live_[0-9A-Za-z]{24}$/),
        keyId: expect.stringMatching(/^key_/),
        permissions: ['threats:read', 'monitoring:write'],
        expiresAt: '2025-12-31T23:59:59Z',
      });
      const limited = target().client({ apiKey: created.apiKey });
      expect((await limited.threats.list({ limit: 1 })).data).toHaveLength(1);
    });
  });

  describe('apiKeys.list', () => {
    it('returns keys without secrets across pages given a small limit', async () => {
      const client = target().client();
      for (let i = 0; i < 3; i++) {
        await client.apiKeys.create({ name: `key ${i}`, permissions: ['threats:read'] });
      }

      const page = await client.apiKeys.list({ limit: 2 });
      expect(page.data).toHaveLength(2);
      expect(page.data[0]).toHaveProperty('prefix');
      expect(page.data[0]).not.toHaveProperty('apiKey');
      let count = 0;
      for await (const key of client.apiKeys.list({ limit: 2 })) {
        expect(key.keyId).toMatch(/^key_/);
        count += 1;
      }

      expect(count).toBe(page.pagination.total);
    });
  });

  describe('apiKeys.revoke', () => {
    it('returns the revoked key, which then fails, given its id', async () => {
      const client = target().client();
      const created = await client.apiKeys.create({
        name: 'short-lived',
        permissions: ['threats:read'],
      });
      const revoked = await client.apiKeys.revoke(created.keyId);
      expect(revoked).toMatchObject({ keyId: created.keyId, status: 'revoked' });
      await expect(
        target().client({ apiKey: created.apiKey }).threats.list(),
      ).rejects.toBeInstanceOf(UnauthorizedError);
    });
  });
});
