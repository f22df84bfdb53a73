/**
 * The stream's hot path: each event's zod schema compiled once into one function that checks a
 * parsed event and builds its camelCase copy in the same walk. It only ever says yes to what
 * zod accepts; anything it is not sure about (an unknown enum member, an unknown field, a
 * format it does not compile) makes it give up, and the caller falls back to the generic path,
 * `validateResponse` (zod, tolerant) then `camelizeJson`. A full zod parse of a threat costs
 * more than `JSON.parse` itself, which alone would put the stream far behind a bare client.
 *
 * @module
 */

import type { ZodType } from 'zod';
import { toCamelCase } from '../core/case.js';

/** Returned when the fast path cannot vouch for a value. */
const GIVE_UP: unique symbol = Symbol('give up');

type Compiled = (value: unknown) => unknown;

/** The parts of zod 4's definitions read here. */
interface Def {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, ZodType>;
  element?: ZodType;
  innerType?: ZodType;
  options?: ZodType[];
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

/** String formats that zod checks with their pattern alone, and ipv6, handled below. */
const PATTERN_FORMATS = new Set(['ipv4', 'ipv6', 'datetime', 'regex']);

/** zod's own ipv6 test ends with a URL parse; the pattern before it is only stricter. */
function parsesAsHost(value: string): boolean {
  const url = `http://[${value}]`;
  if (typeof URL.canParse === 'function') return URL.canParse(url);
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

const giveUp: Compiled = () => GIVE_UP;

function defOf(schema: ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * Compiles `schema` into a function from a parsed wire value to its camelCase copy, or
 * `undefined` when the fast path cannot vouch for the value.
 *
 * @example
 * const fast = compileFastPath(zThreat);
 * const threat = fast(JSON.parse(text)) ?? camelizeJson(validateResponse(zThreat, JSON.parse(text)));
 * @internal
 */
export function compileFastPath<T = unknown>(schema: ZodType): (value: unknown) => T | undefined {
  const compiled = compile(schema);
  return (value) => {
    const result = compiled(value);
    return result === GIVE_UP ? undefined : (result as T);
  };
}

function compile(schema: ZodType): Compiled {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return compileString(def);
    case 'number':
      return compileNumber(def);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : GIVE_UP);
    case 'enum': {
      const members = new Set(Object.values(def.entries ?? {}));
      return (value) => (members.has(value) ? value : GIVE_UP);
    }

    case 'literal': {
      const values = def.values ?? [];
      return (value) => (values.includes(value) ? value : GIVE_UP);
    }

    case 'nullable': {
      const inner = compile(def.innerType as ZodType);
      return (value) => (value === null ? null : inner(value));
    }

    case 'optional': {
      const inner = compile(def.innerType as ZodType);
      return (value) => (value === undefined ? undefined : inner(value));
    }

    case 'array':
      return compileArray(def);
    case 'union': {
      const options = (def.options ?? []).map(compile);
      return (value) => {
        for (const option of options) {
          const result = option(value);
          if (result !== GIVE_UP) return result;
        }

        return GIVE_UP;
      };
    }

    case 'object':
      return compileObject(def);
    default:
      return giveUp;
  }
}

function compileString(def: Def): Compiled {
  const patterns: RegExp[] = [];
  if (def.format !== undefined) {
    if (!PATTERN_FORMATS.has(def.format) || !def.pattern) return giveUp;
    patterns.push(def.pattern);
  }

  let min = 0;
  let max = Infinity;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern) patterns.push(c.pattern);
    else if (c.check === 'min_length' && typeof c.minimum === 'number') min = c.minimum;
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = c.maximum;
    else return giveUp;
  }

  const ipv6 = def.format === 'ipv6';
  if (patterns.length === 0 && min === 0 && max === Infinity) {
    return (value) => (typeof value === 'string' ? value : GIVE_UP);
  }

  // Timestamps have second precision: consecutive events mostly carry the same one, so the
  // last value that passed is remembered rather than run through the pattern again.
  let lastPassed: string | undefined;
  return (value) => {
    if (value === lastPassed) return value;
    if (typeof value !== 'string' || value.length < min || value.length > max) return GIVE_UP;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(value)) return GIVE_UP;
    }

    if (ipv6 && !parsesAsHost(value)) return GIVE_UP;
    lastPassed = value;
    return value;
  };
}

function compileNumber(def: Def): Compiled {
  if (def.format !== undefined && def.format !== 'safeint') return giveUp;
  const integer = def.format === 'safeint';
  let low = -Infinity;
  let lowInclusive = true;
  let high = Infinity;
  let highInclusive = true;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than' && typeof c.value === 'number') {
      low = c.value;
      lowInclusive = c.inclusive === true;
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      high = c.value;
      highInclusive = c.inclusive === true;
    } else {
      return giveUp;
    }
  }

  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return GIVE_UP;
    if (integer && !Number.isSafeInteger(value)) return GIVE_UP;
    if (lowInclusive ? value < low : value <= low) return GIVE_UP;
    if (highInclusive ? value > high : value >= high) return GIVE_UP;
    return value;
  };
}

function compileArray(def: Def): Compiled {
  if ((def.checks ?? []).length > 0) return giveUp;
  const element = compile(def.element as ZodType);
  return (value) => {
    if (!Array.isArray(value)) return GIVE_UP;
    const length = value.length;
    const copy = new Array<unknown>(length);
    for (let index = 0; index < length; index++) {
      const item = element(value[index]);
      if (item === GIVE_UP) return GIVE_UP;
      copy[index] = item;
    }

    return copy;
  };
}

function compileObject(def: Def): Compiled {
  if ((def.checks ?? []).length > 0) return giveUp;
  const fields = Object.entries(def.shape ?? {}).map(([wire, schema]) => ({
    wire,
    camel: toCamelCase(wire),
    check: compile(schema),
  }));
  const count = fields.length;

  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return GIVE_UP;
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    let present = 0;
    for (let index = 0; index < count; index++) {
      const field = fields[index] as (typeof fields)[number];
      const item = source[field.wire];
      if (item !== undefined) present++;
      const result = field.check(item);
      if (result === GIVE_UP) return GIVE_UP;
      if (result !== undefined) copy[field.camel] = result;
    }

    // A field the schema does not know: the generic path keeps it, camelCased.
    let keys = 0;
    for (const key in source) if (key !== undefined) keys++;
    return keys === present ? copy : GIVE_UP;
  };
}
