import { describe, expect, it } from 'vitest';
import { operations } from '../helpers/spec.js';
import { describeEachTarget } from '../helpers/targets.js';
import { createKey, expectError, expectForbidden } from './support.js';

/** Path parameters that exist in the seeded dataset, or at least are well-formed. */
const PARAMS: Record<string, string> = {
  threat_id: 'threat_7h8i9j0k',
  evidence_id: 'evidence_m3m0ry_dump_id',
  ip: '192.168.1.100',
  block_id: 'block_000000000000',
  key_id: 'key_000000000000',
  webhook_id: 'wh_000000000000',
};

/** Scopes that imply nothing about `scope`'s resource, for 403 checks. */
function unrelatedScope(scope: string): string {
  return scope.startsWith('webhooks:') ? 'evidence:read' : 'webhooks:read';
}

const secured = operations
  .filter((op) => op.requiredScope !== null)
  .map((op) => ({
    ...op,
    url: op.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'unknown'),
    title: `${op.method} ${op.path}`,
  }));

const withBody = (method: string) =>
  method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: {} } : {};

describeEachTarget('authentication and scopes', (t) => {
  it('covers every secured operation of the spec', () => {
    expect(secured.length).toBe(operations.length - 1);
  });

  describe.each(secured)('$title', (op) => {
    it('refuses with 401 given no credentials or unknown ones', async () => {
      const options = withBody(op.method);
      expectError(
        await t().request(op.method, op.url, { ...options, token: null }),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await t().request(op.method, op.url, {
          ...options,
          token: 'cf_live_AAAAAAAAAAAAAAAAAAAAAAAA',
        }),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await t().request(op.method, op.url, { ...options, token: 'not-even-a-key' }),
        401,
        'UNAUTHORIZED',
      );
      const scheme = await t().request(op.method, op.url, {
        ...options,
        token: null,
        headers: { authorization: `Token ${t().apiKey}` },
      });
      expectError(scheme, 401, 'UNAUTHORIZED');
    });

    it(`refuses with 403 naming ${op.requiredScope} given a key without it`, async () => {
      const key = await createKey(t(), [unrelatedScope(op.requiredScope!)]);
      expectForbidden(
        await t().request(op.method, op.url, { ...withBody(op.method), token: key }),
        op.requiredScope!,
      );
    });

    it(`passes authorisation given a key with exactly ${op.requiredScope}`, async () => {
      const key = await createKey(t(), [op.requiredScope!]);
      const reply = await t().request(op.method, op.url, { ...withBody(op.method), token: key });
      expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).not.toBe(401);
      expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).not.toBe(403);
      expect(reply.status).toBeLessThan(500);
    });
  });

  describe('scope implication', () => {
    it.each([
      ['threats:write', 'GET', '/threats?limit=1'],
      ['network:write', 'GET', '/network/blocks'],
      ['webhooks:write', 'GET', '/webhooks'],
      ['api_keys:write', 'GET', '/api-keys'],
      ['monitoring:admin', 'GET', '/monitoring/status'],
      ['monitoring:write', 'GET', '/monitoring/status'],
    ])('lets %s serve %s %s', async (scope, method, path) => {
      const key = await createKey(t(), [scope]);
      expect((await t().request(method, path, { token: key })).status).toBe(200);
    });

    it('lets monitoring:admin change the mode', async () => {
      const key = await createKey(t(), ['monitoring:admin']);
      const reply = await t().request('PUT', '/monitoring/mode', {
        token: key,
        body: { mode: 'STANDARD' },
      });
      expect(reply.status).toBe(200);
    });

    it('does not let a read scope write', async () => {
      const key = await createKey(t(), ['threats:read', 'monitoring:read', 'network:read']);
      expectForbidden(
        await t().request('PUT', '/monitoring/mode', { token: key, body: { mode: 'STANDARD' } }),
        'monitoring:write',
      );
      expectForbidden(
        await t().request('DELETE', '/network/blocks/block_000000000000', { token: key }),
        'network:write',
      );
    });
  });

  describe('credentials and state', () => {
    it('forgets keys created before a reset', async () => {
      const key = await createKey(t(), ['threats:read']);
      await t().control('POST', '/reset');
      expectError(
        await t().request('GET', '/threats?limit=1', { token: key }),
        401,
        'UNAUTHORIZED',
      );
      expect((await t().request('GET', '/threats?limit=1')).status).toBe(200);
    });

    it("hands out the mock's own test key through the control API", async () => {
      const credentials = (await t().control('GET', '/credentials')).body;
      expect(credentials.api_key).toBe(t().apiKey);
      expect(credentials.api_key).toMatch(/^cf_(live|test)_[0-9A-Za-z]{24}$/);
    });

    it('answers an unknown route with 404 before asking for credentials', async () => {
      expectError(await t().request('GET', '/no-such-thing', { token: null }), 404, 'NOT_FOUND');
    });
  });
});

describeEachTarget(
  'extra API keys',
  (t) => {
    it('accepts a key given to the mock at start with every scope, and again after a reset', async () => {
      const token = 'cf_test_ci0000000000000000000000';
      expect((await t().request('GET', '/threats?limit=1', { token })).status).toBe(200);
      expect(
        (await t().request('PUT', '/monitoring/mode', { token, body: { mode: 'ENTERPRISE' } }))
          .status,
      ).toBe(200);
      await t().control('POST', '/reset');
      expect((await t().request('GET', '/api-keys', { token })).status).toBe(200);
    });
  },
  { apiKeys: ['cf_test_ci0000000000000000000000'] },
);
