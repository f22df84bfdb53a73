import { describe, expect, it } from 'vitest';
import { createCredentials, type TokenResponse } from '../../../src/core/auth.js';
import { ApiError, CyberFortressError } from '../../../src/core/errors.js';
import {
  envelope,
  errorReply,
  json,
  RATE_HEADERS,
  scriptedFetch,
  transportWith,
} from './support.js';

const oauth = { clientId: 'client_1', clientSecret: 'secret_1' };

function tokenServer() {
  const forms: Record<string, string>[] = [];
  let issued = 0;
  const requestToken = async (form: Record<string, string>): Promise<TokenResponse> => {
    forms.push(form);
    await new Promise((resolve) => setTimeout(resolve, 5));
    issued += 1;
    return {
      accessToken: `at_${issued}`,
      expiresIn: 3600,
      refreshToken: `rt_${issued}`,
      tokenType: 'Bearer',
    };
  };
  return { forms, requestToken };
}

describe('createCredentials', () => {
  it('returns a static Bearer header given an API key or an access token', () => {
    const none = async () => ({}) as TokenResponse;
    expect(
      createCredentials(
        { apiKey: 'cf_test_k', accessToken: undefined, oauth: undefined },
        none,
      ).authorization(),
    ).toBe('Bearer cf_test_k');
    expect(
      createCredentials(
        { apiKey: 'cf_test_k', accessToken: 'tok', oauth: undefined },
        none,
      ).authorization(),
    ).toBe('Bearer tok');
  });

  it('throws CyberFortressError given no credential at all', () => {
    const credentials = createCredentials(
      { apiKey: undefined, accessToken: undefined, oauth: undefined },
      async () => ({}) as TokenResponse,
    );
    expect(() => credentials.authorization()).toThrow(CyberFortressError);
  });

  it('returns one token request given 100 concurrent callers', async () => {
    const server = tokenServer();
    const credentials = createCredentials(
      { apiKey: undefined, accessToken: undefined, oauth },
      server.requestToken,
    );
    const headers = await Promise.all(
      Array.from({ length: 100 }, () => credentials.authorization()),
    );
    expect(server.forms).toHaveLength(1);
    expect(server.forms[0]).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client_1',
      client_secret: 'secret_1',
    });
    expect(new Set(headers)).toEqual(new Set(['Bearer at_1']));
    expect(credentials.authorization()).toBe('Bearer at_1');
  });

  it('returns a refreshed token via refresh_token given a token within a minute of expiry', async () => {
    let now = 0;
    const server = tokenServer();
    const credentials = createCredentials(
      { apiKey: undefined, accessToken: undefined, oauth: { ...oauth, scope: 'threats:read' } },
      server.requestToken,
      () => now,
    );
    await credentials.authorization();
    expect(server.forms[0]?.scope).toBe('threats:read');

    // 59 minutes 30 s in: still valid, so it is used while a refresh runs in the background.
    now = 3_570_000;
    expect(credentials.authorization()).toBe('Bearer at_1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.forms[1]).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt_1',
      client_id: 'client_1',
      client_secret: 'secret_1',
    });
    expect(credentials.authorization()).toBe('Bearer at_2');

    // Past expiry of the second token: callers wait for the third.
    now += 3_600_001;
    await expect(credentials.authorization()).resolves.toBe('Bearer at_3');
    expect(server.forms).toHaveLength(3);
  });

  it('returns a token from client_credentials given a refresh token the API refuses', async () => {
    let now = 0;
    const forms: Record<string, string>[] = [];
    const requestToken = async (form: Record<string, string>): Promise<TokenResponse> => {
      forms.push(form);
      if (form.grant_type === 'refresh_token')
        throw ApiError.from(400, envelope('INVALID_REQUEST', 'spent'));
      return { accessToken: `at_${forms.length}`, expiresIn: 3600, refreshToken: 'rt' };
    };
    const credentials = createCredentials(
      { apiKey: undefined, accessToken: undefined, oauth },
      requestToken,
      () => now,
    );
    await credentials.authorization();
    now = 4_000_000;
    await expect(credentials.authorization()).resolves.toBe('Bearer at_3');
    expect(forms.map((form) => form.grant_type)).toEqual([
      'client_credentials',
      'refresh_token',
      'client_credentials',
    ]);
  });
});

describe('Transport with OAuth', () => {
  function tokenReply(id: number) {
    return json({
      access_token: `at_${id}`,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: `rt_${id}`,
      scope: 'threats:read',
    });
  }

  it('returns results with exactly one token request given 100 concurrent calls', async () => {
    let tokens = 0;
    const fetch = scriptedFetch(async (call) => {
      if (call.url.endsWith('/oauth/token')) {
        tokens += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return tokenReply(tokens);
      }

      return json({ ok: call.headers.authorization }, 200, RATE_HEADERS);
    });
    const transport = transportWith(fetch, { apiKey: undefined, oauth });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        transport.request<{ ok: string }>({ method: 'GET', path: '/threats' }),
      ),
    );
    expect(tokens).toBe(1);
    expect(results.every((result) => result.ok === 'Bearer at_1')).toBe(true);
    const tokenCall = fetch.calls.find((call) => call.url.endsWith('/oauth/token'));
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenCall?.headers.authorization).toBeUndefined();
    expect(tokenCall?.body).toBe(
      'grant_type=client_credentials&client_id=client_1&client_secret=secret_1',
    );
  });

  it('returns the result after one refresh and one retry given a 401 for an expired token', async () => {
    let tokens = 0;
    const fetch = scriptedFetch((call) => {
      if (call.url.endsWith('/oauth/token')) return tokenReply(++tokens);
      if (call.headers.authorization === 'Bearer at_1')
        return errorReply(401, 'UNAUTHORIZED')(call);
      return json({ threat: 1 });
    });
    const transport = transportWith(fetch, { apiKey: undefined, oauth });
    await expect(transport.request({ method: 'GET', path: '/threats/t1' })).resolves.toEqual({
      threat: 1,
    });
    expect(fetch.calls.map((call) => call.url.replace('https://api.test/v1', ''))).toEqual([
      '/oauth/token',
      '/threats/t1',
      '/oauth/token',
      '/threats/t1',
    ]);
    expect(fetch.calls[2]?.body).toContain('grant_type=refresh_token&refresh_token=rt_1');
  });

  it('throws UnauthorizedError given a 401 that persists after the refresh', async () => {
    let tokens = 0;
    const fetch = scriptedFetch((call) =>
      call.url.endsWith('/oauth/token')
        ? tokenReply(++tokens)
        : errorReply(401, 'UNAUTHORIZED')(call),
    );
    const transport = transportWith(fetch, { apiKey: undefined, oauth });
    await expect(transport.request({ method: 'GET', path: '/threats' })).rejects.toMatchObject({
      name: 'UnauthorizedError',
      status: 401,
    });
    expect(fetch.calls.filter((call) => call.url.endsWith('/threats'))).toHaveLength(2);
  });

  it('throws at once given a 401 for an API key, with no retry', async () => {
    const fetch = scriptedFetch(errorReply(401, 'UNAUTHORIZED'));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/threats' }),
    ).rejects.toMatchObject({ status: 401 });
    expect(fetch.calls).toHaveLength(1);
  });
});
