import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import {
  expectError,
  expectForbidden,
  expectInvalid,
  oauthClient,
  tokenRequest,
} from './support.js';

function decodeJwtPart(part: string): any {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describeEachTarget('oauth', (t) => {
  describe('POST /oauth/token', () => {
    it("returns a Bearer token for the reference's scopes given client_credentials", async () => {
      const client = await oauthClient(t());
      const reply = await tokenRequest(t(), {
        grant_type: 'client_credentials',
        ...client,
        scope: 'threats:read threats:write monitoring:admin',
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: expect.any(String),
        scope: 'threats:read threats:write monitoring:admin',
      });

      // JWT-shaped: HS256 over {sub, scope, exp, iat, jti}, timed by the mock clock.
      const [header, payload, signature] = reply.body.access_token.split('.');
      expect(decodeJwtPart(header!)).toMatchObject({ alg: 'HS256' });
      const claims = decodeJwtPart(payload!);
      expect(claims).toMatchObject({ sub: client.client_id, scope: reply.body.scope });
      expect(claims.iat).toBe(Date.parse('2025-01-15T15:00:00Z') / 1000);
      expect(claims.exp).toBe(claims.iat + 3600);
      expect(claims.jti).toBeTypeOf('string');
      expect(signature!.length).toBeGreaterThan(0);
    });

    it('authorises API calls with the access token as Bearer', async () => {
      const client = await oauthClient(t());
      const token = (await tokenRequest(t(), { grant_type: 'client_credentials', ...client })).body
        .access_token;
      const threats = await t().request('GET', '/threats?limit=1', { token });
      expect(threats.status).toBe(200);
      expect(threats.body.pagination.total).toBe(1247);
      expect((await t().request('GET', '/monitoring/status', { token })).status).toBe(200);
    });

    it('accepts client credentials in HTTP Basic instead of the form', async () => {
      const client = await oauthClient(t());
      const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
      const reply = await t().request('POST', '/oauth/token', {
        raw: 'grant_type=client_credentials&scope=threats%3Aread',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${basic}`,
        },
        token: null,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.scope).toBe('threats:read');
    });

    it('narrows the token to the scope asked for, so a monitoring call is 403', async () => {
      const client = await oauthClient(t());
      const reply = await tokenRequest(t(), {
        grant_type: 'client_credentials',
        ...client,
        scope: 'threats:read',
      });
      expect(reply.body.scope).toBe('threats:read');
      const token = reply.body.access_token;
      expect((await t().request('GET', '/threats?limit=1', { token })).status).toBe(200);
      expectForbidden(await t().request('GET', '/monitoring/status', { token }), 'monitoring:read');
      expectForbidden(await t().request('POST', '/threats', { token, body: {} }), 'threats:write');
    });

    it('rotates the refresh token, refusing the old one the second time', async () => {
      const client = await oauthClient(t());
      const first = (
        await tokenRequest(t(), {
          grant_type: 'client_credentials',
          ...client,
          scope: 'threats:read',
        })
      ).body;
      const refreshed = await tokenRequest(t(), {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        ...client,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
      expect(refreshed.body.access_token).not.toBe(first.access_token);
      expect(refreshed.body.scope).toBe('threats:read');
      expect(
        (await t().request('GET', '/threats?limit=1', { token: refreshed.body.access_token }))
          .status,
      ).toBe(200);

      const reused = await tokenRequest(t(), {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        ...client,
      });
      expect(reused.status).toBeGreaterThanOrEqual(400);
      expect(reused.status).toBeLessThan(500);
      expect(['UNAUTHORIZED', 'INVALID_REQUEST']).toContain(reused.body.error.code);
      expectError(reused, reused.status, reused.body.error.code);
      const again = await tokenRequest(t(), {
        grant_type: 'refresh_token',
        refresh_token: refreshed.body.refresh_token,
        ...client,
      });
      expect(again.status).toBe(200);
    });

    it('refuses an access token with 401 once the mock clock passes its expiry', async () => {
      const client = await oauthClient(t());
      const token = (await tokenRequest(t(), { grant_type: 'client_credentials', ...client })).body
        .access_token;
      await t().control('POST', '/clock', { advance: '59m' });
      expect((await t().request('GET', '/threats?limit=1', { token })).status).toBe(200);
      await t().control('POST', '/clock', { advance: '2m' });
      expectError(await t().request('GET', '/threats?limit=1', { token }), 401, 'UNAUTHORIZED');
    });

    it('refuses a tampered access token with 401', async () => {
      const client = await oauthClient(t());
      const token: string = (
        await tokenRequest(t(), {
          grant_type: 'client_credentials',
          ...client,
          scope: 'threats:read',
        })
      ).body.access_token;
      const [header, payload, signature] = token.split('.');
      const claims = { ...decodeJwtPart(payload!), scope: 'threats:read network:write' };
      const forged = [
        header,
        Buffer.from(JSON.stringify(claims)).toString('base64url'),
        signature,
      ].join('.');
      expectError(
        await t().request('GET', '/threats?limit=1', { token: forged }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses a wrong secret or an unknown client with 401', async () => {
      const client = await oauthClient(t());
      const wrong = await tokenRequest(t(), {
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: 'wrong',
      });
      expectError(wrong, 401, 'UNAUTHORIZED');
      const unknown = await tokenRequest(t(), {
        grant_type: 'client_credentials',
        client_id: 'nobody',
        client_secret: client.client_secret,
      });
      expectError(unknown, 401, 'UNAUTHORIZED');
    });

    it('refuses an unsupported grant with 400 naming grant_type', async () => {
      const client = await oauthClient(t());
      expectInvalid(await tokenRequest(t(), { grant_type: 'password', ...client }), 'grant_type');
      expectInvalid(await tokenRequest(t(), { ...client }), 'grant_type');
    });

    it('refuses a scope beyond the known set with 400 naming scope', async () => {
      const client = await oauthClient(t());
      expectInvalid(
        await tokenRequest(t(), {
          grant_type: 'client_credentials',
          ...client,
          scope: 'threats:read root:all',
        }),
        'scope',
      );
    });

    it('refuses a refresh_token grant without a refresh token, or with an unknown one', async () => {
      const client = await oauthClient(t());
      expectInvalid(
        await tokenRequest(t(), { grant_type: 'refresh_token', ...client }),
        'refresh_token',
      );
      const unknown = await tokenRequest(t(), {
        grant_type: 'refresh_token',
        refresh_token: 'nope',
        ...client,
      });
      expect([400, 401]).toContain(unknown.status);
      expectError(unknown, unknown.status, unknown.body.error.code);
    });

    it('refuses a JSON body with 415', async () => {
      const client = await oauthClient(t());
      const reply = await t().request('POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', ...client },
        token: null,
      });
      expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });
});
