import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The mock backend and its CLI run on Node only; the SDK entries join this build in later work.
    entry: {
      'mock-server/index': 'mock-server/index.ts',
      'mock-server/cli': 'mock-server/cli.ts',
    },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    clean: true,
    outDir: 'dist',
  },
]);
