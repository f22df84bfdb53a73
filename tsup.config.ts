import { defineConfig, type Options } from 'tsup';
import { BROWSER_BUFFER, browserCrypto } from './scripts/browser-mock.js';
import { browserSchemas } from './scripts/browser-schemas.js';

// `npm run build` empties dist/ first (the `prebuild` script), so that the builds below, which
// run at the same time, never clean each other's output. After them, scripts/cjs-types.mjs
// rewrites dist/index.d.cts so that `require('@cyberfortress/sdk')` is typed as the class.

/** The declaration build; tsup sets `baseUrl` for it, which TypeScript 6 deprecates. */
const dtsCompilerOptions = { ignoreDeprecations: '6.0' };

/** What every SDK build shares. */
const sdk: Options = {
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: false,
  outDir: 'dist',
  // zod is bundled in (only what the schemas use), not imported: Node loads zod as about a
  // hundred small modules, and resolving them was most of the SDK's cold start (import in a
  // fresh Node 20 went from about 200 ms to 95-145 ms on a busy 2-core machine; bench/sdk-rest.ts
  // reports it). It sits in a chunk of its own, loaded only when a response body fails its
  // shape's fast check (src/core/response-check.ts): building the schemas alone took most of
  // what was left, and import now takes about 30 ms. zod stays a dependency for the types.
  noExternal: [/^zod(\/|$)/],
};

/** What every build of the mock backend shares. */
const mock: Options = {
  target: 'node20',
  sourcemap: true,
  clean: false,
  outDir: 'dist',
  // Dependencies stay imports (tsup's default): msw, ws and zod resolve from the user's install.
};

/** The mock's library entries (the CLI is a program, with no types). */
const mockTypes = {
  'mock-server/index': 'mock-server/index.ts',
  'mock-server/msw': 'mock-server/msw-entry.ts',
};

// The SDK's builds come first: test/sdk/cjs.test.ts builds the first CommonJS one.
export default defineConfig([
  {
    // The SDK for Node, Bun, Deno and edge workers, falling back on classic zod.
    ...sdk,
    entry: { index: 'src/index.ts', webhooks: 'src/webhooks/index.ts' },
    format: ['esm'],
    dts: { compilerOptions: dtsCompilerOptions },
  },
  {
    // CommonJS: `require('@cyberfortress/sdk')` returns the class itself (see src/index-cjs.ts).
    // `@cyberfortress/sdk/webhooks` is a plain module: `require(...).verifyWebhook`.
    ...sdk,
    entry: { index: 'src/index-cjs.ts', webhooks: 'src/webhooks/index.ts' },
    format: ['cjs'],
    // Shared chunks, as in the ESM build: one copy of the error classes for both entries, so
    // that a webhook error is `instanceof CyberFortressError` from `require('@cyberfortress/sdk')`.
    splitting: true,
    dts: {
      entry: { index: 'src/index.ts', webhooks: 'src/webhooks/index.ts' },
      compilerOptions: dtsCompilerOptions,
    },
  },
  {
    // The browser build (the `browser` condition of `import`): the same SDK falling back on
    // `zod/mini` schemas (scripts/browser-schemas.ts), for the bundle-size budget.
    //
    // Since responses are checked by their shapes first (src/core/response-check.ts), zod is in
    // neither build's first load: the REST app below loads about 20 KB first. The figures
    // below date from when zod checked every response; they still decide which zod a body
    // that fails its shape's check costs (a lazy chunk of about 13 KB with mini).
    //
    // Why two validators, measured on this machine (scripts/size.ts, scripts/validation-speed.ts;
    // esbuild, minified, gzip -9). An app that creates a client and calls `threats.list` loads
    // 47 KB first with classic zod, even with the stream, GraphQL and webhook verification
    // loaded lazily: over the 30 KB budget, since classic zod alone is about 26 KB. With
    // `zod/mini` and the unused request schemas dropped it loads about 26 KB. But mini never
    // compiles a fast parser: checking one 20-threat page (14 KB of JSON) takes about 150-170 µs
    // with mini against 60-100 µs with classic, a tenth or more of a Node service's REST
    // throughput. In a browser that difference is lost in network time, while bytes decide how
    // fast a dashboard starts; on a server bytes barely matter. So each gets the validator that
    // suits it, from the same spec (scripts/generate.mjs writes both schema files); the checks
    // they make are the same (test/size/browser-build.test.ts).
    ...sdk,
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    outDir: 'dist/browser',
    splitting: true,
    // tsup would make the sources' `zod` imports external before the plugin could turn them
    // into `zod/mini`; the plugin keeps `zod/mini` external itself.
    noExternal: [/^zod$/],
    esbuildPlugins: [browserSchemas({ external: true })],
    dts: false,
  },
  {
    // The mock backend (`@cyberfortress/sdk/mock`), its msw handlers (`@cyberfortress/sdk/mock/msw`:
    // no `node:http`, no WebSocket server; see mock-server/msw-entry.ts) and its CLI.
    ...mock,
    entry: {
      'mock-server/index': 'mock-server/index.ts',
      'mock-server/msw': 'mock-server/msw-entry.ts',
      'mock-server/cli': 'mock-server/cli.ts',
    },
    format: ['esm'],
    platform: 'node',
    dts: { entry: mockTypes, compilerOptions: dtsCompilerOptions },
  },
  {
    // The same two entries as CommonJS, so that `require('@cyberfortress/sdk/mock')` works and
    // type-checks too.
    ...mock,
    entry: mockTypes,
    format: ['cjs'],
    platform: 'node',
    dts: { entry: mockTypes, compilerOptions: dtsCompilerOptions },
  },
  {
    // `@cyberfortress/sdk/mock/msw` for `setupWorker` in a browser (the `browser` condition): the
    // domain's `node:crypto` and `Buffer` resolve to small stand-ins (mock-server/browser/).
    ...mock,
    entry: { msw: 'mock-server/msw-entry.ts' },
    outDir: 'dist/mock-server/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    splitting: false,
    inject: [BROWSER_BUFFER],
    // Left to `browserCrypto`: tsup would otherwise make `node:crypto` an external import.
    removeNodeProtocol: false,
    noExternal: [/^node:crypto$/],
    esbuildPlugins: [browserCrypto()],
  },
]);
