/**
 * Whether this runtime compiles source at run time (`new Function`), asked once. It is never
 * asked in a browser page, which may forbid it and would report every attempt as a violation;
 * the Workers runtime refuses it. The SDK's response checks (./fast-path-code.ts) and the
 * mock's GraphQL fast path compile code where this says yes, and use closures elsewhere.
 *
 * @module
 */

let allowed: boolean | undefined;

/**
 * `true` where `new Function` works and the code is not running in a browser page.
 *
 * @internal
 */
export function canEvaluate(): boolean {
  if (allowed !== undefined) return allowed;
  const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  try {
    allowed = !inBrowser && new Function('return 1')() === 1;
  } catch {
    allowed = false;
  }

  return allowed;
}
