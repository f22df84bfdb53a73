// Shared by the runtime matrix and the Node-API check: where the repository is, and the built
// entry files of the SDK as the package's `exports` map names them.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

type ExportTarget = string | { [condition: string]: ExportTarget };

/** The ESM file an `exports` target resolves to for `import` (types skipped). */
function importTarget(target: ExportTarget): string | undefined {
  if (typeof target === 'string') return target;
  for (const condition of ['import', 'default']) {
    const next = target[condition];
    if (next !== undefined) return importTarget(next);
  }

  return undefined;
}

/**
 * The absolute path of the built file that `import('@cyberfortress/sdk' + subpath)` loads,
 * read from package.json so that a change of the build's layout needs no change here.
 * @throws when the package does not export `subpath` or the build has not run
 */
export function builtEntry(subpath: '.' | './webhooks'): string {
  const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, ExportTarget>;
  };
  const exported = manifest.exports[subpath];
  const target = exported === undefined ? undefined : importTarget(exported);
  if (target === undefined) throw new Error(`package.json exports no ESM file for '${subpath}'`);
  const file = resolve(ROOT, target);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}
