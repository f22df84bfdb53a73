/**
 * Reads of the host environment, each guarded so that the SDK runs where there is no `process`
 * (browsers, Deno without Node compatibility, edge workers).
 *
 * @internal
 * @module
 */

declare const Deno: { env?: { get(name: string): string | undefined } } | undefined;
declare const EdgeRuntime: string | undefined;

/**
 * The value of an environment variable, trimmed, or `undefined` when it is unset, empty or
 * there is no environment to read.
 *
 * @example
 * const key = readEnv('CYBERFORTRESS_API_KEY');
 * @internal
 */
export function readEnv(name: string): string | undefined {
  let value: string | undefined;
  // Deno throws when the script lacks --allow-env, through its `process.env` as through
  // `Deno.env`; no environment is the same as an empty one.
  try {
    if (typeof process !== 'undefined' && process.env) {
      value = process.env[name];
    } else if (typeof Deno !== 'undefined') {
      value = Deno.env?.get(name);
    }
  } catch {
    value = undefined;
  }

  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Whether the code runs on a server-side runtime, where a long-lived key can be kept secret:
 * Node, Bun, Deno, Vercel's edge runtime or Cloudflare Workers.
 */
function isServerRuntime(): boolean {
  if (typeof process !== 'undefined' && process.versions?.node !== undefined) return true;
  if (typeof Deno !== 'undefined' || typeof EdgeRuntime !== 'undefined') return true;
  return typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers';
}

/**
 * Whether the code runs in a browser (a page or one of its workers), where anything the SDK
 * holds can be read by whoever opens the developer tools.
 *
 * @example
 * if (isBrowserLike()) console.warn('use an OAuth access token here');
 * @internal
 */
export function isBrowserLike(): boolean {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return true;
  // A web worker has a navigator but no window; server runtimes that also define navigator are excluded.
  return typeof navigator !== 'undefined' && !isServerRuntime();
}
