import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksAtStart } from '../../scripts/size.js';

// The package as users get it: `npm pack` (what `npm publish` would upload), installed from the
// tarball into a fresh project, then used from ES modules, CommonJS and TypeScript. It needs
// `npm run build` first, as CI does before the tests.

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let work: string;
let project: string;

/** Runs a command, failing with its output when it exits non-zero. */
async function exec(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
}

/** The last line a script printed, as JSON. */
async function runScript(file: string): Promise<Record<string, unknown>> {
  const lines = (await exec(process.execPath, [file], project)).trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
}

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'pack-test', private: true, type: 'commonjs' }),

  // ES modules: the default export is the class; the packaged mock serves it on a port.
  'esm.mjs': `
import CyberFortress, { ResponseValidationError } from '@cyberfortress/sdk';
import { verifyWebhook, signWebhook } from '@cyberfortress/sdk/webhooks';
import { createMockServer } from '@cyberfortress/sdk/mock';

const mock = createMockServer();
const server = await mock.listen({ port: 0, host: '127.0.0.1' });
try {
  const client = new CyberFortress({ apiKey: mock.credentials.apiKey, baseURL: server.url + '/v1' });
  const page = await client.threats.list({ limit: 3 });
  const secret = 'whsec_' + Buffer.from('a webhook secret of the test').toString('base64');
  const headers = await signWebhook({ payload: '{"ok":true}', secret });
  const body = await verifyWebhook({ payload: '{"ok":true}', headers, secret });
  console.log(JSON.stringify({
    kind: typeof CyberFortress,
    count: page.data.length,
    ipAddress: page.data[0].ipAddress,
    errorClass: typeof ResponseValidationError,
    body,
  }));
} finally {
  await server.close();
}
`,

  // CommonJS: require() returns the class, with the named exports hung on it.
  'cjs.cjs': `
const CyberFortress = require('@cyberfortress/sdk');
const { RateLimitError } = require('@cyberfortress/sdk');
const { verifyWebhook } = require('@cyberfortress/sdk/webhooks');
const { createMockServer } = require('@cyberfortress/sdk/mock');

(async () => {
  const mock = createMockServer();
  const server = await mock.listen({ port: 0, host: '127.0.0.1' });
  try {
    const client = new CyberFortress({ apiKey: mock.credentials.apiKey, baseURL: server.url + '/v1' });
    const page = await client.threats.list({ limit: 2 });
    console.log(JSON.stringify({
      kind: typeof CyberFortress,
      sameAsDefault: CyberFortress.default === CyberFortress,
      count: page.data.length,
      ipAddress: page.data[0].ipAddress,
      rateLimitError: typeof RateLimitError,
      verifyWebhook: typeof verifyWebhook,
    }));
  } finally {
    await server.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,

  // msw handlers, in-process, from the handlers-only entry.
  'msw.mjs': `
import { setupServer } from 'msw/node';
import CyberFortress from '@cyberfortress/sdk';
import { createMockHandlers } from '@cyberfortress/sdk/mock/msw';

const mock = createMockHandlers();
const server = setupServer(...mock.handlers);
server.listen({ onUnhandledRequest: 'error' });
try {
  const client = new CyberFortress({ apiKey: mock.credentials.apiKey, baseURL: 'https://api.cyberfortress.io/v1' });
  const page = await client.threats.list({ limit: 4 });
  console.log(JSON.stringify({ count: page.data.length }));
} finally {
  server.close();
}
`,

  // A browser app, bundled by the test with the browser condition.
  'browser-app.mjs': `
import CyberFortress from '@cyberfortress/sdk';

const client = new CyberFortress({ accessToken: 'token' });
const page = await client.threats.list({ limit: 20 });
document.title = String(page.data.length);
`,

  // The msw handlers in a browser app (its service worker file is the app's to serve).
  'browser-mock.mjs': `
import { setupWorker } from 'msw/browser';
import { createMockHandlers } from '@cyberfortress/sdk/mock/msw';

await setupWorker(...createMockHandlers().handlers).start();
`,

  // TypeScript, ES modules: the default import is the class, named types resolve.
  'check.mts': `
import CyberFortress, { RateLimitError, type Threat } from '@cyberfortress/sdk';
import { verifyWebhook, type ParsedWebhookEvent } from '@cyberfortress/sdk/webhooks';
import { createMockServer } from '@cyberfortress/sdk/mock';
import { createMockHandlers } from '@cyberfortress/sdk/mock/msw';

const client: CyberFortress = new CyberFortress({ apiKey: 'key' });
export const score: Promise<number | undefined> = client.threats
  .list({ limit: 1 })
  .then((page) => page.data[0]?.threatScore);
export const threat: Threat | undefined = undefined;
export const event: ParsedWebhookEvent | undefined = undefined;
export const checks = [RateLimitError, verifyWebhook, createMockServer, createMockHandlers];
// @ts-expect-error an option the client does not have
new CyberFortress({ notAnOption: true });
`,

  // TypeScript, CommonJS: \`import x = require()\` is the class, and a namespace of its exports.
  'check.cts': `
import CyberFortress = require('@cyberfortress/sdk');
import webhooks = require('@cyberfortress/sdk/webhooks');

const client: CyberFortress = new CyberFortress({ apiKey: 'key' });
export const list = client.threats.list({ limit: 1 });
export const threat: CyberFortress.Threat | undefined = undefined;
export const error: typeof CyberFortress.RateLimitError = CyberFortress.RateLimitError;
export const verify: typeof webhooks.verifyWebhook = webhooks.verifyWebhook;
// @ts-expect-error the module is the class, not an object holding it
new CyberFortress.CyberFortress.threats();
`,

  // Type-checked JavaScript, as an editor checks a plain CommonJS script.
  'check-js.cjs': `
// @ts-check
const CyberFortress = require('@cyberfortress/sdk');

const client = new CyberFortress({ apiKey: 'key' });
/** @type {Promise<number | undefined>} */
const score = client.threats.list({ limit: 1 }).then((page) => page.data[0]?.threatScore);
/** @type {import('@cyberfortress/sdk').Threat | undefined} */
let threat;
// @ts-expect-error an option the client does not have
new CyberFortress({ notAnOption: true });
module.exports = { score, threat };
`,
};

function tsconfig(options: Record<string, unknown>, files: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      skipLibCheck: false,
      ...options,
    },
    files,
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/index.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` before this test');
  }

  work = await mkdtemp(join(tmpdir(), 'cf-pack-'));
  project = join(work, 'project');
  await mkdir(project);
  const packed = JSON.parse(
    await exec('npm', ['pack', '--json', '--pack-destination', work], root),
  ) as { filename: string }[];
  const tarball = join(work, packed[0]?.filename ?? '');

  for (const [name, text] of Object.entries(FILES)) await writeFile(join(project, name), text);
  await writeFile(
    join(project, 'tsconfig.node16.json'),
    tsconfig({ module: 'node16', moduleResolution: 'node16', allowJs: true, checkJs: true }, [
      'check.mts',
      'check.cts',
      'check-js.cjs',
    ]),
  );
  await writeFile(
    join(project, 'tsconfig.bundler.json'),
    tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['check.mts']),
  );
  await exec(
    'npm',
    ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'],
    project,
  );
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it(
    'lists threats from its own mock when imported as an ES module',
    { timeout: 60_000 },
    async () => {
      const result = await runScript('esm.mjs');
      expect(result).toMatchObject({
        kind: 'function',
        count: 3,
        errorClass: 'function',
        body: '{"ok":true}',
      });
      expect(result.ipAddress).toEqual(expect.any(String));
    },
  );

  it(
    'lists threats from its own mock when required from CommonJS',
    { timeout: 60_000 },
    async () => {
      const result = await runScript('cjs.cjs');
      expect(result).toMatchObject({
        kind: 'function',
        sameAsDefault: true,
        count: 2,
        rateLimitError: 'function',
        verifyWebhook: 'function',
      });
    },
  );

  it('serves the API in-process through the msw handlers entry', { timeout: 60_000 }, async () => {
    expect(await runScript('msw.mjs')).toEqual({ count: 4 });
  });

  it(
    'type-checks under moduleResolution node16, ESM, CommonJS and checked JS',
    { timeout: 120_000 },
    async () => {
      await exec(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], project);
    },
  );

  it('type-checks under moduleResolution bundler', { timeout: 120_000 }, async () => {
    await exec(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], project);
  });

  it(
    'bundles for a browser within 30 KB, with zod/mini and without classic zod',
    { timeout: 60_000 },
    async () => {
      // What an app's bundler makes of the installed package (the `browser` condition).
      const outdir = join(work, 'browser-app');
      const result = await build({
        absWorkingDir: project,
        entryPoints: ['browser-app.mjs'],
        bundle: true,
        minify: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        outdir,
        metafile: true,
        logLevel: 'silent',
      });
      const first = chunksAtStart(result.metafile, 'browser-app.mjs');
      let gzipped = 0;
      for (const file of first) {
        gzipped += gzipSync(await readFile(join(project, file)), { level: 9 }).length;
      }

      expect(gzipped).toBeGreaterThan(5 * 1024);
      expect(gzipped).toBeLessThanOrEqual(30 * 1024);
      const zod = Object.keys(result.metafile.inputs).filter((input) =>
        input.includes('node_modules/zod/'),
      );
      expect(zod.some((input) => input.includes('/v4/mini/'))).toBe(true);
      expect(zod.filter((input) => input.includes('/v4/classic/'))).toEqual([]);
    },
  );

  it('bundles the msw handlers for a browser', { timeout: 60_000 }, async () => {
    const result = await build({
      absWorkingDir: project,
      entryPoints: ['browser-mock.mjs'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(work, 'browser-mock'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/@cyberfortress/sdk/dist/mock-server/browser/msw.js');
    expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
  });

  it('installs the mock CLI as a bin', { timeout: 60_000 }, async () => {
    const bin = join(project, 'node_modules/.bin/cyberfortress-mock');
    expect(await exec(bin, ['--help'], project)).toContain('Usage: cyberfortress-mock');
  });

  it(
    'ships the built files and the CLI, not the sources or the tests',
    { timeout: 60_000 },
    async () => {
      const listing = await exec('npm', ['pack', '--dry-run', '--json'], root);
      const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]?.files.map(
        (file) => file.path,
      );
      expect(files).toContain('dist/index.cjs');
      expect(files).toContain('dist/browser/index.js');
      expect(files).toContain('bin/cyberfortress-mock.js');
      expect(files?.filter((file) => /^(src|test|mock-server|scripts)\//.test(file))).toEqual([]);
    },
  );
});
