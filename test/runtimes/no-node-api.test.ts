// "Nothing in src/ uses a Node-only API": every source file is read as TypeScript (so comments
// and strings do not count) for imports of Node's built-in modules and for Node's globals, and
// the SDK with its dependencies is bundled for the browser, where esbuild refuses any built-in.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support.js';

const SRC = join(ROOT, 'src');

/** Node's globals that other runtimes lack (or have only under a compatibility layer). */
const NODE_GLOBALS = new Set([
  'process',
  'Buffer',
  'require',
  'module',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
  'clearImmediate',
]);

/** The one file allowed to read `process`: it reads the environment behind `typeof` guards. */
const GUARDED_ENV_READER = 'src/core/env.ts';

/**
 * Files allowed one global each, with the reason. The CommonJS entry sets `module.exports`, the
 * CommonJS convention that makes `require('@cyberfortress/sdk')` return the class; bundlers, Bun
 * and Deno's npm layer read it too, and the ESM entry never loads that file.
 */
const ALLOWED: Record<string, string> = { 'src/index-cjs.ts': 'module' };

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The module specifiers a file imports, re-exports or loads with `import()`. */
function importedModules(source: ts.SourceFile): { specifier: string; node: ts.Node }[] {
  const found: { specifier: string; node: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, node });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, node });
    }

    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * True when `node` is an identifier that refers to a variable, rather than the name of a
 * property, a member or a declaration (`options.process`, `{ global: true }`, a type name).
 */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === node
  ) {
    return false;
  }

  if (ts.isTypeReferenceNode(parent)) return false;
  // A local binding of the same name (a parameter called `module`) is the code's own.
  if (
    (ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)) &&
    parent.name === node
  ) {
    return false;
  }

  return !isShadowed(node);
}

function bindsName(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some(
    (element) => !ts.isOmittedExpression(element) && bindsName(element.name, text),
  );
}

/** True when a parameter or a declaration of an enclosing scope gives the name a local meaning. */
function isShadowed(node: ts.Identifier): boolean {
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => bindsName(p.name, node.text))) {
      return true;
    }

    if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (
          ts.isVariableStatement(statement) &&
          statement.declarationList.declarations.some((d) => bindsName(d.name, node.text))
        ) {
          return true;
        }

        if (
          (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
          statement.name?.text === node.text
        ) {
          return true;
        }
      }
    }
  }

  return false;
}

function nodeGlobals(source: ts.SourceFile): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && isValueReference(node)) {
      found.push(node);
    }

    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function finding(source: ts.SourceFile, node: ts.Node): Finding {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const text = source.text.split('\n')[line]?.trim() ?? '';
  return { file: relative(ROOT, source.fileName), line: line + 1, text };
}

const sources = sourceFiles(SRC).map((file) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
);

describe('src/ uses no Node-only API', () => {
  it('reads every source file, generated ones included', () => {
    const files = sources.map((source) => relative(ROOT, source.fileName));
    expect(files).toContain('src/index.ts');
    expect(files).toContain(GUARDED_ENV_READER);
    expect(files.some((file) => file.startsWith('src/generated/'))).toBe(true);
  });

  it('imports no Node built-in module (node:*, crypto, buffer, …)', () => {
    const findings = sources.flatMap((source) =>
      importedModules(source)
        .filter(({ specifier }) => BUILTINS.has(specifier))
        .map(({ node }) => finding(source, node)),
    );
    expect(findings).toEqual([]);
  });

  it(`reads no Node global (process, Buffer, require, …) outside ${GUARDED_ENV_READER}`, () => {
    const findings = sources
      .filter((source) => relative(ROOT, source.fileName) !== GUARDED_ENV_READER)
      .flatMap((source) =>
        nodeGlobals(source)
          .filter((node) => ALLOWED[relative(ROOT, source.fileName)] !== node.text)
          .map((node) => finding(source, node)),
      );
    expect(findings).toEqual([]);
  });

  it(`reads only process.env and process.versions in ${GUARDED_ENV_READER}, each behind a typeof guard`, () => {
    const source = sources.find((file) => relative(ROOT, file.fileName) === GUARDED_ENV_READER);
    const uses = nodeGlobals(source as ts.SourceFile);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const parent = use.parent;
      const guard = ts.isTypeOfExpression(parent);
      const member = ts.isPropertyAccessExpression(parent) ? parent.name.text : undefined;
      expect(
        use.text === 'process' && (guard || member === 'env' || member === 'versions'),
        `${finding(source as ts.SourceFile, use).text}`,
      ).toBe(true);
    }

    // Every line that touches process.env or process.versions is guarded on the same line or
    // inside a block opened by `typeof process !== 'undefined'`.
    expect(source?.text).toMatch(/typeof process !== 'undefined' && process\.env/);
    expect(source?.text).toMatch(/typeof process !== 'undefined' && process\.versions/);
  });

  it('bundles for the browser with its dependencies and no Node built-in', async () => {
    // esbuild's browser platform refuses to resolve a built-in, so a success is the proof;
    // the inputs list shows that nothing came from a Node-only path either.
    const result = await build({
      entryPoints: [join(SRC, 'index.ts'), join(SRC, 'webhooks/index.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      outdir: 'out',
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.startsWith('src/'))).toBe(true);
    expect(inputs.filter((input) => /(^|\/)node_modules\/ws\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => BUILTINS.has(input))).toEqual([]);
  });
});
