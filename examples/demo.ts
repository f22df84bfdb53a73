// `npm run demo`: starts the bundled mock backend on a free port on 127.0.0.1 and tours the SDK
// against it. Nothing leaves this machine, and no account is needed.
import CyberFortress, { RateLimitError } from '../src/index.js';
import { createMockServer } from '../mock-server/index.js';

const mock = createMockServer({ seed: 42, logLevel: 'silent' });
const server = await mock.listen({ port: 0 });
const baseURL = `${server.url}/v1`;
const client = new CyberFortress({ apiKey: mock.credentials.apiKey, baseURL });
const say = (title: string) => console.log(`\n== ${title}`);

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

  console.log(
    '\nDone. Start the mock on its own with `npm run mock`; run the tests with `npm test`.',
  );
} finally {
  await server.close();
}
