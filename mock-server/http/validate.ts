/**
 * Body validation with the generated zod schemas, turned into the envelope's field details:
 * wire paths (`targets[1].value`), messages a client can act on, and a refusal of fields the
 * schema does not know (zod strips those silently, which would hide a client's typo).
 */

import { config, type ZodType } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import { ApiError, type ErrorDetail } from './errors.js';

/** `['targets', 1, 'value']` → `targets[1].value`; the empty path names the whole body. */
export function wirePath(path: readonly PropertyKey[], root = 'body'): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }

  return out === '' ? root : out;
}

/**
 * Parses `value` with `schema`, returning the parsed value (defaults applied).
 * @throws ApiError 400 INVALID_REQUEST listing every unknown field and every schema issue
 */
export function validateBody(schema: ZodType, value: unknown): unknown {
  const details: ErrorDetail[] = [];
  collectUnknownFields(schema, value, [], details);

  const result = schema.safeParse(value, { reportInput: true });
  if (result.success && details.length === 0) return result.data;

  if (!result.success) {
    for (const issue of result.error.issues) details.push(...issueDetails(issue as $ZodIssue, []));
  }

  throw ApiError.invalid(dedupe(details), 'The request body is invalid');
}

function dedupe(details: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const id = `${detail.field}\u0000${detail.issue}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

//////////  Unknown fields  //////////

interface Def {
  type: string;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  element?: ZodType;
  innerType?: ZodType;
  in?: ZodType;
  getter?: () => ZodType;
  options?: ZodType[];
  left?: ZodType;
  right?: ZodType;
}

function defOf(schema: ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrappers that do not change which keys an object accepts. */
const TRANSPARENT = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'nonoptional',
  'readonly',
  'catch',
]);

function unwrap(schema: ZodType): ZodType {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    if (TRANSPARENT.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }

  return current;
}

/** The keys an object-like schema accepts, or `undefined` when it accepts any key. */
function knownKeys(schema: ZodType): Map<string, ZodType> | undefined {
  const def = defOf(schema);
  if (def.type === 'object') {
    // A catch-all other than `never` (loose objects, records of extras) accepts every key.
    if (def.catchall && defOf(def.catchall).type !== 'never') return undefined;
    return new Map(Object.entries(def.shape ?? {}));
  }

  if (def.type === 'intersection' && def.left && def.right) {
    const left = knownKeys(unwrap(def.left));
    const right = knownKeys(unwrap(def.right));
    if (!left || !right) return undefined;
    return new Map([...left, ...right]);
  }

  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectUnknownFields(
  schema: ZodType,
  value: unknown,
  path: PropertyKey[],
  details: ErrorDetail[],
): void {
  const inner = unwrap(schema);
  const def = defOf(inner);

  if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((item, index) =>
      collectUnknownFields(def.element as ZodType, item, [...path, index], details),
    );
    return;
  }

  // A union refuses a key only when no object branch knows it; deeper levels are left to zod.
  if (def.type === 'union' && def.options && isPlainObject(value)) {
    const branches = def.options.map((option) => knownKeys(unwrap(option)));
    if (branches.some((keys) => keys === undefined)) return;
    for (const key of Object.keys(value)) {
      if (!branches.some((keys) => keys?.has(key))) {
        details.push({ field: wirePath([...path, key]), issue: 'Unknown field' });
      }
    }

    return;
  }

  if (!isPlainObject(value)) return;
  const keys = knownKeys(inner);
  if (!keys) return;

  for (const [key, child] of Object.entries(value)) {
    const childSchema = keys.get(key);
    if (childSchema) collectUnknownFields(childSchema, child, [...path, key], details);
    else details.push({ field: wirePath([...path, key]), issue: 'Unknown field' });
  }
}

//////////  Issue messages  //////////

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number';
  if (typeof value === 'number') return 'integer';
  return typeof value;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

const FORMAT_MESSAGES: Record<string, string> = {
  ipv4: 'Invalid IP address format',
  ipv6: 'Invalid IP address format',
  cidrv4: 'Invalid CIDR format',
  cidrv6: 'Invalid CIDR format',
  datetime: 'Invalid date-time; expected RFC 3339 such as 2025-01-15T14:30:00Z',
  date: 'Invalid date; expected YYYY-MM-DD',
  url: 'Invalid URL',
  email: 'Invalid email address',
  uuid: 'Invalid UUID',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function bound(
  origin: string,
  side: 'least' | 'most',
  limit: number | bigint,
  inclusive: boolean,
): string {
  const exclusiveStep = side === 'least' ? 1 : -1;
  const n = inclusive ? Number(limit) : Number(limit) + exclusiveStep;
  if (origin === 'string') {
    if (side === 'least' && n === 1) return 'Must not be empty';
    return `Must be at ${side} ${plural(n, 'character')} long`;
  }

  if (origin === 'array' || origin === 'set') return `Must contain at ${side} ${plural(n, 'item')}`;
  const word =
    side === 'least'
      ? inclusive
        ? 'at least'
        : 'greater than'
      : inclusive
        ? 'at most'
        : 'less than';
  return `Must be ${word} ${Number(limit)}`;
}

/** A clearer message than zod's default for `issue`, or `undefined` to keep zod's. */
function betterMessage(issue: $ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Field is required';
      return `Expected ${issue.expected === 'int' ? 'integer' : issue.expected}, received ${describeType(issue.input)}`;
    case 'invalid_value':
      if (issue.input === undefined) return 'Field is required';
      if (issue.values.length === 1)
        return `Invalid value ${quote(issue.input)}; expected ${quote(issue.values[0])}`;
      return `Invalid value ${quote(issue.input)}; expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return bound(issue.origin, 'least', issue.minimum, issue.inclusive !== false);
    case 'too_big':
      return bound(issue.origin, 'most', issue.maximum, issue.inclusive !== false);
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern)
        return `Invalid format; expected to match ${issue.pattern}`;
      return FORMAT_MESSAGES[issue.format];
    case 'invalid_union': {
      // `ipv4 | ipv6` and similar unions of formats read as one format error.
      const formats = issue.errors.flat().filter((inner) => inner.code === 'invalid_format');
      const first = formats[0] && betterMessage(formats[0]);
      if (first && formats.length === issue.errors.flat().length) return first;
      return issue.input === undefined
        ? 'Field is required'
        : `Invalid value ${quote(issue.input)}`;
    }
    default:
      return undefined;
  }
}

/** zod's default text for `issue`, to tell it from a message the schema author wrote. */
function defaultMessage(issue: $ZodIssue): string | undefined {
  try {
    return config()
      .localeError?.(issue as never)
      ?.toString();
  } catch {
    return undefined;
  }
}

function issueDetails(issue: $ZodIssue, prefix: PropertyKey[]): ErrorDetail[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: wirePath([...path, key]), issue: 'Unknown field' }));
  }

  const localeDefault = defaultMessage(issue);
  const isDefault = localeDefault === undefined || localeDefault === issue.message;
  const message = (isDefault && betterMessage(issue)) || issue.message;
  return [{ field: wirePath(path), issue: message }];
}
