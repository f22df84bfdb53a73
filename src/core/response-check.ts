/**
 * The check of a 2xx body: its shape's compiled fast path first (./fast-path.ts), which checks
 * and camelCases in one walk; when that cannot vouch for the body (an unknown field or enum
 * value, a URL, a mismatch), zod decides, tolerant and with a precise error, and the body is
 * camelCased on its own. zod and the schemas load on the first body that needs them, so that
 * a program whose responses all pass never loads them.
 *
 * @module
 */

import { camelizeJson } from './case.js';
import { compileShape } from './fast-path.js';
import type { ResponseShape } from './shape.js';

type Fast = (value: unknown) => unknown;

/** Each response's compiled fast path, or `null` when its shape can never pass it. */
const compiled = new WeakMap<ResponseShape, Fast | null>();

/** Where a body came from, for the error's message. */
export interface CheckContext {
  label?: string;
  status?: number;
  requestId?: string | undefined;
}

/**
 * `data`'s camelCase copy once it is known to match `response`.
 *
 * @throws ResponseValidationError when zod finds a mismatch it does not tolerate
 * @example
 * const page = await checkResponse(rListThreatsResponse, json, { label: 'GET /threats' });
 * @internal
 */
export function checkResponse<T>(
  response: ResponseShape,
  data: unknown,
  context: CheckContext,
): T | Promise<T> {
  let fast = compiled.get(response);
  if (fast === undefined) {
    fast = compileShape(response.shape) ?? null;
    compiled.set(response, fast);
  }

  const result = fast?.(data);
  return result === undefined ? checkWithZod<T>(response.schema, data, context) : (result as T);
}

async function checkWithZod<T>(schema: string, data: unknown, context: CheckContext): Promise<T> {
  const [{ validateResponse }, schemas] = await Promise.all([
    import('./validate.js'),
    import('../generated/zod.gen.js'),
  ]);
  const zodSchema = (schemas as unknown as Record<string, Parameters<typeof validateResponse>[0]>)[
    schema
  ];
  if (zodSchema === undefined) throw new Error(`No response schema is named ${schema}`);
  validateResponse(zodSchema, data, context);
  return camelizeJson<T>(data);
}
