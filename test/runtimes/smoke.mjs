// Entry point of the smoke suite for runtimes that run a file: Node, Bun and Deno. It imports the
// built SDK from the paths in its environment and prints one JSON line of observations.
//
//   SMOKE_SDK_ENTRY, SMOKE_WEBHOOKS_ENTRY  absolute paths of dist/index.js and dist/webhooks.js
//   SMOKE_ORIGIN                           the mock's origin, `http://127.0.0.1:PORT`
//   SMOKE_API_KEY                          a key the mock accepts
//   SMOKE_CHECKS                           comma-separated: rest,stream,graphql,webhooks
import { runSmoke } from './smoke-checks.mjs';

const env = (name) => {
  const value =
    typeof Deno !== 'undefined' ? globalThis.Deno.env.get(name) : globalThis.process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const toURL = (path) => new URL(`file://${path}`).href;

const results = await runSmoke({
  sdk: await import(toURL(env('SMOKE_SDK_ENTRY'))),
  webhooks: await import(toURL(env('SMOKE_WEBHOOKS_ENTRY'))),
  origin: env('SMOKE_ORIGIN'),
  apiKey: env('SMOKE_API_KEY'),
  checks: env('SMOKE_CHECKS').split(','),
});
console.log(JSON.stringify(results));
