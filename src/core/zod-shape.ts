/**
 * The shape of a zod 4 schema (./shape.ts), read from its definition. The generator uses it to
 * write `src/generated/shapes.gen.ts`; the stream uses it at run time on its event schemas,
 * which it builds with zod anyway.
 *
 * It describes only what the fast path can check exactly as zod does; any other construct
 * becomes `other`, on which the fast path gives up and zod decides.
 *
 * @module
 */

import type { NumberShape, Shape } from './shape.js';

/** The parts of zod 4's definitions read here. */
interface Def {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  options?: unknown[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
}

/** String formats that zod checks with their pattern alone, and ipv6 (which adds a URL parse). */
const PATTERN_FORMATS = new Set(['ipv4', 'ipv6', 'datetime', 'regex']);

const OTHER: Shape = { type: 'other' };

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/**
 * The shape of `schema`: a zod 4 schema, classic or mini.
 *
 * @example
 * shapeOfZod(z.object({ threat_score: z.int().check(z.gte(0)) }));
 * // { type: 'object', fields: { threat_score: { type: 'number', integer: true, min: 0 } } }
 * @internal
 */
export function shapeOfZod(schema: unknown): Shape {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringShape(def);
    case 'number':
      return numberShape(def);
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', values: Object.values(def.entries ?? {}) };
    case 'literal':
      return { type: 'enum', values: def.values ?? [] };
    case 'nullable':
    case 'optional':
      return { type: def.type, inner: shapeOfZod(def.innerType) };
    case 'array':
      return (def.checks ?? []).length > 0
        ? OTHER
        : { type: 'array', element: shapeOfZod(def.element) };
    case 'union':
      return { type: 'union', options: (def.options ?? []).map(shapeOfZod) };
    case 'object': {
      if ((def.checks ?? []).length > 0) return OTHER;
      const fields: Record<string, Shape> = {};
      for (const [name, field] of Object.entries(def.shape ?? {})) fields[name] = shapeOfZod(field);
      return { type: 'object', fields };
    }

    default:
      return OTHER;
  }
}

function stringShape(def: Def): Shape {
  // A URL as zod checks it without options: whatever the URL parser takes, once trimmed.
  if (def.format === 'url') {
    const plain = !('normalize' in def) && !('hostname' in def) && !('protocol' in def);
    return plain && (def.checks ?? []).length === 0 ? { type: 'string', url: true } : OTHER;
  }

  const patterns: RegExp[] = [];
  if (def.format !== undefined) {
    if (!PATTERN_FORMATS.has(def.format) || !def.pattern) return OTHER;
    patterns.push(def.pattern);
  }

  let minLength: number | undefined;
  let maxLength: number | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern) patterns.push(c.pattern);
    else if (c.check === 'min_length' && typeof c.minimum === 'number') minLength = c.minimum;
    else if (c.check === 'max_length' && typeof c.maximum === 'number') maxLength = c.maximum;
    else return OTHER;
  }

  return {
    type: 'string',
    ...(patterns.length > 0 && { patterns }),
    ...(minLength !== undefined && { minLength }),
    ...(maxLength !== undefined && { maxLength }),
    ...(def.format === 'ipv6' && { ipv6: true }),
  };
}

function numberShape(def: Def): Shape {
  if (def.format !== undefined && def.format !== 'safeint') return OTHER;
  const shape: { -readonly [K in keyof NumberShape]: NumberShape[K] } = { type: 'number' };
  if (def.format === 'safeint') shape.integer = true;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than' && typeof c.value === 'number') {
      shape.min = c.value;
      if (c.inclusive !== true) shape.minExclusive = true;
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      shape.max = c.value;
      if (c.inclusive !== true) shape.maxExclusive = true;
    } else {
      return OTHER;
    }
  }

  return shape;
}
