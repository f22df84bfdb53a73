// Abuse limits on /graphql: size, tokens, aliases, depth and cost are refused before execution,
// introspection still works, and the server answers normally afterwards.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

/** Every field of Threat, lists included. */
const FULL_THREAT = `fragment FullThreat on Threat {
  id ipAddress threatScore threatLevel threatType status detectedAt updatedAt
  country { code name city }
  threatIntelligence { sources categories confidence reputationScore }
  processBehavior { processName processId networkPattern anomalyScore isBaseline }
  mlAnalysis { anomalyScore modelConfidence modelsTriggered }
  automatedResponse { actionsTaken responseTimeMs }
  networkAnalysis {
    connections { remoteIp remotePort localPort protocol direction bytesSent bytesReceived startedAt durationSeconds }
    dataExfiltrationRisk lateralMovementDetected
  }
  evidence {
    id type threatId collectedAt hash sizeBytes contentType downloadUrl expiresAt
    chainOfCustody { timestamp action system actor hash }
  }
  timeline { timestamp event severity }
  resolution notes
  context { detectionSource hostname }
}`;

function pages(limits: number[]): string {
  const fields = limits.map(
    (limit, i) =>
      `p${i}: threats(pagination: { limit: ${limit} }) { edges { node { ...FullThreat } } }`,
  );
  return `{ ${fields.join(' ')} }\n${FULL_THREAT}`;
}

/** Fails unless the server still answers a plain query. */
async function expectHealthy(): Promise<void> {
  const { status, body } = await server.gql('{ monitoringStatus { mode } }');
  expect(status).toBe(200);
  expect(body).toEqual({ data: { monitoringStatus: { mode: 'ENTERPRISE' } } });
}

describe('cost', () => {
  it('serves every field of Threat on a page of 100', async () => {
    const { status, body } = await server.gql(pages([100]));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.p0.edges).toHaveLength(100);
  });

  it('refuses two such pages as QUERY_TOO_COMPLEX without running them', async () => {
    const before = await server.rest('GET', '/v1/evidence/evidence_5qzu3bkolru1');
    const custody = ((await before.json()) as { chain_of_custody: unknown[] }).chain_of_custody;

    const { status, body } = await server.gql(pages([100, 100]));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 50_000,
    });

    // Reading evidence adds a custody entry: one more (this read), none from the refused query.
    const after = await server.rest('GET', '/v1/evidence/evidence_5qzu3bkolru1');
    const custodyAfter = ((await after.json()) as { chain_of_custody: unknown[] }).chain_of_custody;
    expect(custodyAfter).toHaveLength(custody.length + 1);
    await expectHealthy();
  });

  it('counts a page size given by a variable as the largest page', async () => {
    const query = `query Pages($p: PaginationInput) {
      a: threats(pagination: $p) { edges { node { ...FullThreat } } }
      b: threats(pagination: $p) { edges { node { ...FullThreat } } }
    }\n${FULL_THREAT}`;
    const { body } = await server.gql(query, { p: { limit: 2 } });
    expect(body.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const small = await server.gql(pages([2, 2]));
    expect(small.body.errors).toBeUndefined();
  });
});

describe('size, tokens, aliases and depth', () => {
  it('refuses a query over 64 KiB with QUERY_TOO_LARGE', async () => {
    const query = `{ monitoringStatus { mode } }\n# ${'x'.repeat(64 * 1024)}`;
    const { status, body } = await server.gql(query);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      limit: 'size',
      max: 65_536,
    });
    await expectHealthy();
  });

  it('refuses a query of more than 5000 tokens', async () => {
    const query = `{ monitoringStatus { ${'mode '.repeat(6000)}} }`;
    const { body } = await server.gql(query);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'tokens',
    });
    await expectHealthy();
  });

  it('refuses more than 30 aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: monitoringStatus { mode }`);
    const { body } = await server.gql(`{ ${aliases.join(' ')} }`);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
    });
    const within = await server.gql(`{ ${aliases.slice(0, 30).join(' ')} }`);
    expect(Object.keys(within.body.data)).toHaveLength(30);
  });

  it('refuses introspection nested past its depth limit', async () => {
    let selection = 'name';
    for (let i = 0; i < 12; i++) selection = `fields { type { ${selection} } }`;
    const { body } = await server.gql(`{ __schema { types { ${selection} } } }`);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
    });
    await expectHealthy();
  });
  it('refuses a selection repeating one field more than 10 times', async () => {
    const { body } = await server.gql(`{ ${'monitoringStatus { mode } '.repeat(400)}}`);
    expect(body.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'repeats',
      max: 10,
    });
    const ten = await server.gql(`{ ${'monitoringStatus { mode } '.repeat(10)}}`);
    expect(ten.body.data.monitoringStatus.mode).toBe('ENTERPRISE');
  });
});

describe('introspection', () => {
  it('answers the standard introspection query with the whole schema', async () => {
    const { status, body } = await server.gql(getIntrospectionQuery());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const types = body.data.__schema.types.map((type: { name: string }) => type.name);
    expect(types).toEqual(expect.arrayContaining(['Threat', 'ThreatConnection', 'CryptoAlert']));
    expect(body.data.__schema.subscriptionType.name).toBe('Subscription');
  });
});
