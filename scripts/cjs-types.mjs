#!/usr/bin/env node
// Rewrites dist/index.d.cts, which the declaration build writes in ES module syntax, into the
// CommonJS shape of dist/index.cjs: `module.exports` is the client class with every named
// export hung on it (src/index-cjs.ts). So `const CyberFortress = require('@cyberfortress/sdk')`
// is typed as the class under every `moduleResolution`, and `CyberFortress.Threat`,
// `CyberFortress.RateLimitError` and `import { type Threat } from '@cyberfortress/sdk'` still
// resolve. Runs after tsup in `npm run build`.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../dist/index.d.cts', import.meta.url));
const source = await readFile(file, 'utf8');

if (/^export = CyberFortress;$/m.test(source)) {
  console.log('dist/index.d.cts already has `export =`.');
} else {
  // The declaration bundler ends the file with one `export { … };` listing every export.
  const match = /^export \{([^}]*)\};\s*$/m.exec(source);
  if (match === null || source.slice(match.index + match[0].length).trim() !== '') {
    throw new Error(
      'dist/index.d.cts does not end with one `export { … };`: update scripts/cjs-types.mjs',
    );
  }

  // Re-exports from the shared declaration chunk become imports, their names namespace members.
  if (/^export \* /m.test(source))
    throw new Error('dist/index.d.cts has `export *`: update scripts/cjs-types.mjs');
  // An import may not take the name of a local declaration (the GraphQL documents' own
  // `ThreatStatus`, say, beside the REST one the chunk exports): such a name is imported under an
  // alias and exported from the namespace under its own name.
  const head = source.slice(0, match.index);
  const declaredHere = (name) =>
    new RegExp(
      `^(?:export )?(?:declare )?(?:type|interface|class|const|let|var|function|enum|namespace) ${name.replace(/\$/g, '\\$')}\\b`,
      'm',
    ).test(head);
  const reexported = [];
  const body = head.replace(/^export \{([^}]*)\} from ('[^']+');$/gm, (_, list, from) => {
    const specifiers = list
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [imported, exported = imported] = entry.split(/\s+as\s+/);
        if (!declaredHere(exported)) {
          reexported.push(exported);
          return entry;
        }
        const alias = `${exported}$reexported`;
        reexported.push(`${alias} as ${exported}`);
        return `${imported} as ${alias}`;
      });
    return `import { ${specifiers.join(', ')} } from ${from};`;
  });
  const names = [
    ...match[1]
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    ...reexported,
  ];
  if (!names.includes('CyberFortress'))
    throw new Error('dist/index.d.cts does not export CyberFortress');
  // The same names, now members of the class: a namespace merged with it, as `export =` needs.
  const namespace = [
    'declare namespace CyberFortress {',
    `  export { ${names.join(', ')} };`,
    '}',
    'export = CyberFortress;',
    '',
  ].join('\n');
  await writeFile(file, body + namespace);
  console.log(`dist/index.d.cts: \`export = CyberFortress\` with ${names.length} named exports.`);
}
