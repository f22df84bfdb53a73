// Runs the bundled smoke worker (./worker.mjs) in workerd through miniflare, which needs Node 22
// or later: the matrix starts this file with the node22 binary of this folder. It takes the
// bundle's path as its argument and the same SMOKE_* variables as ./smoke.mjs, and prints the
// worker's JSON answer as one line.
import { dirname } from 'node:path';
import { Miniflare } from 'miniflare';

const [bundle] = process.argv.slice(2);
if (!bundle) throw new Error('usage: node workerd.mjs <bundled worker.js>');

const mf = new Miniflare({
  modules: true,
  scriptPath: bundle,
  // Module names are paths below this root; the bundle may live in a scratch folder anywhere.
  modulesRoot: dirname(bundle),
  compatibilityDate: '2025-09-01',
  bindings: {
    SMOKE_ORIGIN: process.env.SMOKE_ORIGIN,
    SMOKE_API_KEY: process.env.SMOKE_API_KEY,
    SMOKE_CHECKS: process.env.SMOKE_CHECKS,
  },
});

try {
  const response = await mf.dispatchFetch('http://smoke.test/');
  console.log(JSON.stringify(await response.json()));
} finally {
  await mf.dispose();
}
