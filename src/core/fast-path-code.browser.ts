/**
 * The browser build's stand-in for ./fast-path-code.ts (scripts/browser-schemas.ts swaps it
 * in): a page never compiles source at run time, since a Content Security Policy may forbid it
 * and would report each attempt, so the browser build carries only the closures of
 * ./fast-path.ts. A web worker, where compiling would be allowed, pays for that with the
 * closures' speed (about 4-5 µs instead of 1 µs per threat).
 *
 * @module
 */

import type { CodeHelpers } from './fast-path-code.js';
import type { Shape } from './shape.js';

/**
 * Never compiles: the caller falls back on the closures.
 *
 * @internal
 */
export function compileShapeToCode(
  _shape: Shape,
  _helpers: CodeHelpers,
): ((value: unknown) => unknown) | undefined {
  return undefined;
}
