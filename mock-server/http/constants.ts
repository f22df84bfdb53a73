/** Small constants shared by the transports, kept apart so the CLI can import them without msw. */

/** The REST API's base path; the route table's paths are relative to it. */
export const API_PREFIX = '/v1';

/** Every control API path starts with this. */
export const CONTROL_PREFIX = '/__mock';

/** Address in-process requests come from, for IP whitelists. */
export const IN_PROCESS_CLIENT_IP = '127.0.0.1';

/** The production origin the SDK uses by default. */
export const DEFAULT_BASE_URL = 'https://api.cyberfortress.io';

/** True when `pathname` is `prefix` itself or below it (`/v1`, `/v1/threats`, not `/v10`). */
export function isBelow(pathname: string, prefix: string): boolean {
  return (
    pathname.startsWith(prefix) &&
    (pathname.length === prefix.length || pathname[prefix.length] === '/')
  );
}
