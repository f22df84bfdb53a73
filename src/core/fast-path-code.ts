/**
 * The fast path (./fast-path.ts) written as JavaScript source and compiled with `new Function`,
 * where the runtime allows it (Node, Bun, Deno; not a browser page under a strict Content
 * Security Policy, nor a Cloudflare Worker). Each object becomes a function that reads its
 * fields by name and builds its copy in a fixed order, which the engine optimises far better
 * than the generic closures: about 1 µs instead of 4-5 µs for a threat event. It makes exactly
 * the checks of the closures, which remain the fallback (test/unit/core/fast-path.test.ts runs
 * both on the same values).
 *
 * Only shapes generated from the SDK's own schemas reach it; the wire names it writes into
 * the source are escaped with `JSON.stringify`, and every other value (patterns, enum members)
 * is passed in, never written out.
 *
 * @module
 */

import { canEvaluate } from './can-evaluate.js';
import { toCamelCase } from './case.js';
import type { Shape, StringShape, NumberShape } from './shape.js';

/** What the compiled source needs from outside: the give-up marker and the URL checks. */
export interface CodeHelpers {
  giveUp: symbol;
  parsesAsURL: (url: string) => boolean;
  parsesAsHost: (value: string) => boolean;
}

/**
 * `shape` compiled from source into a function that returns the camelCase copy or
 * `helpers.giveUp`; `undefined` when the runtime does not compile source, or when no value can
 * pass the shape (the closures' `compileShape` then answers the same).
 *
 * @internal
 */
export function compileShapeToCode(
  shape: Shape,
  helpers: CodeHelpers,
): ((value: unknown) => unknown) | undefined {
  if (!canEvaluate()) return undefined;
  const writer = new Writer();
  const root = writer.function(shape);
  if (root === undefined) return undefined;
  const factory = new Function(
    'k',
    'G',
    'parsesAsURL',
    'parsesAsHost',
    `'use strict';\n${writer.lines.join('\n')}\nreturn ${root};`,
  ) as (
    constants: unknown[],
    giveUp: symbol,
    parsesAsURL: CodeHelpers['parsesAsURL'],
    parsesAsHost: CodeHelpers['parsesAsHost'],
  ) => (value: unknown) => unknown;
  return factory(writer.constants, helpers.giveUp, helpers.parsesAsURL, helpers.parsesAsHost);
}

/** Writes one function per shape node (shared nodes once); `undefined` where nothing passes. */
class Writer {
  readonly lines: string[] = [];
  readonly constants: unknown[] = [];
  readonly #names = new Map<Shape, string | undefined>();

  function(shape: Shape): string | undefined {
    if (this.#names.has(shape)) return this.#names.get(shape);
    const name = `f${this.#names.size}`;
    this.#names.set(shape, name);
    const body = this.#body(shape, name);
    if (body === undefined) {
      this.#names.set(shape, undefined);
      return undefined;
    }

    this.lines.push(`function ${name}(v) {\n${body}\n}`);
    return name;
  }

  #constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  #body(shape: Shape, name: string): string | undefined {
    switch (shape.type) {
      case 'string':
        return this.#string(shape, name);
      case 'number':
        return numberBody(shape);
      case 'boolean':
        return `return typeof v === 'boolean' ? v : G;`;
      case 'enum':
        return `return ${this.#constant(new Set(shape.values))}.has(v) ? v : G;`;
      case 'nullable':
      case 'optional': {
        const inner = this.function(shape.inner);
        const empty = shape.type === 'nullable' ? 'null' : 'undefined';
        return `return v === ${empty} ? ${empty} : ${inner === undefined ? 'G' : `${inner}(v)`};`;
      }

      case 'array': {
        const element = this.function(shape.element);
        if (element === undefined) return undefined;
        return [
          'if (!Array.isArray(v)) return G;',
          'const n = v.length;',
          'const out = new Array(n);',
          'for (let i = 0; i < n; i++) {',
          `  const x = ${element}(v[i]);`,
          '  if (x === G) return G;',
          '  out[i] = x;',
          '}',
          'return out;',
        ].join('\n');
      }

      case 'union': {
        const options = shape.options
          .map((option) => this.function(option))
          .filter((option): option is string => option !== undefined);
        if (options.length === 0) return undefined;
        const tries = options.map((option) => `{ const x = ${option}(v); if (x !== G) return x; }`);
        return [...tries, 'return G;'].join('\n');
      }

      case 'object':
        return this.#object(shape.fields);
      default:
        return undefined;
    }
  }

  #string(shape: StringShape, name: string): string {
    if (shape.url === true) {
      return `return typeof v === 'string' && parsesAsURL(v.trim()) ? v : G;`;
    }

    const patterns = shape.patterns ?? [];
    const min = shape.minLength ?? 0;
    const max = shape.maxLength ?? Infinity;
    if (patterns.length === 0 && min === 0 && max === Infinity && shape.ipv6 !== true) {
      return `return typeof v === 'string' ? v : G;`;
    }

    // The last value that passed, as the closures remember it (timestamps repeat).
    const last = `${name}last`;
    this.lines.push(`let ${last} = G;`);
    const lines = [`if (v === ${last}) return v;`, `if (typeof v !== 'string') return G;`];
    if (min > 0) lines.push(`if (v.length < ${min}) return G;`);
    if (max !== Infinity) lines.push(`if (v.length > ${max}) return G;`);
    for (const pattern of patterns) {
      const constant = this.#constant(pattern);
      lines.push(`${constant}.lastIndex = 0;`, `if (!${constant}.test(v)) return G;`);
    }

    if (shape.ipv6 === true) lines.push('if (!parsesAsHost(v)) return G;');
    lines.push(`${last} = v;`, 'return v;');
    return lines.join('\n');
  }

  #object(shapeFields: Readonly<Record<string, Shape>>): string | undefined {
    const fields = Object.entries(shapeFields).map(([wire, shape]) => ({
      wire: JSON.stringify(wire),
      camel: JSON.stringify(toCamelCase(wire)),
      check: this.function(shape),
    }));
    if (fields.some((field) => field.check === undefined)) return undefined;

    const lines = [
      `if (typeof v !== 'object' || v === null || Array.isArray(v)) return G;`,
      'let present = 0;',
    ];
    fields.forEach((field, index) => {
      lines.push(
        `const w${index} = v[${field.wire}];`,
        `if (w${index} !== undefined) present++;`,
        `const a${index} = ${field.check as string}(w${index});`,
        `if (a${index} === G) return G;`,
      );
    });

    // A field the schema does not know: the generic path keeps it, camelCased.
    lines.push('let keys = 0;', 'for (const key in v) keys++;', 'if (keys !== present) return G;');
    lines.push('const o = {};');
    fields.forEach((field, index) => {
      lines.push(`if (a${index} !== undefined) o[${field.camel}] = a${index};`);
    });
    lines.push('return o;');
    return lines.join('\n');
  }
}

function numberBody(shape: NumberShape): string {
  const lines = [`if (typeof v !== 'number' || !Number.isFinite(v)) return G;`];
  if (shape.integer === true) lines.push('if (!Number.isSafeInteger(v)) return G;');
  if (shape.min !== undefined) {
    lines.push(`if (v ${shape.minExclusive === true ? '<=' : '<'} ${shape.min}) return G;`);
  }

  if (shape.max !== undefined) {
    lines.push(`if (v ${shape.maxExclusive === true ? '>=' : '>'} ${shape.max}) return G;`);
  }

  lines.push('return v;');
  return lines.join('\n');
}
