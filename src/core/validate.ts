/**
 * Response validation with the generated zod schemas, tolerant by design so that an older SDK
 * keeps working while the API grows: zod only checks, the original object is returned (unknown
 * fields survive), and an unknown enum value is accepted. Anything else that does not match
 * (a wrong type, a missing field) throws `ResponseValidationError` naming the path.
 *
 * @see https://docs.cyberfortress.io/sdks/node#validation
 * @module
 */

// The core's `safeParse` rather than the schema's method: the browser build checks with
// `zod/mini` schemas and Node with classic ones (see tsup.config.ts), and both are core schemas.
import { safeParse, type $ZodType } from 'zod/v4/core';
import { ResponseValidationError, type ValidationIssue } from './errors.js';

/** The parts of a zod 4 issue this module reads. */
interface RawIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  values?: unknown[];
  errors?: RawIssue[][];
  note?: string;
}

/**
 * Checks `data` against `schema` and returns `data` itself (not zod's stripped copy).
 *
 * @throws ResponseValidationError for every issue that is not an unknown field or enum value
 * @example
 * const list = validateResponse(zThreatList, json, { label: 'GET /threats' });
 * @internal
 */
export function validateResponse<T>(
  schema: $ZodType,
  data: T,
  context: { label?: string; status?: number; requestId?: string | undefined } = {},
): T {
  const result = safeParse(schema, data);
  if (result.success) return data;

  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues as unknown as RawIssue[]) {
    if (isTolerated(issue, data, [])) continue;
    issues.push({ path: issue.path.map(pathSegment), message: issue.message, code: issue.code });
  }

  if (issues.length === 0) return data;

  const first = issues[0] as ValidationIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const where = context.label ? ` of ${context.label}` : '';
  throw new ResponseValidationError(
    `The response${where} does not match the API's schema at ${formatPath(first.path)}: ${first.message}${more}`,
    issues,
    { status: context.status, requestId: context.requestId },
  );
}

/**
 * A zod path in the wire's notation, `data[3].threat_score`, as the API's own error details
 * name fields.
 *
 * @example
 * formatPath(['data', 3, 'threat_score']); // 'data[3].threat_score'
 * @internal
 */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }

  return text === '' ? '(root)' : text;
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

/**
 * Whether an issue is one a newer API may legitimately cause: an enum (or literal) that got a
 * new string member, a field zod was told to reject, or a union that failed only for such a
 * reason in one of its branches.
 */
function isTolerated(issue: RawIssue, root: unknown, prefix: PropertyKey[]): boolean {
  const path = prefix.length === 0 ? issue.path : [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return true;
    case 'invalid_value':
      return (
        typeof valueAt(root, path) === 'string' &&
        (issue.values ?? []).every((value) => typeof value === 'string')
      );
    case 'invalid_union': {
      const branches = issue.errors ?? [];

      // A discriminated union given a discriminator it does not know: a new kind of object.
      if (branches.length === 0) return typeof valueAt(root, path) === 'string';
      return branches.some(
        (branch) => branch.length > 0 && branch.every((inner) => isTolerated(inner, root, path)),
      );
    }

    default:
      return false;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }

  return value;
}
