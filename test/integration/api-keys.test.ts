import { describe, expect, it } from 'vitest';
import { describeEachTarget, type Target } from '../helpers/targets.js';
import {
  CLOCK_START,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  reference,
} from './support.js';

/** The reference's body, reachable from this test's client address. */
const fromLoopback = { ...reference.createApiKey, ip_whitelist: ['127.0.0.0/8'] };

async function listKeys(t: Target): Promise<any> {
  const reply = await t.request('GET', '/api-keys?limit=100');
  expect(reply.status).toBe(200);
  return reply.body;
}

describeEachTarget('api keys', (t) => {
  describe('POST /api-keys', () => {
    it("returns 201 with a cf_live_ key shown once given the reference's body", async () => {
      const reply = await t().request('POST', '/api-keys', { body: reference.createApiKey });
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        api_key: expect.stringMatching(/^cf_live_[0-9A-Za-z]{24}$/),
        key_id: expect.stringMatching(/^key_[0-9a-f]{12}$/),
        name: 'Production Integration',
        permissions: ['threats:read', 'monitoring:write'],
        environment: 'live',
        ip_whitelist: ['192.168.1.0/24'],
        created_at: CLOCK_START,
        expires_at: '2025-12-31T23:59:59Z',
      });
      const listed = await listKeys(t());
      expect(JSON.stringify(listed)).not.toContain(reply.body.api_key);
    });

    it('returns a cf_test_ key given environment test', async () => {
      const reply = await t().request('POST', '/api-keys', {
        body: { name: 'CI', permissions: ['threats:read'], environment: 'test' },
      });
      expect(reply.status).toBe(201);
      expect(reply.body.api_key).toMatch(/^cf_test_[0-9A-Za-z]{24}$/);
      expect(reply.body).toMatchObject({ environment: 'test', expires_at: null, ip_whitelist: [] });
    });

    it('authenticates with the new key for its scopes and refuses others with 403 naming the scope', async () => {
      const key = (await t().request('POST', '/api-keys', { body: fromLoopback })).body.api_key;
      const threats = await t().request('GET', '/threats?limit=1', { token: key });
      expect(threats.status).toBe(200);
      expect(threats.body.pagination.total).toBe(1247);
      // monitoring:write implies monitoring:read.
      expect((await t().request('GET', '/monitoring/status', { token: key })).status).toBe(200);
      expectForbidden(
        await t().request('POST', '/threats', { token: key, body: reference.reportThreat }),
        'threats:write',
      );
      expectForbidden(await t().request('GET', '/network/blocks', { token: key }), 'network:read');
      expectForbidden(await t().request('GET', '/api-keys', { token: key }), 'api_keys:read');
    });

    it('refuses with 403 a key whose IP whitelist excludes the client, and serves it from an allowed range', async () => {
      const outside = (await t().request('POST', '/api-keys', { body: reference.createApiKey }))
        .body.api_key;
      expectError(
        await t().request('GET', '/threats?limit=1', { token: outside }),
        403,
        'FORBIDDEN',
      );
      const inside = (await t().request('POST', '/api-keys', { body: fromLoopback })).body.api_key;
      expect((await t().request('GET', '/threats?limit=1', { token: inside })).status).toBe(200);
      const exact = await createKey(t(), ['threats:read'], { ip_whitelist: ['127.0.0.1'] });
      expect((await t().request('GET', '/threats?limit=1', { token: exact })).status).toBe(200);
    });

    it('refuses with 401 a key once its expiry passes on the mock clock', async () => {
      const key = await createKey(t(), ['threats:read'], { expires_at: '2025-01-15T16:00:00Z' });
      expect((await t().request('GET', '/threats?limit=1', { token: key })).status).toBe(200);
      await t().control('POST', '/clock', { advance: '61m' });
      expectError(
        await t().request('GET', '/threats?limit=1', { token: key }),
        401,
        'UNAUTHORIZED',
      );
      const listed = (await listKeys(t())).data.find((item: { name: string }) =>
        item.name.startsWith('limited'),
      );
      expect(listed.status).toBe('expired');
    });

    it('refuses with 403 a permission the caller lacks', async () => {
      const creator = await createKey(t(), ['api_keys:write', 'threats:read']);
      const reply = await t().request('POST', '/api-keys', {
        token: creator,
        body: { name: 'escalation', permissions: ['threats:read', 'network:write'] },
      });
      expectError(reply, 403, 'FORBIDDEN');
      const allowed = await t().request('POST', '/api-keys', {
        token: creator,
        body: { name: 'narrower', permissions: ['threats:read'] },
      });
      expect(allowed.status).toBe(201);
    });

    it.each([
      ['no name', { permissions: ['threats:read'] }, 'name'],
      ['an empty name', { name: '', permissions: ['threats:read'] }, 'name'],
      [
        'a name over 100 characters',
        { name: 'n'.repeat(101), permissions: ['threats:read'] },
        'name',
      ],
      ['no permissions', { name: 'k', permissions: [] }, 'permissions'],
      [
        'an unknown permission',
        { name: 'k', permissions: ['threats:read', 'root'] },
        'permissions[1]',
      ],
      [
        'an expiry in the past',
        { name: 'k', permissions: ['threats:read'], expires_at: '2024-01-01T00:00:00Z' },
        'expires_at',
      ],
      [
        'an expiry that is not a date',
        { name: 'k', permissions: ['threats:read'], expires_at: 'soon' },
        'expires_at',
      ],
      [
        'an invalid whitelist entry',
        { name: 'k', permissions: ['threats:read'], ip_whitelist: ['10.0.0.1', '10.0.0.0/33'] },
        'ip_whitelist[1]',
      ],
      [
        'a CIDR with host bits set',
        { name: 'k', permissions: ['threats:read'], ip_whitelist: ['192.168.1.1/24'] },
        'ip_whitelist[0]',
      ],
      [
        'an unknown environment',
        { name: 'k', permissions: ['threats:read'], environment: 'prod' },
        'environment',
      ],
      ['an unknown field', { name: 'k', permissions: ['threats:read'], admin: true }, 'admin'],
    ])('refuses with 400 and creates nothing given %s', async (_, body, field) => {
      const before = (await listKeys(t())).pagination.total;
      expectInvalid(await t().request('POST', '/api-keys', { body }), field);
      expect((await listKeys(t())).pagination.total).toBe(before);
    });

    it('refuses with 401 without a token and 403 naming api_keys:write given a read-only key', async () => {
      expectError(
        await t().request('POST', '/api-keys', { body: reference.createApiKey, token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['api_keys:read']);
      expectForbidden(
        await t().request('POST', '/api-keys', { body: reference.createApiKey, token: key }),
        'api_keys:write',
      );
    });
  });

  describe('GET /api-keys', () => {
    it('lists created keys with their prefix and never the secret', async () => {
      const created = (await t().request('POST', '/api-keys', { body: reference.createApiKey }))
        .body;
      const listed = await listKeys(t());
      const item = listed.data.find((entry: { key_id: string }) => entry.key_id === created.key_id);
      expect(item).toEqual({
        key_id: created.key_id,
        name: 'Production Integration',
        prefix: created.api_key.slice(0, 12),
        permissions: ['threats:read', 'monitoring:write'],
        environment: 'live',
        ip_whitelist: ['192.168.1.0/24'],
        status: 'active',
        created_at: CLOCK_START,
        expires_at: '2025-12-31T23:59:59Z',
        last_used_at: null,
        revoked_at: null,
      });
      expect(JSON.stringify(listed)).not.toContain(created.api_key);
    });

    it('records when a key was last used', async () => {
      const created = (await t().request('POST', '/api-keys', { body: fromLoopback })).body;
      await t().control('POST', '/clock', { advance: '3m' });
      await t().request('GET', '/threats?limit=1', { token: created.api_key });
      const item = (await listKeys(t())).data.find(
        (entry: { key_id: string }) => entry.key_id === created.key_id,
      );
      expect(item.last_used_at).toBe('2025-01-15T15:03:00Z');
    });

    it('refuses with 401 without a token and 403 naming api_keys:read without it', async () => {
      expectError(await t().request('GET', '/api-keys', { token: null }), 401, 'UNAUTHORIZED');
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(await t().request('GET', '/api-keys', { token: key }), 'api_keys:read');
    });
  });

  describe('DELETE /api-keys/{key_id}', () => {
    it('revokes a key, which then gets 401 and shows as revoked', async () => {
      await t().control('POST', '/clock', { advance: '5m' });
      const created = (await t().request('POST', '/api-keys', { body: fromLoopback })).body;
      expect(
        (await t().request('GET', '/threats?limit=1', { token: created.api_key })).status,
      ).toBe(200);
      const revoked = await t().request('DELETE', `/api-keys/${created.key_id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        key_id: created.key_id,
        status: 'revoked',
        revoked_at: '2025-01-15T15:05:00Z',
      });
      expect(JSON.stringify(revoked.body)).not.toContain(created.api_key);
      expectError(
        await t().request('GET', '/threats?limit=1', { token: created.api_key }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses with 404 given an unknown id, 401 without a token and 403 given a read-only key', async () => {
      expectError(await t().request('DELETE', '/api-keys/key_000000000000'), 404, 'NOT_FOUND');
      const created = (await t().request('POST', '/api-keys', { body: fromLoopback })).body;
      expectError(
        await t().request('DELETE', `/api-keys/${created.key_id}`, { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const reader = await createKey(t(), ['api_keys:read']);
      expectForbidden(
        await t().request('DELETE', `/api-keys/${created.key_id}`, { token: reader }),
        'api_keys:write',
      );
      expect(
        (await t().request('GET', '/threats?limit=1', { token: created.api_key })).status,
      ).toBe(200);
    });
  });
});
