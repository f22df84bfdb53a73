import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The mock backend and its CLI run on Node only.
    entry: {
      'mock-server/index': 'mock-server/index.ts',
      'mock-server/cli': 'mock-server/cli.ts',
    },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    // The builds below run at the same time and write dist/index.*, dist/webhooks.* and their
    // shared chunks (`chunk-*`, declaration chunks `index-*`); the clean must spare them.
    clean: ['!index.*', '!index-*', '!webhooks.*', '!chunk-*'],
    outDir: 'dist',
  },
  {
    // The SDK runs in Node, Bun, Deno, browsers and edge workers: no platform-specific build.
    entry: { index: 'src/index.ts', webhooks: 'src/webhooks/index.ts' },
    format: ['esm'],
    platform: 'neutral',
    target: 'es2022',
    // tsup sets `baseUrl` for the declaration build, which TypeScript 6 deprecates.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: false,
    outDir: 'dist',
  },
  {
    // CommonJS: `require('@cyberfortress/sdk')` returns the class itself (see src/index-cjs.ts);
    // its types are the ESM entry's, which that object also satisfies (`.default`, named exports).
    // `@cyberfortress/sdk/webhooks` is a plain module: `require(...).verifyWebhook`.
    entry: { index: 'src/index-cjs.ts', webhooks: 'src/webhooks/index.ts' },
    format: ['cjs'],
    // Shared chunks, as in the ESM build: one copy of the error classes for both entries, so
    // that a webhook error is `instanceof CyberFortressError` from `require('@cyberfortress/sdk')`.
    splitting: true,
    platform: 'neutral',
    target: 'es2022',
    dts: {
      entry: { index: 'src/index.ts', webhooks: 'src/webhooks/index.ts' },
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
    sourcemap: true,
    clean: false,
    outDir: 'dist',
  },
]);
