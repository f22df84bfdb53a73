import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../mock-server/http/types.js';
import { hasScope } from '../../../mock-server/domain/backend.js';
import { ALL_SCOPES } from '../../../mock-server/domain/scopes.js';
import { frozenBackend, invalidFields, refusal } from './support.js';

const ADMIN: Principal = { id: 'key_admin', kind: 'api_key', scopes: ALL_SCOPES };

describe('hasScope', () => {
  it('returns true given an implied scope', () => {
    expect(hasScope(['threats:write'], 'threats:read')).toBe(true);
    expect(hasScope(['monitoring:admin'], 'monitoring:write')).toBe(true);
    expect(hasScope(['monitoring:admin'], 'monitoring:read')).toBe(true);
  });

  it('returns false given a scope that implies nothing needed', () => {
    expect(hasScope(['threats:read'], 'threats:write')).toBe(false);
    expect(hasScope(['monitoring:write'], 'monitoring:admin')).toBe(false);
    expect(hasScope(['processes:write'], 'network:read')).toBe(false);
  });
});

describe('credentials: API keys', () => {
  it('returns a principal with every scope given the seeded test key, deterministic from the seed', () => {
    const backend = frozenBackend();
    const { apiKey } = backend.credentials.testCredentials();
    expect(apiKey).toMatch(/^cf_test_[0-9A-Za-z]{24}$/);
    expect(frozenBackend().credentials.testCredentials().apiKey).toBe(apiKey);
    expect(frozenBackend({ seed: 5 }).credentials.testCredentials().apiKey).not.toBe(apiKey);
    expect(backend.credentials.authenticate(apiKey, '127.0.0.1').scopes).toEqual(ALL_SCOPES);
  });

  it('returns a key shown once, listed by prefix only, that authenticates until revoked', () => {
    const backend = frozenBackend();
    const created = backend.credentials.createApiKey(ADMIN, {
      name: 'ci',
      permissions: ['threats:read'],
    });
    expect(created.api_key).toMatch(/^cf_live_[0-9A-Za-z]{24}$/);
    expect(created.key_id).toMatch(/^key_[0-9a-f]{12}$/);
    const principal = backend.credentials.authenticate(created.api_key, '10.0.0.1');
    expect(principal).toEqual({ id: created.key_id, kind: 'api_key', scopes: ['threats:read'] });
    const listed = backend.credentials
      .listApiKeys({ limit: 100, offset: 0 })
      .data.find((key) => key.key_id === created.key_id)!;
    expect(listed).toMatchObject({
      prefix: created.api_key.slice(0, 12),
      status: 'active',
      last_used_at: '2025-01-15T15:00:00Z',
    });
    expect(JSON.stringify(listed)).not.toContain(created.api_key);
    expect(backend.credentials.revokeApiKey(created.key_id).status).toBe('revoked');
    expect(
      refusal(() => backend.credentials.authenticate(created.api_key, '10.0.0.1')).message,
    ).toBe('API key revoked');
    expect(refusal(() => backend.credentials.revokeApiKey(created.key_id)).code).toBe('CONFLICT');
  });

  it('refuses an expired key once the clock passes expires_at', () => {
    const backend = frozenBackend();
    const created = backend.credentials.createApiKey(ADMIN, {
      name: 'short',
      permissions: ['threats:read'],
      expires_at: '2025-01-15T16:00:00Z',
      environment: 'test',
    });
    expect(created.api_key.startsWith('cf_test_')).toBe(true);
    backend.clock.advance(3_600_000);
    const error = refusal(() => backend.credentials.authenticate(created.api_key, '1.1.1.1'));
    expect([error.code, error.message]).toEqual(['UNAUTHORIZED', 'API key expired']);
  });

  it('refuses a caller outside the whitelist with FORBIDDEN and accepts IPv4-mapped IPv6 inside it', () => {
    const backend = frozenBackend();
    const created = backend.credentials.createApiKey(ADMIN, {
      name: 'office',
      permissions: ['threats:read'],
      ip_whitelist: ['192.168.1.0/24', '127.0.0.1'],
    });
    expect(backend.credentials.authenticate(created.api_key, '192.168.1.77').id).toBe(
      created.key_id,
    );
    expect(backend.credentials.authenticate(created.api_key, '::ffff:127.0.0.1').id).toBe(
      created.key_id,
    );
    expect(
      refusal(() => backend.credentials.authenticate(created.api_key, '192.168.2.1')).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses unknown, malformed and empty tokens with UNAUTHORIZED without echoing them', () => {
    const backend = frozenBackend();

    for (const token of [
      'cf_live_notarealkey000000000000',
      'cf_live_AAAAAAAAAAAAAAAAAAAAAAAA',
      'hello',
      '',
    ]) {
      const error = refusal(() => backend.credentials.authenticate(token, '1.1.1.1'));
      expect(error.code).toBe('UNAUTHORIZED');
      if (token) expect(error.message).not.toContain(token);
    }
  });

  it('refuses to grant a permission the caller lacks, and bad fields', () => {
    const backend = frozenBackend();
    const caller: Principal = {
      id: 'key_x',
      kind: 'api_key',
      scopes: ['api_keys:write', 'threats:read'],
    };
    const error = refusal(() =>
      backend.credentials.createApiKey(caller, { name: 'x', permissions: ['threats:write'] }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.extra.required_scope).toBe('threats:write');
    expect(
      invalidFields(() =>
        backend.credentials.createApiKey(ADMIN, {
          name: '',
          permissions: ['root'],
          expires_at: '2020-01-01T00:00:00Z',
          ip_whitelist: ['10.0.0.1/8'],
        }),
      ),
    ).toEqual(['name', 'permissions[0]', 'expires_at', 'ip_whitelist[0]']);
  });

  it('keeps a key added with addApiKey across resets', () => {
    const backend = frozenBackend();
    backend.credentials.addApiKey('my-ci-key');
    backend.reset();
    expect(backend.credentials.authenticate('my-ci-key', '1.1.1.1').scopes).toEqual(ALL_SCOPES);
  });
});

describe('credentials: OAuth', () => {
  it('returns a JWT-shaped token with every scope given client credentials, valid until it expires', () => {
    const backend = frozenBackend();
    const { clientId, clientSecret } = backend.credentials.testCredentials().oauth;
    expect(clientId).toBe('cf_client_test');
    const tokens = backend.credentials.issueToken({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: ALL_SCOPES.join(' '),
    });
    expect(tokens.access_token.split('.')).toHaveLength(3);
    expect(backend.credentials.authenticate(tokens.access_token, '1.1.1.1')).toEqual({
      id: clientId,
      kind: 'oauth_token',
      scopes: ALL_SCOPES,
    });
    backend.clock.advance(3_600_000);
    expect(
      refusal(() => backend.credentials.authenticate(tokens.access_token, '1.1.1.1')).message,
    ).toBe('Access token expired');
  });

  it('returns a narrower token given scope, over HTTP Basic', () => {
    const backend = frozenBackend();
    const { clientId, clientSecret } = backend.credentials.testCredentials().oauth;
    const tokens = backend.credentials.issueToken(
      { grant_type: 'client_credentials', scope: 'threats:read threats:write monitoring:admin' },
      { clientId, clientSecret },
    );
    expect(tokens.scope).toBe('threats:read threats:write monitoring:admin');
    expect(backend.credentials.authenticate(tokens.access_token, '::1').scopes).toEqual([
      'threats:read',
      'threats:write',
      'monitoring:admin',
    ]);
  });

  it('rotates a refresh token and refuses its second use', () => {
    const backend = frozenBackend();
    const { clientId, clientSecret } = backend.credentials.testCredentials().oauth;
    const auth = { client_id: clientId, client_secret: clientSecret };
    const first = backend.credentials.issueToken({
      grant_type: 'client_credentials',
      scope: 'threats:read',
      ...auth,
    });
    const second = backend.credentials.issueToken({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      ...auth,
    });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe('threats:read');
    expect(
      invalidFields(() =>
        backend.credentials.issueToken({
          grant_type: 'refresh_token',
          refresh_token: first.refresh_token,
          ...auth,
        }),
      ),
    ).toEqual(['refresh_token']);
    expect(
      invalidFields(() =>
        backend.credentials.issueToken({
          grant_type: 'refresh_token',
          refresh_token: second.refresh_token,
          scope: 'threats:write',
          ...auth,
        }),
      ),
    ).toEqual(['scope']);
  });

  it('refuses a wrong secret, an unsupported grant and an unknown scope', () => {
    const backend = frozenBackend();
    const { clientId, clientSecret } = backend.credentials.testCredentials().oauth;
    expect(
      refusal(() =>
        backend.credentials.issueToken({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: 'nope',
        }),
      ).code,
    ).toBe('UNAUTHORIZED');
    expect(
      invalidFields(() =>
        backend.credentials.issueToken({
          grant_type: 'password',
          client_id: clientId,
          client_secret: clientSecret,
        }),
      ),
    ).toEqual(['grant_type']);
    expect(
      invalidFields(() =>
        backend.credentials.issueToken({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope: 'root:all',
        }),
      ),
    ).toEqual(['scope']);
  });

  it('refuses a token signed by another seed', () => {
    const other = frozenBackend({ seed: 3 });
    const { clientId, clientSecret } = other.credentials.testCredentials().oauth;
    const tokens = other.credentials.issueToken({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(
      refusal(() => frozenBackend().credentials.authenticate(tokens.access_token, '1.1.1.1')).code,
    ).toBe('UNAUTHORIZED');
  });
});
