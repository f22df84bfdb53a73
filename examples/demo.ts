// `npm run demo`: starts the bundled mock backend on a free port on 127.0.0.1 and tours the SDK
// against it. Nothing leaves this machine, and no account is needed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import CyberFortress, {
  GetHighRiskThreatsDocument,
  MonitorCriticalThreatsDocument,
  RateLimitError,
  type CriticalAlert,
  type Threat,
} from '../src/index.js';
import { constructEvent } from '../src/webhooks/index.js';
import { createMockServer } from '../mock-server/index.js';

const mock = createMockServer({ seed: 42, logLevel: 'silent' });
const server = await mock.listen({ port: 0 });
const baseURL = `${server.url}/v1`;
const client = new CyberFortress({ apiKey: mock.credentials.apiKey, baseURL });
const say = (title: string) => console.log(`\n== ${title}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds a threat to the mock through its control API, as if the engine had just detected it. */
async function inject(threat: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.url}/__mock/threats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(threat),
  });
  if (!response.ok) throw new Error(`injection failed: ${response.status}`);
}

try {
  say(`Mock backend on ${baseURL} (seed 42, professional plan)`);

  say('The five highest-scoring critical threats');
  const page = await client.threats.list({ severity: ['critical'], sort: 'score', limit: 5 });
  for (const threat of page.data) {
    console.log(
      `${threat.id}  ${threat.ipAddress.padEnd(39)} ${threat.threatScore}  ${threat.country.code}  ${threat.threatIntelligence.categories.join(', ')}`,
    );
  }

  console.log(
    `… of ${page.pagination.total} critical threats; hasNextPage() = ${page.hasNextPage()}`,
  );

  say('Reporting a threat: the API scores it and starts its timeline');
  const reported = await client.threats.report({
    ipAddress: '203.0.113.42',
    threatType: 'C2_COMMUNICATION',
    confidence: 0.85,
    context: { detectionSource: 'endpoint_agent', hostname: 'WORKSTATION-01' },
  });
  console.log(
    `${reported.id}: score ${reported.threatScore} (${reported.threatLevel}), status ${reported.status}`,
  );
  console.log(`timeline: ${reported.timeline.map((entry) => entry.event).join(' → ')}`);

  say('Blocking its IP for 24 hours, then checking it');
  const block = await client.network.blockIP({
    ip: reported.ipAddress,
    duration: '24h',
    reason: 'C2 server',
  });
  const check = await client.threats.check(reported.ipAddress);
  console.log(
    `${block.id} blocks ${block.value} until ${block.expiresAt}; check says blocked = ${check.blocked}`,
  );

  say('Mitigating the threat');
  const mitigated = await client.threats.update(reported.id, {
    status: 'mitigated',
    resolution: 'IP blocked at firewall',
  });
  console.log(
    `${mitigated.id} is now ${mitigated.status}; last timeline entry: ${mitigated.timeline.at(-1)?.event}`,
  );

  say('Following the real-time stream for three seconds');
  const seen: Threat[] = [];
  const alerts: CriticalAlert[] = [];
  client.stream.on('threat_detected', (threat) => {
    seen.push(threat);
    console.log(
      `  #${client.stream.lastSequence} threat_detected ${threat.ipAddress} ${threat.threatLevel}`,
    );
  });
  client.stream.on('critical_alert', (alert) => alerts.push(alert));
  await client.stream.connect();
  for (const [ip, score] of [
    ['198.51.100.7', 45],
    ['198.51.100.8', 72],
    ['198.51.100.9', 96],
  ] as const) {
    await inject({ ip_address: ip, threat_score: score, threat_type: 'BRUTE_FORCE' });
    await sleep(1_000);
  }
  client.stream.close();
  console.log(
    `${seen.length} threats and ${alerts.length} critical alert(s) arrived, following the stream's sequence numbers`,
  );

  say("GraphQL: the reference's high-risk query, typed by its document");
  const { threats } = await client.graphql.request(GetHighRiskThreatsDocument);
  for (const { node } of threats.edges.slice(0, 3)) {
    console.log(
      `${node.id}  ${node.ipAddress.padEnd(39)} ${node.threatScore}  ${node.threatLevel}  ${node.detectedAt}`,
    );
  }
  console.log(`… ${threats.pageInfo.totalCount} HIGH or CRITICAL threats from CN or RU in range`);

  say('GraphQL subscription: waiting for the next critical threat');
  const subscription = client.graphql.subscribe(MonitorCriticalThreatsDocument);
  const next = subscription.next();
  // Give the subscription a moment to be registered, then make the engine detect two threats.
  await sleep(300);
  await inject({ ip_address: '198.51.100.20', threat_score: 55, threat_type: 'PORT_SCAN' });
  await inject({ ip_address: '198.51.100.21', threat_score: 97, threat_type: 'RANSOMWARE' });
  const { value } = await next;
  console.log(
    `threatDetected ${value?.threatDetected.ipAddress} (${value?.threatDetected.threatLevel}); the score-55 one was filtered out by the server`,
  );
  await subscription.return();
  await client.graphql.close();

  say('Receiving and verifying a signed webhook');
  const secret = `whsec_${btoa('demo secret, 32 bytes long......')}`;
  const received = new Promise<string>((resolve, reject) => {
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        // The raw body, as it arrived: verification needs the exact bytes that were signed.
        Promise.resolve()
          .then(() =>
            constructEvent({ payload: Buffer.concat(chunks).toString('utf8'), headers, secret }),
          )
          .then((event) => {
            response.writeHead(204).end();
            receiver.close();
            resolve(`${event.event} verified (delivery ${event.deliveryId ?? 'without id'})`);
          })
          .catch((error: unknown) => {
            response.writeHead(400).end();
            receiver.close();
            reject(error as Error);
          });
      });
    });
    receiver.listen(0, '127.0.0.1', () => {
      const { port } = receiver.address() as AddressInfo;
      client.webhooks
        .create({ url: `http://127.0.0.1:${port}/webhook`, events: ['threat.critical'], secret })
        .then((webhook) => client.webhooks.test(webhook.id))
        .catch(reject);
    });
  });
  console.log(await received);

  say('Rate limits are visible on every response');
  const { rateLimit, requestId } = await client.monitoring.status().withResponse();
  console.log(
    `request ${requestId}: ${rateLimit?.remaining}/${rateLimit?.limit} this second, burst ${rateLimit?.burstRemaining}/${rateLimit?.burstLimit}`,
  );

  say('…and a refusal is a typed error (a personal plan allows bursts of 50)');
  const personal = createMockServer({ plan: 'personal', logLevel: 'silent' });
  const small = await personal.listen({ port: 0 });
  const limited = new CyberFortress({
    apiKey: personal.credentials.apiKey,
    baseURL: `${small.url}/v1`,
    maxRetries: 0,
  });
  try {
    await Promise.all(Array.from({ length: 60 }, () => limited.monitoring.status()));
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error;
    console.log(
      `${error.name} ${error.code}: retry after ${error.retryAfter} s (limit ${error.limit}/s)`,
    );
  } finally {
    await small.close();
  }

  say('A lost response is retried with the same Idempotency-Key, so the report happens once');
  let dropped = false;
  const flaky = client.withOptions({
    logLevel: 'debug',
    logger: { ...console, debug: (message: string) => console.log(`  ${message}`) },
    // Drops the first response on the floor, as a proxy resetting the connection would.
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (dropped) return response;
      dropped = true;
      throw new TypeError('fetch failed: socket hang up');
    },
  });
  const retried = await flaky.threats.report({
    ipAddress: '192.0.2.77',
    threatType: 'MALWARE',
    confidence: 0.9,
  });
  const matching = await client.threats.list({ limit: 100, sort: 'timestamp' });
  const copies = matching.data.filter((threat) => threat.ipAddress === '192.0.2.77').length;
  console.log(
    `${retried.id} reported after a retry; the mock holds ${copies} threat(s) from 192.0.2.77`,
  );

  console.log(
    '\nDone. Start the mock on its own with `npm run mock`; run the tests with `npm test`.',
  );
} finally {
  await server.close();
}
