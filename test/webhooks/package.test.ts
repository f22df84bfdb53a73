// `@cyberfortress/sdk/webhooks` as users meet it: the real tsup config builds the SDK (JavaScript
// only) into a scratch `node_modules/@cyberfortress/sdk` with this package.json, and plain `node`
// processes import it through the `exports` map, from ESM and from CommonJS.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let scratch: string;

async function node(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, args, { cwd: scratch });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cf-webhooks-'));
  const pkg = join(scratch, 'node_modules/@cyberfortress/sdk');
  await mkdir(pkg, { recursive: true });
  await cp(join(root, 'package.json'), join(pkg, 'package.json'));
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const target = join(scratch, 'node_modules', name);
    await mkdir(resolve(target, '..'), { recursive: true });
    await symlink(join(root, 'node_modules', name), target, 'dir');
  }

  // The SDK's builds: the ones whose entries include the webhooks module.
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const sdk = configs.filter(
    (config) => typeof config.entry === 'object' && 'webhooks' in (config.entry as object),
  );
  expect(sdk.map((config) => config.format)).toEqual([['esm'], ['cjs']]);
  for (const config of sdk) {
    await build({
      ...config,
      config: false,
      dts: false,
      sourcemap: false,
      silent: true,
      outDir: join(pkg, 'dist'),
    });
  }
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const SCRIPT = `
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = JSON.stringify({ event: 'webhook.test', timestamp: '2025-01-15T15:00:00Z', data: { message: 'hi' } });
  const headers = await webhooks.signWebhook({ payload: body, secret });
  const event = await webhooks.constructEvent({ payload: body, headers, secret });
  const error = await webhooks.verifyWebhook({ payload: body + ' ', headers, secret }).catch((e) => e);
  console.log(JSON.stringify({
    event: event.event,
    known: event.known,
    mismatch: error instanceof webhooks.SignatureMismatchError,
    code: error.code,
    root: error instanceof sdk.CyberFortressError,
  }));
`;

const EXPECTED = {
  event: 'webhook.test',
  known: true,
  mismatch: true,
  code: 'WEBHOOK_SIGNATURE_MISMATCH',
  root: true,
};

describe('@cyberfortress/sdk/webhooks', () => {
  it('imports from ESM, its errors sharing the root class of @cyberfortress/sdk', async () => {
    const script = `
      const webhooks = await import('@cyberfortress/sdk/webhooks');
      const sdk = await import('@cyberfortress/sdk');
      ${SCRIPT}
    `;
    expect(await node(['--input-type=module', '-e', script])).toEqual(EXPECTED);
  });

  it('requires from CommonJS', async () => {
    const script = `
      const webhooks = require('@cyberfortress/sdk/webhooks');
      const sdk = require('@cyberfortress/sdk');
      (async () => { ${SCRIPT} })();
    `;
    expect(await node(['-e', script])).toEqual(EXPECTED);
  });

  it('leaves require("@cyberfortress/sdk") the client class, with the shared chunks', async () => {
    const script = `
      const sdk = require('@cyberfortress/sdk');
      console.log(JSON.stringify({ type: typeof sdk, isDefault: sdk.default === sdk, errors: typeof sdk.SignatureMismatchError }));
    `;
    expect(await node(['-e', script])).toEqual({
      type: 'function',
      isDefault: true,
      errors: 'function',
    });
  });
});
