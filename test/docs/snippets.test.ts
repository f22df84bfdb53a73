/**
 * The guides' TypeScript blocks compile against the SDK as it is: every ```ts block of every
 * guide in docs/ is written to its own module in a scratch folder, with the package's entry
 * points mapped to the source, and one `tsc --noEmit` checks them all. A block that is a
 * fragment on purpose is marked ```ts nocheck and skipped.
 *
 * Three web frameworks the webhook guide shows (Fastify, Koa, Hono) are not dependencies of
 * this package, so their modules are declared here with the few members the guide uses, and
 * their request objects as `any`: the SDK calls in those blocks are checked, the framework's
 * own types are not.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const docsDir = join(root, 'docs');

/** The package's entry points, as a user imports them, mapped to their source. */
const ENTRY_POINTS: Record<string, string> = {
  '@cyberfortress/sdk': 'src/index.ts',
  '@cyberfortress/sdk/webhooks': 'src/webhooks/index.ts',
  '@cyberfortress/sdk/mock': 'mock-server/index.ts',
  '@cyberfortress/sdk/mock/msw': 'mock-server/msw-entry.ts',
};

const FRAMEWORK_STUBS = `
declare module 'fastify' {
  interface FastifyInstance {
    register(plugin: (scope: FastifyInstance) => Promise<void>): void;
    addContentTypeParser(
      type: string,
      options: { parseAs: 'buffer' | 'string' },
      parser: (request: any, body: any, done: (error: Error | null, body?: unknown) => void) => void,
    ): void;
    post(path: string, handler: (request: any, reply: any) => unknown): void;
    listen(options: { port: number; host?: string }): Promise<string>;
  }
  export default function Fastify(): FastifyInstance;
}
declare module 'koa' {
  export default class Koa {
    use(middleware: (ctx: any, next: () => Promise<void>) => unknown): this;
    listen(port: number): unknown;
  }
}
declare module 'hono' {
  export class Hono<E = unknown> {
    post(path: string, handler: (c: any) => unknown): this;
  }
}
`;

interface Block {
  guide: string;
  /** 1 for the guide's first TypeScript block. */
  index: number;
  /** Line of the block's first code line in the guide. */
  line: number;
  code: string;
  checked: boolean;
}

/** The fenced TypeScript blocks of one guide, in order. */
function extractBlocks(guide: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)\b(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    blocks.push({
      guide,
      index: blocks.length + 1,
      line: start + 1,
      code: lines.slice(start, end).join('\n'),
      checked: !/\bnocheck\b/.test(open[2] as string),
    });
    i = end;
  }

  return blocks;
}

function fileName(block: Block): string {
  return `${block.guide.replace(/\.md$/, '')}-${block.index}.mts`;
}

function runTsc(project: string): Promise<string> {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [tsc, '--noEmit', '--pretty', 'false', '-p', project],
      { maxBuffer: 16 * 1024 * 1024 },
      // tsc exits non-zero on any error: the output is what the test reads.
      (_error, stdout, stderr) => resolvePromise(`${stdout}${stderr}`),
    );
  });
}

let scratch: string;
let blocks: Block[] = [];
let output = '';

beforeAll(async () => {
  const guides = (await readdir(docsDir)).filter((name) => name.endsWith('.md')).sort();
  for (const guide of guides) {
    blocks.push(...extractBlocks(guide, await readFile(join(docsDir, guide), 'utf8')));
  }

  scratch = await mkdtemp(join(tmpdir(), 'cf-doc-snippets-'));
  // Packages the snippets import (msw, express, vitest…) resolve from the repository's.
  await symlink(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  await writeFile(join(scratch, 'frameworks.d.ts'), FRAMEWORK_STUBS);
  // One known error, so that a run that checked nothing cannot pass as a clean one.
  await writeFile(join(scratch, 'canary.mts'), "export const canary: number = 'not a number';\n");

  const checked = blocks.filter((block) => block.checked);
  for (const block of checked) await writeFile(join(scratch, fileName(block)), `${block.code}\n`);

  const paths = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([specifier, file]) => [specifier, [join(root, file)]]),
  );
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      moduleDetection: 'force',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      noEmit: true,
      paths,
    },
    files: ['frameworks.d.ts', 'canary.mts', ...checked.map(fileName)],
  };
  await writeFile(join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  output = await runTsc(join(scratch, 'tsconfig.json'));
}, 240_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the guides in docs/', () => {
  it('have TypeScript blocks to check, in every guide but the index', () => {
    const guides = new Set(blocks.filter((block) => block.checked).map((block) => block.guide));
    for (const name of [
      'authentication.md',
      'errors-and-retries.md',
      'graphql.md',
      'migrating-from-raw-http.md',
      'pagination.md',
      'rate-limits.md',
      'stream.md',
      'testing-with-the-mock.md',
      'webhooks.md',
    ]) {
      expect(guides, `no checked TypeScript block in docs/${name}`).toContain(name);
    }
  });

  it('leave few blocks unchecked', () => {
    const unchecked = blocks.filter((block) => !block.checked);
    expect(
      unchecked.map((block) => `${block.guide} block ${block.index}`),
      'blocks marked nocheck',
    ).toHaveLength(Math.min(unchecked.length, 3));
  });

  it('type-check against the source', () => {
    const byFile = new Map(
      blocks.filter((b) => b.checked).map((block) => [fileName(block), block]),
    );
    const problems: string[] = [];
    for (const line of output.split('\n')) {
      const match = /^(.+?\.mts)\((\d+),(\d+)\): (error TS\d+: .*)$/.exec(line);
      const block = match && byFile.get(match[1]!.split('/').pop() as string);
      if (!match || !block) continue;
      const lineInBlock = Number(match[2]);
      problems.push(
        `docs/${block.guide} block ${block.index} (guide line ${block.line + lineInBlock - 1}): ${match[4]}`,
      );
    }

    expect(problems, problems.join('\n')).toEqual([]);

    // tsc ran and checked the files: a broken setup must not pass as "no errors in snippets".
    expect(output).toMatch(/canary\.mts\(1,14\): error TS2322:/);
    expect(output).not.toMatch(/error TS(5\d{3}|6\d{3}):/);
  });
});
