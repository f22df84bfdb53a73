import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

describeEachTarget('oauth token refresh', (target) => {
  describe('client credentials', () => {
    it('shares one token request given a hundred concurrent first calls', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      const client = target().client({ oauth: { clientId, clientSecret } });
      const pages = await Promise.all(
        Array.from({ length: 100 }, () => client.threats.list({ limit: 1 })),
      );
      expect(pages).toHaveLength(100);
      expect(target().counters().by_operation.createOAuthToken).toBe(1);
    });

    it('refreshes once given a hundred concurrent calls with an expired token', async () => {
      const { clientId, clientSecret } = target().mock.credentials.oauth;
      const client = target().client({ oauth: { clientId, clientSecret } });
      await client.threats.list({ limit: 1 });
      expect(target().counters().by_operation.createOAuthToken).toBe(1);

      // The mock's clock moves two hours on: the token the client holds has expired there.
      target().mock.backend.clock.advance(2 * 60 * 60 * 1000);
      const pages = await Promise.all(
        Array.from({ length: 100 }, () => client.threats.list({ limit: 1 })),
      );
      expect(pages.every((page) => page.data.length === 1)).toBe(true);
      expect(target().counters().by_operation.createOAuthToken).toBe(2);
    });
  });
});
