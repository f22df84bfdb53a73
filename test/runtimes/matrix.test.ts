// The runtime matrix: the built SDK (dist/, as published) runs the smoke suite of
// ./smoke-checks.mjs against the mock on 127.0.0.1 in Node 20 (this process's), Node 22 and 24,
// Bun, Deno and workerd (through miniflare). The runtimes come from this folder's own
// package.json (`npm ci --prefix test/runtimes`), kept apart from the root so that the `node`
// packages' binaries never shadow the machine's Node in npm scripts.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../mock-server/index.js';
import type { ListeningServer } from '../../mock-server/http/node.js';
import { signWebhook } from '../../src/webhooks/index.js';
import { builtEntry, ROOT } from './support.js';

const HERE = resolve(ROOT, 'test/runtimes');
const BIN = join(HERE, 'node_modules');

/** What each runtime runs: its binary and arguments, and the checks it must pass. */
interface Runtime {
  name: string;
  /** The name the smoke script reads from the runtime's globals. */
  detected: 'node' | 'bun' | 'deno' | 'workerd';
  binary: string;
  args: (context: { bundle: string }) => string[];
  /** The version the smoke script must report, checked against the installed package. */
  version: () => string | null;
  checks: string[];
}

function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(BIN, name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

const SMOKE = join(HERE, 'smoke.mjs');
const ALL_CHECKS = ['rest', 'stream', 'graphql', 'webhooks'];
const SMOKE_ENV = [
  'SMOKE_SDK_ENTRY',
  'SMOKE_WEBHOOKS_ENTRY',
  'SMOKE_ORIGIN',
  'SMOKE_API_KEY',
  'SMOKE_CHECKS',
];

const RUNTIMES: Runtime[] = [
  {
    name: 'Node 20 (the machine’s)',
    detected: 'node',
    binary: process.execPath,
    args: () => [SMOKE],
    version: () => process.versions.node,
    checks: ALL_CHECKS,
  },
  {
    name: 'Node 22',
    detected: 'node',
    binary: join(BIN, 'node22/bin/node'),
    args: () => [SMOKE],
    version: () => packageVersion('node22'),
    checks: ALL_CHECKS,
  },
  {
    name: 'Node 24',
    detected: 'node',
    binary: join(BIN, 'node24/bin/node'),
    args: () => [SMOKE],
    version: () => packageVersion('node24'),
    checks: ALL_CHECKS,
  },
  {
    name: 'Bun',
    detected: 'bun',
    binary: join(BIN, '.bin/bun'),
    args: () => [SMOKE],
    version: () => packageVersion('bun'),
    checks: ALL_CHECKS,
  },
  {
    // Only the network, the repository's files and the suite's own variables: the SDK must
    // run without access to the rest of the environment (it reads CYBERFORTRESS_* when allowed).
    name: 'Deno',
    detected: 'deno',
    binary: join(BIN, '.bin/deno'),
    args: () => [
      'run',
      '--allow-net=127.0.0.1',
      `--allow-read=${ROOT}`,
      // NODE_ENV: the `graphql` package reads it when it loads (client.graphql needs it granted;
      // docs/graphql.md says so).
      `--allow-env=${[...SMOKE_ENV, 'NODE_ENV'].join(',')}`,
      SMOKE,
    ],
    version: () => packageVersion('deno'),
    checks: ALL_CHECKS,
  },
  {
    // miniflare 4 needs Node 22 or later.
    name: 'workerd (miniflare)',
    detected: 'workerd',
    binary: join(BIN, 'node22/bin/node'),
    args: ({ bundle }) => [join(HERE, 'workerd.mjs'), bundle],
    version: () => null,
    checks: ALL_CHECKS,
  },
];

const installed = RUNTIMES.every((runtime) => existsSync(runtime.binary));

function run(binary: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      binary,
      args,
      {
        cwd: HERE,
        env: { ...process.env, ...env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
        timeout: 60_000,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolveRun(stdout);
      },
    );
  });
}

/** The last line of the child's output, which the smoke scripts print as JSON. */
function lastJsonLine(stdout: string): any {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string);
}

describe('runtime matrix: the sub-project', () => {
  it('is installed (npm ci --prefix test/runtimes)', () => {
    // Locally the matrix may be skipped; CI installs the runtimes, so there it must run.
    if (!installed && !process.env.CI) {
      console.warn(
        'runtime matrix skipped: the runtimes are not installed; run `npm ci --prefix test/runtimes`',
      );
      return;
    }

    for (const runtime of RUNTIMES) expect(existsSync(runtime.binary), runtime.binary).toBe(true);
  });
});

describe.skipIf(!installed)('runtime matrix', () => {
  let mock: MockServer;
  let listening: ListeningServer;
  let scratch: string;
  let bundle: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    mock = createMockServer({ seed: 42, plan: 'custom', logLevel: 'error' });
    listening = await mock.listen({ port: 0, host: '127.0.0.1' });
    const sdkEntry = builtEntry('.');
    const webhooksEntry = builtEntry('./webhooks');
    env = {
      SMOKE_SDK_ENTRY: sdkEntry,
      SMOKE_WEBHOOKS_ENTRY: webhooksEntry,
      SMOKE_ORIGIN: listening.url,
      SMOKE_API_KEY: mock.credentials.apiKey,
    };

    // workerd runs one bundled module: the worker with the built SDK, resolved as a browser
    // or worker would (isows picks the runtime's own WebSocket).
    scratch = await mkdtemp(join(tmpdir(), 'cf-runtimes-'));
    bundle = join(scratch, 'worker.js');
    await build({
      entryPoints: [join(HERE, 'worker.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      alias: { '@sdk-under-test/client': sdkEntry, '@sdk-under-test/webhooks': webhooksEntry },
      outfile: bundle,
      logLevel: 'error',
    });
  }, 60_000);

  afterAll(async () => {
    await listening?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function rest(path: string): Promise<any> {
    const response = await fetch(`${listening.url}/v1${path}`, {
      headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
    });
    return { status: response.status, body: await response.json() };
  }

  for (const runtime of RUNTIMES) {
    it(`${runtime.name}: REST, the stream, GraphQL and webhook verification`, async () => {
      // The list the child will see: nothing else changes the mock while it runs.
      const expected = await rest('/threats?limit=3');
      expect(expected.status).toBe(200);

      const stdout = await run(runtime.binary, runtime.args({ bundle }), {
        ...env,
        SMOKE_CHECKS: runtime.checks.join(','),
      });
      const results = lastJsonLine(stdout);

      expect(results.runtime.name).toBe(runtime.detected);
      const version = runtime.version();
      if (version !== null) expect(results.runtime.version).toBe(version);
      expect(results.checks).toEqual(runtime.checks);
      // A check that threw says why before any of its figures are compared.
      for (const check of runtime.checks) expect(results[check]?.error, check).toBeUndefined();

      // REST: a list, one threat, a report, and a typed 404.
      const ids = expected.body.data.map((threat: { id: string }) => threat.id);
      expect(results.rest).toMatchObject({
        listed: 3,
        listIds: ids,
        gotId: ids[0],
        firstIpAddress: expected.body.data[0].ip_address,
        gotIpAddress: expected.body.data[0].ip_address,
        reported: { ipAddress: '203.0.113.42', threatType: 'C2_COMMUNICATION' },
        notFound: {
          name: 'NotFoundError',
          status: 404,
          code: 'NOT_FOUND',
          isNotFoundError: true,
          isApiError: true,
        },
      });
      const stored = await rest(`/threats/${results.rest.reported.id}`);
      expect(stored.status).toBe(200);
      expect(stored.body.threat_type).toBe('C2_COMMUNICATION');

      // The stream: the threat the script injected arrived as a typed event.
      expect(results.stream).toMatchObject({
        state: 'open',
        threatScore: 91,
        country: 'RU',
      });
      expect(results.stream.receivedId).toBe(results.stream.injectedId);
      expect((await rest(`/threats/${results.stream.injectedId}`)).status).toBe(200);

      // GraphQL: the page of two REST listed at the same moment, and its first threat by id.
      expect(results.graphql.listIds).toHaveLength(2);
      expect(results.graphql.listIds).toEqual(results.graphql.restIds);
      const first = await rest(`/threats/${results.graphql.restIds[0]}`);
      expect(results.graphql.threat).toEqual({
        id: first.body.id,
        ipAddress: first.body.ip_address,
        threatScore: first.body.threat_score,
        country: { code: first.body.country.code },
      });

      // Webhooks: the same signature as this process computes, and a tampered body refused.
      const signed = await signWebhook({
        payload: results.webhooks.body,
        secret: results.webhooks.secret,
      });
      expect(results.webhooks).toMatchObject({
        signatureHeader: signed['x-cyberfortress-signature'],
        verifiedBody: true,
        verifiedBytes: true,
        event: 'webhook.test',
        tampered: {
          name: 'SignatureMismatchError',
          code: 'WEBHOOK_SIGNATURE_MISMATCH',
          isSignatureMismatch: true,
        },
      });
    }, 90_000);
  }
});
