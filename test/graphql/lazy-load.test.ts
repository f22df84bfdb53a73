// A REST-only program never loads GraphQL: `graphql` and graphql-request load on the first
// `client.graphql.request()`, graphql-ws and isows (hence `ws` on Node 20) on the first
// `subscribe()`. Checked in a fresh `node` against a real mock, where module caches start empty;
// `graphql` and `ws` are CommonJS, so `require.cache` shows when they (and so the ESM packages
// that import them) load.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import { chunksAtStart } from '../../scripts/size.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((path) => path.includes('/node_modules/' + name + '/'));
const snapshot = () => ({ graphql: loaded('graphql'), ws: loaded('ws') });
const { CyberFortress, MonitoringStatusDocument, MonitorCriticalThreatsDocument } = await import('./src/index.ts');
const client = new CyberFortress({ apiKey: process.env.KEY, baseURL: process.env.URL });
await client.threats.list({ limit: 5 });
const graphql = client.graphql;
const afterRest = snapshot();
const { monitoringStatus } = await graphql.request(MonitoringStatusDocument);
const afterRequest = snapshot();
const subscription = graphql.subscribe(MonitorCriticalThreatsDocument);
// The socket's modules load in the background: wait for them (up to 10 s on a busy machine).
for (let i = 0; i < 400 && !loaded('ws'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
const afterSubscribe = snapshot();
await subscription.return();
await graphql.close();
console.log(JSON.stringify({ mode: typeof monitoringStatus.mode, afterRest, afterRequest, afterSubscribe }));
`;

describe('client.graphql loading', () => {
  const mock = createMockServer({ seed: 7 });
  let url = '';
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
    url = listening.url;
    close = listening.close;
  });

  afterAll(() => close());

  it('loads nothing of GraphQL for REST calls, graphql on request(), ws on subscribe()', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, KEY: mock.credentials.apiKey, URL: `${url}/v1` },
      },
    );

    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      mode: 'string',
      afterRest: { graphql: false, ws: false },
      afterRequest: { graphql: true, ws: false },
      afterSubscribe: { graphql: true, ws: true },
    });
  });
});

describe('client.graphql in a bundle', () => {
  /** The packages an output imports, statically or by `import()`. */
  function packages(output: Metafile['outputs'][string], kind: 'static' | 'dynamic'): string[] {
    return output.imports
      .filter((entry) => entry.external)
      .filter((entry) => (entry.kind === 'dynamic-import') === (kind === 'dynamic'))
      .map((entry) => entry.path);
  }

  it('keeps graphql, graphql-request, graphql-ws and isows out of the chunks loaded at start', async () => {
    const { metafile } = await build({
      absWorkingDir: root,
      entryPoints: [resolve(root, 'src/index.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'neutral',
      packages: 'external',
      outdir: resolve(root, 'node_modules/.cache/graphql-lazy-load'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = metafile.outputs;
    const atStart = chunksAtStart(metafile, 'src/index.ts');
    expect(atStart.size).toBeGreaterThan(0);

    const lazy = /^(graphql|graphql-request|graphql-ws|isows)$/;
    const loadedAtStart = [...atStart].flatMap((file) =>
      packages(outputs[file] as Metafile['outputs'][string], 'static'),
    );
    const loadedLater = Object.keys(outputs)
      .filter((file) => !atStart.has(file))
      .flatMap((file) => packages(outputs[file] as Metafile['outputs'][string], 'static'));

    expect(loadedAtStart.filter((name) => lazy.test(name))).toEqual([]);
    expect(new Set(loadedLater.filter((name) => lazy.test(name)))).toEqual(
      new Set(['graphql', 'graphql-request', 'graphql-ws', 'isows']),
    );
  });
});
