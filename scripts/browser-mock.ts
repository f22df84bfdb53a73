/**
 * How `@cyberfortress/sdk/mock/msw` is built for browsers, shared by tsup.config.ts and
 * test/size/browser-build.test.ts: the mock's domain uses `node:crypto` and `Buffer`, which
 * resolve to the small stand-ins in mock-server/browser/ (Node keeps its own).
 *
 * @module
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The module esbuild's `inject` puts in place of the global `Buffer`. */
export const BROWSER_BUFFER = join(root, 'mock-server/browser/buffer.ts');

/**
 * An esbuild plugin that resolves `node:crypto` to mock-server/browser/node-crypto.ts.
 *
 * @example
 * await esbuild.build({ entryPoints: ['mock-server/msw-entry.ts'], inject: [BROWSER_BUFFER], plugins: [browserCrypto()] });
 */
export function browserCrypto(): Plugin {
  return {
    name: 'cyberfortress-browser-crypto',
    setup(build) {
      build.onResolve({ filter: /^node:crypto$/ }, () => ({
        path: join(root, 'mock-server/browser/node-crypto.ts'),
      }));
    },
  };
}
