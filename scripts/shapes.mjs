// Writes src/generated/shapes.gen.ts: the shape (src/core/shape.ts) of every response schema,
// read from the generated zod schemas themselves, so that the SDK's fast check agrees with
// zod by construction. Shared parts (a Threat inside a page of threats) are named once and
// referenced. A shape is `s` and its schema's name (`sThreat`); a response body is `r` and its
// schema's name (`rListThreatsResponse`).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * The shapes module's source for the zod schemas in `zodFile` (a generated `zod.gen.ts` whose
 * `zod` import resolves from where it lies).
 */
export async function shapesModule(root, zodFile) {
  const schemas = await tsImport(pathToFileURL(zodFile).href, import.meta.url);
  const { shapeOfZod } = await tsImport(
    pathToFileURL(join(root, 'src/core/zod-shape.ts')).href,
    import.meta.url,
  );

  // Each exported schema's shape, and the first name that carries each distinct shape.
  // A model's name (`zThreatDetail`) is preferred to an operation's (`zGetThreatResponse`).
  const shapes = new Map();
  const nameOf = new Map();
  const names = Object.keys(schemas).filter((name) => name.startsWith('z'));
  const isOperation = (name) => /Response$/.test(name);
  for (const name of [...names.filter((n) => !isOperation(n)), ...names.filter(isOperation)]) {
    const shape = shapeOfZod(schemas[name]);
    shapes.set(name, shape);
    const key = keyOf(shape);
    if (!nameOf.has(key)) nameOf.set(key, name);
  }

  const emitted = new Set();
  const lines = [];

  // Each distinct pattern is written once (the timestamp's is long and everywhere).
  const patterns = new Map();
  const patternName = (pattern) => {
    const text = String(pattern);
    if (!patterns.has(text)) patterns.set(text, `pattern${patterns.size + 1}`);
    return patterns.get(text);
  };
  const constName = (name) => `s${name.slice(1)}`;

  // The builders the module calls, imported from src/core/shape.ts.
  const used = new Set();
  const call = (builder, args = '') => {
    used.add(builder);
    return `${builder}(${args})`;
  };

  const reference = (shape, self) => {
    const name = nameOf.get(keyOf(shape));
    if (name !== undefined && name !== self && isWorthNaming(shape)) {
      define(name);
      return constName(name);
    }

    return code(shape, self);
  };

  const code = (shape, self) => {
    switch (shape.type) {
      case 'string': {
        const parts = [];
        if (shape.patterns) parts.push(`patterns: [${shape.patterns.map(patternName).join(', ')}]`);
        if (shape.minLength !== undefined) parts.push(`minLength: ${shape.minLength}`);
        if (shape.maxLength !== undefined) parts.push(`maxLength: ${shape.maxLength}`);
        if (shape.ipv6) parts.push('ipv6: true');
        if (shape.url) parts.push('url: true');
        return call('string', parts.length === 0 ? '' : `{ ${parts.join(', ')} }`);
      }

      case 'number': {
        const { type: _, ...options } = shape;
        const parts = Object.entries(options).map(([key, value]) => `${key}: ${value}`);
        return call('number', parts.length === 0 ? '' : `{ ${parts.join(', ')} }`);
      }

      case 'boolean':
        return call('boolean');
      case 'enum':
        return call('oneOf', `[${shape.values.map((value) => JSON.stringify(value)).join(', ')}]`);
      case 'nullable':
      case 'optional':
        return call(shape.type, reference(shape.inner, self));
      case 'array':
        return call('array', reference(shape.element, self));
      case 'union':
        return call(
          'union',
          `[${shape.options.map((option) => reference(option, self)).join(', ')}]`,
        );
      case 'object': {
        const fields = Object.entries(shape.fields).map(
          ([field, inner]) =>
            `${/^[A-Za-z_$][\w$]*$/.test(field) ? field : JSON.stringify(field)}: ${reference(inner, self)}`,
        );
        return call('object', `{ ${fields.join(', ')} }`);
      }

      default:
        return call('other');
    }
  };

  const define = (name) => {
    if (emitted.has(name)) return;
    emitted.add(name);
    const body = reference(shapes.get(name), name);
    lines.push(`export const ${constName(name)} = /* @__PURE__ */ ${body};`);
  };

  const responses = [];
  for (const name of names) {
    if (!isOperation(name)) continue;
    // The body refers to the named shape it shares, even one named after this operation.
    const body = reference(shapes.get(name), undefined);
    responses.push(
      `export const r${name.slice(1)} = /* @__PURE__ */ response(${JSON.stringify(name)}, ${body});`,
    );
  }

  used.add('response');
  return [
    `import { ${[...used].sort().join(', ')} } from '../core/shape.js';`,
    '',
    ...[...patterns].map(([text, name]) => `const ${name} = ${text};`),
    '',
    ...lines,
    '',
    '// Each response body, with the zod schema that decides when the fast check gives up.',
    ...responses,
    '',
  ].join('\n');
}

/** Scalars are written out where they are used; only structures get a name. */
function isWorthNaming(shape) {
  return (
    shape.type === 'object' ||
    shape.type === 'array' ||
    shape.type === 'union' ||
    shape.type === 'enum'
  );
}

function keyOf(shape) {
  return JSON.stringify(shape, (_, value) => (value instanceof RegExp ? String(value) : value));
}
