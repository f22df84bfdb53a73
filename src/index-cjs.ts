/**
 * The CommonJS entry (built to dist/index.cjs): `require('@cyberfortress/sdk')` returns the
 * client class itself, as the reference's Node.js example expects, with every named export
 * (errors, `default`, …) hung on it so that `require('@cyberfortress/sdk').RateLimitError` and
 * TypeScript's `require(...).default` work too. Its types, dist/index.d.cts, are the ESM entry's
 * declarations rewritten into the same shape (`export =` of the class, merged with a namespace
 * of the named exports) by scripts/cjs-types.mjs.
 *
 * @example
 * const CyberFortress = require('@cyberfortress/sdk');
 * const client = new CyberFortress({ apiKey: process.env.CYBERFORTRESS_API_KEY });
 * @see https://docs.cyberfortress.io/sdks/node#commonjs
 * @internal
 * @module
 */

import * as sdk from './index.js';

module.exports = Object.assign(sdk.CyberFortress, sdk);
