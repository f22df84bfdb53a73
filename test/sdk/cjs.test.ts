// The CommonJS entry as a CommonJS user meets it: the real tsup config builds it (JavaScript only,
// which takes about a second) into a scratch `node_modules/@cyberfortress/sdk` with this
// package.json, and plain `node` processes `require('@cyberfortress/sdk')` from there.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../mock-server/index.js';
import tsupConfig from '../../tsup.config.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let scratch: string;

/** Runs `script` in a fresh `node` in the scratch project and returns its parsed stdout. */
async function node(script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: scratch });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cf-cjs-'));
  const pkg = join(scratch, 'node_modules/@cyberfortress/sdk');
  await mkdir(pkg, { recursive: true });
  await cp(join(root, 'package.json'), join(pkg, 'package.json'));
  await symlink(join(root, 'node_modules/zod'), join(scratch, 'node_modules/zod'), 'dir');
  // `client.stream` (loaded with the client; its WebSocket only on connect) needs eventemitter3.
  await symlink(
    join(root, 'node_modules/eventemitter3'),
    join(scratch, 'node_modules/eventemitter3'),
    'dir',
  );

  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const cjs = configs.find((config) => config.format?.includes('cjs'));
  if (!cjs) throw new Error('tsup.config.ts has no CommonJS build');
  await build({
    ...cjs,
    config: false,
    dts: false,
    sourcemap: false,
    silent: true,
    outDir: join(pkg, 'dist'),
  });
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('require("@cyberfortress/sdk")', () => {
  it('returns the client class with the named exports on it given a CommonJS require', async () => {
    const result = await node(`
      const CyberFortress = require('@cyberfortress/sdk');
      const client = new CyberFortress({ apiKey: 'cf_test_x', baseURL: 'http://127.0.0.1:9/v1' });
      console.log(JSON.stringify({
        type: typeof CyberFortress,
        name: CyberFortress.name,
        isDefault: CyberFortress.default === CyberFortress,
        isNamed: CyberFortress.CyberFortress === CyberFortress,
        rateLimitError: typeof CyberFortress.RateLimitError,
        threats: typeof client.threats.list,
        baseURL: client.baseURL,
      }));
    `);
    expect(result).toEqual({
      type: 'function',
      name: 'CyberFortress',
      isDefault: true,
      isNamed: true,
      rateLimitError: 'function',
      threats: 'function',
      baseURL: 'http://127.0.0.1:9/v1',
    });
  });

  describe('the reference Node.js example', () => {
    let mock: MockServer;
    let close: () => Promise<void>;
    let baseURL: string;
    beforeAll(async () => {
      mock = createMockServer({ plan: 'custom', apiKeys: ['YOUR_API_KEY'], logLevel: 'error' });
      const listening = await mock.listen({ port: 0 });
      close = listening.close;
      baseURL = `${listening.url}/v1`;
    });
    afterAll(() => close());

    it('blocks the high-scoring threats given the example as written, with only the base URL changed', async () => {
      // The reference's example, verbatim but for `baseURL`; its WebSocket streaming part
      // (client.stream) is left out because streaming is not part of the REST client.
      const example = `
const CyberFortress = require('@cyberfortress/sdk');

const client = new CyberFortress({
  apiKey: 'YOUR_API_KEY',
  environment: 'production',
  baseURL: ${JSON.stringify(baseURL)}
});

// Async/await pattern
async function monitorThreats() {
  const threats = await client.threats.list({
    severity: ['high', 'critical'],
    limit: 50
  });
  
  for (const threat of threats.data) {
    if (threat.threatScore > 80) {
      await client.network.blockIP({
        ip: threat.ipAddress,
        duration: '24h'
      });
    }
  }
}

monitorThreats().then(() => console.log(JSON.stringify({ done: true })));
`;
      expect(await node(example)).toEqual({ done: true });

      const high = mock.backend.threats.list({
        severity: ['HIGH', 'CRITICAL'],
        limit: 50,
        offset: 0,
        sort: 'timestamp',
        order: 'desc',
      });
      const expected = new Set(
        high.data.filter((threat) => threat.threat_score > 80).map((t) => t.ip_address),
      );
      expect(expected.size).toBeGreaterThan(0);
      const blocks = mock.backend.network.list({
        status: 'active',
        type: 'ip',
        limit: 100,
        offset: 0,
      });
      expect(new Set(blocks.data.map((block) => block.value))).toEqual(expected);
      expect(mock.state.counters.snapshot().by_operation.blockTargets).toBeGreaterThan(0);
    });
  });
});
