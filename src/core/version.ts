/**
 * The SDK's version, sent as `X-CyberFortress-SDK: typescript/<version>` on every request so
 * that the API's operators can tell SDK releases apart. Kept in step with package.json on release.
 *
 * @internal
 */
export const VERSION = '0.1.0';
