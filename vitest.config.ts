import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'] },
    setupFiles: ['test/helpers/contract-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Socket suites start real servers on 127.0.0.1; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
