/**
 * Scopes: OAuth scopes and API key permissions are the same strings, and a few imply others.
 */

import { zScope } from '../../src/generated/zod.gen.js';
import type { Scope } from './wire.js';

/** Every scope the API knows, in the spec's order (read from the generated schema). */
export const ALL_SCOPES: readonly Scope[] = zScope.options;

const SCOPE_SET: ReadonlySet<string> = new Set(ALL_SCOPES);

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && SCOPE_SET.has(value);
}

/**
 * Whether `granted` covers `required`: directly, through `X:write` implying `X:read`, or
 * through `monitoring:admin` implying monitoring's write and read.
 *
 * @example
 * hasScope(['threats:write'], 'threats:read'); // true
 */
export function hasScope(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) {
    return true;
  }

  const [resource, access] = required.split(':');

  if (access === 'read' && granted.includes(`${resource}:write`)) {
    return true;
  }

  return (
    resource === 'monitoring' &&
    (access === 'read' || access === 'write') &&
    granted.includes('monitoring:admin')
  );
}
