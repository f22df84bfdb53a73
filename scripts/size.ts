/**
 * The bundle-size budget: bundles two small browser apps the way an app's bundler would
 * (esbuild, minified, ESM, code splitting so that lazily imported transports become chunks of
 * their own) and weighs what the browser loads first, gzipped at level 9.
 *
 * - `rest`: `new CyberFortress(...)` and `client.threats.list(...)`, at most 30 KB;
 * - `webhooks`: `verifyWebhook(...)` alone, at most 3 KB.
 *
 * `npm run size` prints the table and fails over budget (`-- --classic` weighs the apps with the
 * classic zod schemas instead, for comparison); test/size/ asserts the same budgets and what
 * each bundle may not contain.
 *
 * @module
 */

import { build, type Metafile } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { browserSchemas } from './browser-schemas.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A fixture app and the most its first load may weigh, gzipped. */
export interface SizeCase {
  name: string;
  entry: string;
  budgetBytes: number;
}

/** The apps the budget covers. */
export const SIZE_CASES: readonly SizeCase[] = [
  { name: 'rest', entry: 'test/size/fixtures/rest-app.ts', budgetBytes: 30 * 1024 },
  { name: 'webhooks', entry: 'test/size/fixtures/webhooks-app.ts', budgetBytes: 3 * 1024 },
];

/** One output file of a bundle. */
export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Source files (relative to the repository) that went into this chunk. */
  inputs: string[];
}

/** What a fixture app bundles to. */
export interface BundleReport {
  name: string;
  budgetBytes: number;
  /** The entry chunk and the chunks it imports statically: what the app loads first. */
  initial: ChunkSize[];
  /** Chunks reached only through `import()`: loaded when a transport is first used. */
  lazy: ChunkSize[];
  /** Gzipped bytes of `initial`, summed. */
  initialGzipBytes: number;
  /** Source files the app's code loads with `import()`. */
  lazyTargets: string[];
}

/**
 * Bundles one fixture app for the browser and sizes its chunks.
 *
 * @example
 * const report = await measure(SIZE_CASES[0]);
 */
export async function measure(
  sizeCase: SizeCase,
  options: { schemas?: 'browser' | 'classic' } = {},
): Promise<BundleReport> {
  const outdir = await mkdtemp(join(tmpdir(), `cf-size-${sizeCase.name}-`));
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, sizeCase.entry)],
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      metafile: true,
      logLevel: 'silent',
      plugins: options.schemas === 'classic' ? [] : [browserSchemas()],
    });
    return await report(sizeCase, result.metafile, outdir);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/**
 * The output files a bundle loads at start: the chunk built from `entry` (a source path as the
 * build was given it, relative to its working folder) and every chunk it reaches by static
 * imports. A chunk that `import()` loads is an entry point too, so the entry is found by its
 * source. Empty when no chunk was built from `entry`.
 *
 * @example
 * const atStart = chunksAtStart(result.metafile, 'src/index.ts');
 */
export function chunksAtStart(metafile: Metafile, entry: string): Set<string> {
  const outputs = metafile.outputs;
  const source = entry.replace(/^\.\//, '');
  const first = Object.keys(outputs).find((file) => outputs[file]?.entryPoint === source);
  const atStart = new Set<string>();
  const pending = first === undefined ? [] : [first];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (atStart.has(file)) continue;
    atStart.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }

  return atStart;
}

async function report(
  sizeCase: SizeCase,
  metafile: Metafile,
  outdir: string,
): Promise<BundleReport> {
  const outputs = metafile.outputs;
  const initialFiles = chunksAtStart(metafile, sizeCase.entry);
  if (initialFiles.size === 0) throw new Error(`No entry chunk in the ${sizeCase.name} bundle`);

  const initial: ChunkSize[] = [];
  const lazy: ChunkSize[] = [];
  for (const [file, output] of Object.entries(outputs)) {
    if (file.endsWith('.map')) continue;
    const text = await readFile(join(root, file));
    const chunk: ChunkSize = {
      file: relative(outdir, join(root, file)),
      bytes: text.length,
      gzipBytes: gzipSync(text, { level: 9 }).length,
      inputs: Object.keys(output.inputs).map((input) => input.replace(/^(\.\.\/)+/, '')),
    };
    (initialFiles.has(file) ? initial : lazy).push(chunk);
  }

  const initialGzipBytes = initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
  const lazyTargets = Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((entry) => entry.kind === 'dynamic-import').map((entry) => entry.path),
  );
  return {
    name: sizeCase.name,
    budgetBytes: sizeCase.budgetBytes,
    initial,
    lazy,
    initialGzipBytes,
    lazyTargets: [...new Set(lazyTargets)],
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  const schemas = process.argv.includes('--classic') ? 'classic' : 'browser';
  let over = 0;
  for (const sizeCase of SIZE_CASES) {
    const result = await measure(sizeCase, { schemas });
    const verdict = result.initialGzipBytes <= result.budgetBytes ? 'ok' : 'OVER BUDGET';
    if (verdict !== 'ok') over++;
    console.log(
      `${result.name}: ${kb(result.initialGzipBytes)} gzipped on first load (budget ${kb(result.budgetBytes)}) ${verdict}`,
    );
    for (const chunk of result.initial) {
      console.log(
        `  initial ${chunk.file}: ${kb(chunk.bytes)} minified, ${kb(chunk.gzipBytes)} gzipped`,
      );
    }

    for (const chunk of result.lazy) {
      console.log(
        `  lazy    ${chunk.file}: ${kb(chunk.bytes)} minified, ${kb(chunk.gzipBytes)} gzipped`,
      );
    }
  }

  if (over > 0) process.exit(1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main();
