// The runtime smoke suite: what every runtime of the matrix must do with the built SDK against
// the mock. Plain ESM with no import of its own, so that Node, Bun, Deno and a workerd bundle all
// run this same file; the caller hands in the SDK's modules and the mock's address. It records
// what it observed and throws nothing: each check's failure is written into its result.

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The runtime this code runs on, by the globals each one defines. */
export function detectRuntime() {
  if (typeof globalThis.Bun !== 'undefined')
    return { name: 'bun', version: globalThis.Bun.version };
  if (typeof globalThis.Deno !== 'undefined')
    return { name: 'deno', version: globalThis.Deno.version.deno };
  if (typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers')
    return { name: 'workerd', version: null };
  if (typeof process !== 'undefined' && process.versions?.node)
    return { name: 'node', version: process.versions.node };
  return { name: 'unknown', version: null };
}

function describeError(error) {
  return {
    name: error?.constructor?.name ?? typeof error,
    message: String(error?.message ?? error),
    status: error?.status,
    code: error?.code,
  };
}

/** Runs `check`, returning its observations or `{ error }` when it threw. */
async function attempt(check) {
  try {
    return await check();
  } catch (error) {
    return { error: describeError(error) };
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function rest(sdk, client) {
  const page = await client.threats.list({ limit: 3 });
  const first = page.data[0];
  const detail = await client.threats.get(first.id);
  const reported = await client.threats.report({
    ipAddress: '203.0.113.42',
    threatType: 'C2_COMMUNICATION',
    confidence: 0.85,
  });
  const missing = await client.threats.get('threat_does_not_exist').then(
    () => undefined,
    (error) => error,
  );
  return {
    listed: page.data.length,
    listIds: page.data.map((threat) => threat.id),
    firstIpAddress: first.ipAddress,
    gotId: detail.id,
    gotIpAddress: detail.ipAddress,
    reported: {
      id: reported.id,
      ipAddress: reported.ipAddress,
      threatType: reported.threatType,
    },
    notFound: {
      ...describeError(missing),
      isNotFoundError: missing instanceof sdk.NotFoundError,
      isApiError: missing instanceof sdk.ApiError,
    },
  };
}

/** Connects, injects one threat through the control API, and waits for it on the stream. */
async function stream(client, origin) {
  // The event may arrive before the control API's answer does: keep every threat seen.
  const seen = new Map();
  let wanted;
  let onThreat;
  const received = new Promise((resolve) => (onThreat = resolve));
  client.stream.on('threat_detected', (threat) => {
    seen.set(threat.id, threat);
    if (threat.id === wanted) onThreat(threat);
  });
  try {
    await withTimeout(client.stream.connect(), 10_000, 'the stream to connect');
    const response = await fetch(`${origin}/__mock/threats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threat_score: 91, threat_level: 'CRITICAL', country: 'RU' }),
    });
    const injected = await response.json();
    wanted = injected.id;
    if (seen.has(wanted)) onThreat(seen.get(wanted));
    const threat = await withTimeout(received, 10_000, 'the injected threat');
    return {
      state: client.stream.state,
      injectedId: injected.id,
      receivedId: threat.id,
      threatScore: threat.threatScore,
      country: threat.country?.code,
    };
  } finally {
    client.stream.close();
  }
}

/** A GraphQL query over HTTP: one threat by id and a page of two, beside the same REST page. */
async function graphql(client) {
  const page = await client.threats.list({ limit: 2 });
  const threatId = page.data[0].id;
  const data = await client.graphql.request(
    `query Smoke($id: ID!) {
      threat(id: $id) { id ipAddress threatScore country { code } }
      threats(pagination: { limit: 2 }) { edges { node { id } } }
    }`,
    { id: threatId },
  );
  return {
    threat: data.threat,
    listIds: data.threats.edges.map((edge) => edge.node.id),
    restIds: page.data.map((threat) => threat.id),
  };
}

async function webhooks(webhooksModule) {
  const { signWebhook, verifyWebhook, constructEvent, SignatureMismatchError } = webhooksModule;
  const body = JSON.stringify({
    event: 'webhook.test',
    timestamp: '2025-01-15T15:00:00Z',
    data: { message: 'smoke test 91' },
  });
  const headers = await signWebhook({ payload: body, secret: WEBHOOK_SECRET });
  const verified = await verifyWebhook({ payload: body, headers, secret: WEBHOOK_SECRET });
  const bytes = new TextEncoder().encode(body);
  const fromBytes = await verifyWebhook({ payload: bytes, headers, secret: WEBHOOK_SECRET });
  const event = await constructEvent({ payload: bytes, headers, secret: WEBHOOK_SECRET });
  const tampered = await verifyWebhook({
    payload: body.replace('91', '19'),
    headers,
    secret: WEBHOOK_SECRET,
  }).then(
    () => undefined,
    (error) => error,
  );
  return {
    body,
    secret: WEBHOOK_SECRET,
    signatureHeader: headers['x-cyberfortress-signature'],
    verifiedBody: verified === body,
    verifiedBytes: fromBytes === body,
    event: event.event,
    tampered: {
      ...describeError(tampered),
      isSignatureMismatch: tampered instanceof SignatureMismatchError,
    },
  };
}

/**
 * Runs the suite and returns one plain object of observations.
 * @param {{ sdk: any, webhooks: any, origin: string, apiKey: string, checks: string[] }} input
 *   `origin` is the mock's (`http://127.0.0.1:PORT`); `checks` names the parts to run.
 */
export async function runSmoke({ sdk, webhooks: webhooksModule, origin, apiKey, checks }) {
  const results = { runtime: detectRuntime(), checks };
  const client = new sdk.CyberFortress({ apiKey, baseURL: `${origin}/v1`, maxRetries: 0 });
  if (checks.includes('rest')) results.rest = await attempt(() => rest(sdk, client));
  if (checks.includes('stream')) results.stream = await attempt(() => stream(client, origin));
  if (checks.includes('graphql')) {
    results.graphql = await attempt(() => graphql(client));
  }
  if (checks.includes('webhooks')) results.webhooks = await attempt(() => webhooks(webhooksModule));
  return results;
}
