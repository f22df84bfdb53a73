import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { describeEachTarget } from './support.js';

describeEachTarget('oauth', (target) => {
  describe('oauth.token', () => {
    it('returns a bearer token that authorizes a client given client credentials', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      const token = await target()
        .client()
        .oauth.token({ clientId, clientSecret, scope: ['threats:read', 'threats:write'] });
      expect(token).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'threats:read threats:write',
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
      });
      const reader = target().client({ accessToken: token.accessToken });
      expect((await reader.threats.list({ limit: 1 })).data).toHaveLength(1);
    });

    it('returns a new token given a refresh token', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      const client = target().client();
      const first = await client.oauth.token({ clientId, clientSecret });
      const second = await client.oauth.token({
        clientId,
        clientSecret,
        refreshToken: first.refreshToken,
      });
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
    });

    it('throws InvalidRequestError given a scope beyond the client', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      await expect(
        target().client().oauth.token({ clientId, clientSecret, scope: 'nonsense:scope' }),
      ).rejects.toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('oauth client credentials option', () => {
    it('fetches a token on first use and reuses it given the oauth option', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      const client = target().client({ oauth: { clientId, clientSecret } });
      await client.threats.list({ limit: 1 });
      await client.monitoring.status();
      expect(target().counters().by_operation.createOAuthToken).toBe(1);
    });
  });
});
