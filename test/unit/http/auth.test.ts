import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../../mock-server/http/auth.js';
import { ApiError } from '../../../mock-server/http/errors.js';
import { createFakeMock } from './support.js';

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, any> }).error;
}

describe('bearerToken', () => {
  it('takes the token from a Bearer header, scheme in any case', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
  });

  it('throws 401 for missing or malformed headers', () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'Token abc']) {
      expect(() => bearerToken(header)).toThrow(ApiError);
    }
  });
});

describe('auth step', () => {
  it('returns 401 UNAUTHORIZED without an Authorization header', async () => {
    const mock = createFakeMock();
    const response = await mock.send('GET', '/v1/threats', { token: null });
    expect(response.status).toBe(401);
    const error = await errorOf(response);
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toMatch(/Missing Authorization header/);
  });

  it('returns 401 for a malformed header and for an unknown token', async () => {
    const mock = createFakeMock();
    const malformed = await mock.send('GET', '/v1/threats', {
      token: null,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(malformed.status).toBe(401);
    expect((await errorOf(malformed)).message).toMatch(/Malformed Authorization header/);
    const unknown = await mock.send('GET', '/v1/threats', { token: 'tok_nope' });
    expect(unknown.status).toBe(401);
  });

  it('returns 403 FORBIDDEN naming the missing scope, with required_scope, and changes nothing', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      token: 'tok_read',
      json: { ip_address: '1.2.3.4', threat_type: 'MALWARE', confidence: 1 },
    });
    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'FORBIDDEN', required_scope: 'threats:write' });
    expect(error.message).toContain("'threats:write'");
    expect(mock.backend.store.size).toBe(0);
  });

  it('passes the client address to the backend (IP whitelists)', async () => {
    const mock = createFakeMock();
    expect(
      (await mock.send('GET', '/v1/threats', { token: 'tok_ip', clientIp: '10.0.0.2' })).status,
    ).toBe(403);
    expect(
      (await mock.send('GET', '/v1/threats', { token: 'tok_ip', clientIp: '10.0.0.1' })).status,
    ).toBe(200);
  });

  it('skips auth on routes without a scope', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/oauth/token', {
      token: null,
      body: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
  });

  it('gives the handler the principal, request id, origin, client address and a Fetch request', async () => {
    const mock = createFakeMock();
    const response = await mock.send('GET', '/v1/whoami?x=1');
    const body = await response.json();
    expect(body).toEqual({
      principal: 'key_tok_all',
      ip: '127.0.0.1',
      origin: 'https://api.cyberfortress.io',
      url: 'https://api.cyberfortress.io/v1/whoami?x=1',
      id: response.headers.get('x-request-id'),
    });
  });

  it('accepts extra API keys with every scope', async () => {
    const mock = createFakeMock({ apiKeys: ['my-ci-key-123'] });
    expect((await mock.send('GET', '/v1/threats', { token: 'my-ci-key-123' })).status).toBe(200);
  });
});

describe('X-API-Version', () => {
  it('accepts an absent header, 1.0 and 1', async () => {
    const mock = createFakeMock();
    for (const version of [undefined, '1.0', '1']) {
      const headers: Record<string, string> = version ? { 'x-api-version': version } : {};
      expect((await mock.send('GET', '/v1/threats', { headers })).status).toBe(200);
    }
  });

  it('returns 400 naming the header for any other version', async () => {
    const mock = createFakeMock();
    const response = await mock.send('GET', '/v1/threats', { headers: { 'x-api-version': '2.0' } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.details[0].field).toBe('X-API-Version');
  });
});

describe('unexpected errors', () => {
  it('answers 500 INTERNAL_ERROR and logs the stack at error level', async () => {
    const mock = createFakeMock({ logLevel: 'silent' });
    const quiet = await mock.send('GET', '/v1/boom');
    expect(quiet.status).toBe(500);
    expect(mock.logs).toEqual([]);

    const loud = createFakeMock({ logLevel: 'error' });
    const response = await loud.send('GET', '/v1/boom');
    expect((await errorOf(response)).code).toBe('INTERNAL_ERROR');
    expect(loud.logs).toHaveLength(1);
    expect(loud.logs[0]?.[0]).toBe('error');
    expect(loud.logs[0]!.map(String).join(' ')).toMatch(
      /unexpected error:.*Error: kaboom\n\s+at /s,
    );
  });

  it('logs one debug line per request without credentials', async () => {
    const mock = createFakeMock({ logLevel: 'debug' });
    await mock.send('GET', '/v1/threats?limit=1', { token: 'tok_all' });
    expect(mock.logs).toHaveLength(1);
    const line = mock.logs[0]!.map(String).join(' ');
    expect(line).toMatch(/^debug \[cyberfortress-mock\] GET \/v1\/threats 200 \d+\.\dms$/);
    expect(line).not.toContain('tok_all');
  });
});

describe('handler responses', () => {
  it('passes a Response through, with the request id and rate-limit headers added', async () => {
    const mock = createFakeMock();
    const response = await mock.send('GET', '/v1/evidence/ev1/content');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-sha256')).toBe('ev1');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-ratelimit-limit')).toBe('50');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
