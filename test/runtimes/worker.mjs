// The smoke suite as a Cloudflare Worker: bundled with the built SDK (the test maps the two
// `@sdk-under-test/*` names onto dist/) and run in workerd by ./workerd.mjs. A request to the
// worker runs the checks and answers with their observations as JSON.
import * as sdk from '@sdk-under-test/client';
import * as webhooks from '@sdk-under-test/webhooks';
import { runSmoke } from './smoke-checks.mjs';

export default {
  async fetch(request, env) {
    const results = await runSmoke({
      sdk,
      webhooks,
      origin: env.SMOKE_ORIGIN,
      apiKey: env.SMOKE_API_KEY,
      checks: env.SMOKE_CHECKS.split(','),
    });
    return Response.json(results);
  },
};
