// The reference's Node.js SDK example, run against the mock. Only the base URL differs (and only
// on a real port: in-process, the mock answers at the production URL the example already uses).
// The CommonJS test runs the same example through `require('@cyberfortress/sdk')` on the build.
import { describe, expect, it } from 'vitest';
import CyberFortress from '../../src/index.js';
import { describeEachTarget } from './support.js';

describeEachTarget(
  'reference Node.js example',
  (target) => {
    describe('monitorThreats', () => {
      it('blocks every high or critical threat scoring over 80 given the example as written', async () => {
        const baseURL = target().baseURL;

        const client = new CyberFortress({
          apiKey: 'YOUR_API_KEY',
          environment: 'production',
          ...(baseURL ? { baseURL } : {}),
        });

        // Async/await pattern
        async function monitorThreats() {
          const threats = await client.threats.list({
            severity: ['high', 'critical'],
            limit: 50,
          });

          for (const threat of threats.data) {
            if (threat.threatScore > 80) {
              await client.network.blockIP({
                ip: threat.ipAddress,
                duration: '24h',
              });
            }
          }
        }

        // The example's WebSocket streaming part (client.stream) belongs to the streaming work, not to the REST client.

        await monitorThreats();

        const threats = await client.threats.list({ severity: ['high', 'critical'], limit: 50 });
        const expected = new Set(
          threats.data.filter((t) => t.threatScore > 80).map((t) => t.ipAddress),
        );
        expect(expected.size).toBeGreaterThan(0);
        const blocked = new Set<string>();
        for await (const block of client.network.listBlocks({ type: 'ip', limit: 100 })) {
          expect(block.expiresAt).not.toBeNull();
          blocked.add(block.value);
        }

        expect(blocked).toEqual(expected);
      });
    });
  },
  { apiKeys: ['YOUR_API_KEY'] },
);
