/**
 * The browser build's schema switch, shared by the package build (tsup.config.ts) and the size
 * check (scripts/size.ts). Why the browser gets `zod/mini` and Node classic zod, with the
 * figures, is written in tsup.config.ts.
 *
 * The plugin
 * - resolves `src/generated/zod.gen.ts` (classic zod) to `src/generated/zod-mini.gen.ts`, the
 *   same schemas written with `zod/mini`;
 * - resolves `zod`, imported by the SDK's own sources, to `zod/mini`: with classic zod anywhere
 *   in the bundle (even in a lazily loaded chunk), a bundler moves the parts of zod's core that
 *   classic shares with mini into the chunk the app loads first, about 15 KB gzipped more. Such
 *   sources must therefore keep to the API that both skins share (`z.object`, `z.nullable(x)`,
 *   `z.int().check(z.gte(0))`, no chained `.nullable()` or `.gte()`); test/size checks it;
 * - marks each generated schema as free of side effects, so that a bundler drops the ones
 *   nothing uses (the request-side schemas): zod's builder calls are not annotated and would
 *   otherwise all be kept;
 * - resolves `src/core/fast-path-code.ts`, which compiles response checks from source, to
 *   `src/core/fast-path-code.browser.ts`, which never does: a page would not run it.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');
const miniSchemaFile = join(src, 'generated/zod-mini.gen.ts');
const browserFastPathFile = join(src, 'core/fast-path-code.browser.ts');

/**
 * Wraps every top-level `export const` of a generated schema file in an immediately called
 * function annotated as pure, so that a bundler can drop it when unused.
 *
 * @example
 * markSchemasPure("export const zA = z.string();\n"); // 'export const zA = /* @__PURE__ *\/ (() => z.string())();\n'
 */
export function markSchemasPure(source: string): string {
  // The file is formatted by the generator: each statement starts a line, after its JSDoc.
  const statements = source.split(/\n(?=\/\*\*|export const )/);
  let wrapped = 0;
  const out = statements.map((statement) => {
    if (!statement.startsWith('export const ')) return statement;
    wrapped++;
    return statement
      .replace(/^(export const \w+ = )/, '$1/* @__PURE__ */ (() => ')
      .replace(/;(\s*)$/, ')();$1');
  });

  const expected = source.match(/^export const /gm)?.length ?? 0;
  if (wrapped !== expected || out.join('\n').match(/\)\(\);/g)?.length !== expected) {
    throw new Error(
      `Could not mark the ${expected} generated schemas as pure; has the generator's layout changed?`,
    );
  }

  return out.join('\n');
}

/**
 * The esbuild plugin of the browser build. With `external`, the package build keeps `zod/mini` an
 * import for the app's bundler to resolve (tsup must then leave bare `zod` to this plugin:
 * `noExternal: [/^zod$/]`); without it, `zod/mini` is bundled, as an app's bundler would.
 *
 * @example
 * await esbuild.build({ entryPoints: ['src/index.ts'], bundle: true, plugins: [browserSchemas()] });
 */
export function browserSchemas(options: { external?: boolean } = {}): Plugin {
  return {
    name: 'cyberfortress-browser-schemas',
    setup(build) {
      build.onResolve({ filter: /\/generated\/zod\.gen\.js$/ }, () => ({ path: miniSchemaFile }));
      build.onResolve({ filter: /\/fast-path-code\.js$/ }, ({ importer }) =>
        importer.startsWith(src) ? { path: browserFastPathFile } : undefined,
      );
      build.onResolve({ filter: /^zod$/ }, ({ importer, resolveDir, kind }) => {
        if (!importer.startsWith(src)) return undefined;
        return options.external
          ? { path: 'zod/mini', external: true }
          : build.resolve('zod/mini', { resolveDir, kind });
      });
      build.onLoad({ filter: /\/generated\/zod-mini\.gen\.ts$/ }, async ({ path }) => ({
        contents: markSchemasPure(await readFile(path, 'utf8')),
        loader: 'ts',
      }));
    },
  };
}
