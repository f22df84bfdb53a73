import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure, SIZE_CASES, type BundleReport } from '../../scripts/size.js';

// Bundling with esbuild takes a second or two each; both apps are built once for every test.
const reports = new Map<string, Promise<BundleReport>>();
function report(name: 'rest' | 'webhooks'): Promise<BundleReport> {
  const sizeCase = SIZE_CASES.find((entry) => entry.name === name);
  if (sizeCase === undefined) throw new Error(`No size case ${name}`);
  if (!reports.has(name)) reports.set(name, measure(sizeCase));
  return reports.get(name) as Promise<BundleReport>;
}

function inputsOf(chunks: BundleReport['initial']): string[] {
  return chunks.flatMap((chunk) => chunk.inputs);
}

/** The packages behind the stream and GraphQL transports. */
const TRANSPORT_PACKAGES = [
  'graphql',
  'graphql-ws',
  'graphql-request',
  'isows',
  'ws',
  'eventemitter3',
];

/**
 * The stream's implementation: every module of src/stream/ but the small facade behind
 * `client.stream` (client, options, channels, policy, errors) and its types (events), which the
 * client loads at start. core.ts and the modules it imports load on first use.
 */
const STREAM_IMPLEMENTATION =
  /^src\/stream\/(?!(?:client|options|channels|policy|errors|events)\.ts$)[\w-]+\.ts$/;

function packageOf(input: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

describe('bundle size (esbuild, minified, gzip -9, what the app loads first)', () => {
  it('keeps an app that lists threats within 30 KB', { timeout: 60_000 }, async () => {
    const { initialGzipBytes } = await report('rest');
    expect(initialGzipBytes).toBeGreaterThan(5 * 1024);
    expect(initialGzipBytes).toBeLessThanOrEqual(30 * 1024);
  });

  it('keeps webhook verification alone within 3 KB', { timeout: 60_000 }, async () => {
    const { initialGzipBytes } = await report('webhooks');
    expect(initialGzipBytes).toBeGreaterThan(1024);
    expect(initialGzipBytes).toBeLessThanOrEqual(3 * 1024);
  });
});

describe('tree-shaking', () => {
  it(
    'leaves the REST client, the transports and zod out of a webhook verifier',
    { timeout: 60_000 },
    async () => {
      const { initial, lazy } = await report('webhooks');
      const inputs = inputsOf([...initial, ...lazy]);
      expect(inputs).toContain('src/webhooks/verify.ts');
      const forbidden = inputs.filter(
        (input) =>
          /^src\/(core\/transport|resources|stream|graphql|generated\/zod)/.test(input) ||
          packageOf(input) === 'zod',
      );
      expect(forbidden).toEqual([]);
    },
  );

  it(
    'leaves the stream and GraphQL transports out of a REST-only app until they are used',
    { timeout: 60_000 },
    async () => {
      const { initial, lazy, lazyTargets } = await report('rest');
      const first = inputsOf(initial);
      expect(first).toContain('src/resources/threats.ts');
      expect(
        first.map(packageOf).filter((name) => TRANSPORT_PACKAGES.includes(name ?? '')),
      ).toEqual([]);

      // The transports load with `import()`: no module the app imports that way may reach the
      // first load through a static import as well. (The small facades behind `client.stream`
      // and `client.graphql` may, and do.)
      expect(lazyTargets).toContain('src/stream/core.ts');
      expect(first.filter((input) => lazyTargets.includes(input))).toEqual([]);
      expect(lazy.length).toBeGreaterThan(0);

      // core.ts imports the rest of the stream's implementation, which loads with it, never first.
      expect(first.filter((input) => STREAM_IMPLEMENTATION.test(input))).toEqual([]);
      expect(inputsOf(lazy).filter((input) => STREAM_IMPLEMENTATION.test(input))).toContain(
        'src/stream/connector.ts',
      );
    },
  );

  it('bundles zod/mini, not classic zod, into a browser app', { timeout: 60_000 }, async () => {
    const { initial, lazy } = await report('rest');
    const zodModules = inputsOf([...initial, ...lazy]).filter(
      (input) => packageOf(input) === 'zod',
    );
    expect(zodModules.some((input) => input.includes('/v4/mini/'))).toBe(true);
    expect(zodModules.filter((input) => input.includes('/v4/classic/'))).toEqual([]);
  });

  it(
    'checks responses with the closures alone, never compiling source',
    { timeout: 60_000 },
    async () => {
      const { initial, lazy } = await report('rest');
      const inputs = inputsOf([...initial, ...lazy]);
      expect(inputs).toContain('src/core/fast-path.ts');
      expect(inputs).not.toContain('src/core/fast-path-code.ts');
    },
  );
});

/** The source files and external imports an entry's bundle reaches. */
async function graph(entry: string): Promise<{ inputs: string[]; externals: string[] }> {
  const result = await build({
    absWorkingDir: join(import.meta.dirname, '../..'),
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const externals = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
  return { inputs, externals };
}

/** Modules that only work on a port: the node:http listener and the WebSocket transports. */
const PORT_BOUND =
  /^mock-server\/(http\/node|stream\/(transport|connection|outbox)|graphql\/ws(-server)?)\.ts$/;
const SERVER_MODULES = /^(node:)?(http|https|net|tls|child_process)$|^(ws|graphql-ws|isows)(\/|$)/;

describe('@cyberfortress/sdk/mock/msw', () => {
  it('holds the REST pipeline and no HTTP or WebSocket server', { timeout: 60_000 }, async () => {
    const handlers = await graph('mock-server/msw-entry.ts');
    expect(handlers.inputs).toContain('mock-server/http/pipeline.ts');
    expect(handlers.externals).toContain('msw');
    expect(handlers.inputs.filter((input) => PORT_BOUND.test(input))).toEqual([]);
    expect(handlers.externals.filter((path) => SERVER_MODULES.test(path))).toEqual([]);

    // The same checks find the servers in `@cyberfortress/sdk/mock`, which listens on ports.
    const server = await graph('mock-server/index.ts');
    expect(server.inputs.filter((input) => PORT_BOUND.test(input)).length).toBeGreaterThan(2);
    expect(server.externals.filter((path) => SERVER_MODULES.test(path)).length).toBeGreaterThan(0);
  });
});
