#!/usr/bin/env node
// Launcher for the mock backend's CLI: runs the built CLI, or explains how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/mock-server/cli.js', import.meta.url);

if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write(
    '[cyberfortress-mock] The mock server is not built: dist/mock-server/cli.js is missing.\n' +
      'Run `npm run build` in the package first, or start it from source with `npx tsx mock-server/cli.ts`.\n',
  );
  process.exit(1);
}
