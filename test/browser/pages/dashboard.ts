// A SOC dashboard page, as a real one does it: its own backend mints a short-lived OAuth access
// token with the client credentials it keeps, and the page uses only that token, against the
// API's origin (the mock, on another port: every call is cross-origin).
import { CyberFortress, ThreatDetectedDocument, ThreatDocument } from '../../../src/index.js';
import { pageError, type DashboardResults } from './results.js';

const results: DashboardResults = { done: false, pageOrigin: location.origin };
window.__results = results;

async function main(): Promise<void> {
  const { apiOrigin } = window.__config;
  results.apiOrigin = apiOrigin;
  const session = (await (await fetch('/session', { method: 'POST' })).json()) as {
    accessToken: string;
  };
  results.tokenPrefix = session.accessToken.slice(0, 3);

  const client = new CyberFortress({
    accessToken: session.accessToken,
    baseURL: `${apiOrigin}/v1`,
  });
  const page = await client.threats.list({ limit: 5 });
  results.threats = page.data.map(({ id, ipAddress, threatScore }) => ({
    id,
    ipAddress,
    threatScore,
  }));

  // The request id and rate-limit headers are readable only if the mock exposes them.
  const first = page.data[0];
  if (first) {
    const { data, requestId, rateLimit } = await client.threats.get(first.id).withResponse();
    results.detail = { id: data.id, requestId, rateLimitRemaining: rateLimit?.remaining };

    const { threat } = await client.graphql.request(ThreatDocument, { id: first.id });
    if (threat) {
      results.graphqlThreat = {
        id: threat.id,
        ipAddress: threat.ipAddress,
        threatLevel: threat.threatLevel,
      };
    }
  }

  results.disallowedHeader = await fetch(`${apiOrigin}/v1/threats`, {
    headers: { authorization: `Bearer ${session.accessToken}`, 'x-not-allowed': '1' },
  }).then(
    () => 'sent' as const,
    (error: unknown) => pageError(error),
  );

  // A GraphQL subscription beside the stream: both must see the threat the test injects.
  const subscribed = new Promise<void>((resolve, reject) => {
    const stop = client.graphql.subscribe(
      ThreatDetectedDocument,
      { severity: ['CRITICAL'] },
      {
        next: ({ threatDetected }) => {
          results.subscriptionThreat = {
            id: threatDetected.id,
            threatScore: threatDetected.threatScore,
            threatLevel: threatDetected.threatLevel,
          };
          stop();
          resolve();
        },
        error: reject,
      },
    );
  });

  const received = new Promise<void>((resolve) => {
    client.stream.on('threat_detected', (threat) => {
      results.streamThreat = {
        id: threat.id,
        threatScore: threat.threatScore,
        country: threat.country.code,
      };
      resolve();
    });
  });
  await client.stream.connect();
  results.streamOpen = true;
  await Promise.all([received, subscribed]);
  client.stream.close();
  await client.graphql.close();
}

main()
  .catch((error: unknown) => {
    results.error = pageError(error);
  })
  .finally(() => {
    results.done = true;
  });
