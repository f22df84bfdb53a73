/**
 * The hot path of every response and stream event: a shape (./shape.ts) compiled once into one
 * function that checks a parsed body and builds its camelCase copy in the same walk. It only
 * ever says yes to what zod accepts; anything it is not sure about (an unknown enum member, an
 * unknown field, a format it does not check) makes it give up, and the caller falls back to the
 * generic path, `validateResponse` (zod, tolerant, with a precise error) then `camelizeJson`.
 * A full zod parse of a page of threats costs more than `JSON.parse` itself.
 *
 * @module
 */

import { toCamelCase } from './case.js';
import { compileShapeToCode } from './fast-path-code.js';
import type { Shape, StringShape, NumberShape } from './shape.js';

/** Returned when the fast path cannot vouch for a value. */
const GIVE_UP: unique symbol = Symbol('give up');

type Compiled = (value: unknown) => unknown;

function parsesAsURL(url: string): boolean {
  if (typeof URL.canParse === 'function') return URL.canParse(url);
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** zod's own ipv6 test ends with a URL parse; the pattern before it is only stricter. */
function parsesAsHost(value: string): boolean {
  return parsesAsURL(`http://[${value}]`);
}

const HELPERS = { giveUp: GIVE_UP, parsesAsURL, parsesAsHost };

/** Gives up on every value; a shape that contains it where a value is required never passes. */
const giveUp: Compiled = () => GIVE_UP;

/**
 * Compiles `shape` into a function from a parsed wire value to its camelCase copy, or
 * `undefined` when the fast path cannot vouch for the value. `undefined` itself is returned
 * when no value can ever pass (the shape needs a check the fast path does not make), so that
 * a caller need not try. The function is compiled from source where the runtime allows it
 * (./fast-path-code.ts), else built from closures; `{ code: false }` asks for the closures.
 *
 * @example
 * const fast = compileShape(rListThreatsResponse.shape);
 * const page = fast?.(json) ?? camelizeJson(validateResponse(zListThreatsResponse, json));
 * @internal
 */
export function compileShape<T = unknown>(
  shape: Shape,
  options: { code?: boolean } = {},
): ((value: unknown) => T | undefined) | undefined {
  const compiled =
    (options.code === false ? undefined : compileShapeToCode(shape, HELPERS)) ?? compile(shape);
  if (compiled === giveUp) return undefined;
  return (value) => {
    const result = compiled(value);
    return result === GIVE_UP ? undefined : (result as T);
  };
}

function compile(shape: Shape): Compiled {
  switch (shape.type) {
    case 'string':
      return compileString(shape);
    case 'number':
      return compileNumber(shape);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : GIVE_UP);
    case 'enum': {
      const members = new Set(shape.values);
      return (value) => (members.has(value) ? value : GIVE_UP);
    }

    case 'nullable': {
      const inner = compile(shape.inner);
      return (value) => (value === null ? null : inner(value));
    }

    case 'optional': {
      const inner = compile(shape.inner);
      return (value) => (value === undefined ? undefined : inner(value));
    }

    case 'array':
      return compileArray(compile(shape.element));
    case 'union': {
      const options = shape.options.map(compile).filter((option) => option !== giveUp);
      if (options.length === 0) return giveUp;
      return (value) => {
        for (const option of options) {
          const result = option(value);
          if (result !== GIVE_UP) return result;
        }

        return GIVE_UP;
      };
    }

    case 'object':
      return compileObject(shape.fields);
    default:
      return giveUp;
  }
}

function compileString(shape: StringShape): Compiled {
  const patterns = shape.patterns ?? [];
  const min = shape.minLength ?? 0;
  const max = shape.maxLength ?? Infinity;
  const ipv6 = shape.ipv6 === true;
  if (shape.url === true) {
    return (value) => (typeof value === 'string' && parsesAsURL(value.trim()) ? value : GIVE_UP);
  }

  if (patterns.length === 0 && min === 0 && max === Infinity && !ipv6) {
    return (value) => (typeof value === 'string' ? value : GIVE_UP);
  }

  // Timestamps have second precision: consecutive items mostly carry the same one, so the
  // last value that passed is remembered rather than run through the pattern again.
  // It starts as the marker, which no parsed value equals: `undefined` would let a missing
  // field through.
  let lastPassed: unknown = GIVE_UP;
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

function compileNumber(shape: NumberShape): Compiled {
  const integer = shape.integer === true;
  const low = shape.min ?? -Infinity;
  const lowInclusive = shape.minExclusive !== true;
  const high = shape.max ?? Infinity;
  const highInclusive = shape.maxExclusive !== true;
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return GIVE_UP;
    if (integer && !Number.isSafeInteger(value)) return GIVE_UP;
    if (lowInclusive ? value < low : value <= low) return GIVE_UP;
    if (highInclusive ? value > high : value >= high) return GIVE_UP;
    return value;
  };
}

function compileArray(element: Compiled): Compiled {
  if (element === giveUp) return giveUp;
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

function compileObject(shapeFields: Readonly<Record<string, Shape>>): Compiled {
  const fields = Object.entries(shapeFields).map(([wire, shape]) => ({
    wire,
    camel: toCamelCase(wire),
    check: compile(shape),
  }));
  if (fields.some((field) => field.check === giveUp)) return giveUp;
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
