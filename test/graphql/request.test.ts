// client.graphql.request against the bundled mock on a real port: typed documents, variables,
// credentials (API key and OAuth), the API's headers, the rate-limit snapshot and retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockMaliciousIpDocument,
  GetHighRiskThreatsDocument,
  MonitoringStatusDocument,
  ThreatDocument,
  ThreatsDocument,
  UpdateThreatStatusDocument,
} from '../../src/generated/graphql.js';
import { recordingFetch, startMock, type RunningMock } from './support.js';

let running: RunningMock;

beforeAll(async () => {
  running = await startMock({ plan: 'professional', frozenClock: true });
});

afterAll(() => running.close());

describe('graphql.request', () => {
  it('returns the typed data of a reference document', async () => {
    const graphql = running.client().graphql;
    const { threats } = await graphql.request(GetHighRiskThreatsDocument);

    expect(threats.edges.length).toBeGreaterThan(0);
    expect(threats.edges.length).toBeLessThanOrEqual(50);
    const scores = threats.edges.map(({ node }) => node.threatScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const { node } of threats.edges) {
      expect(['HIGH', 'CRITICAL']).toContain(node.threatLevel);
      expect(node.id).toMatch(/^threat_/);
      expect(typeof node.mlAnalysis.anomalyScore).toBe('number');
    }

    expect(threats.pageInfo.totalCount).toBeGreaterThanOrEqual(threats.edges.length);
  });

  it('sends variables and returns the page they ask for', async () => {
    const graphql = running.client().graphql;
    const first = await graphql.request(ThreatsDocument, {
      filter: { severity: ['CRITICAL'] },
      pagination: { limit: 5, offset: 0 },
    });
    const second = await graphql.request(ThreatsDocument, {
      filter: { severity: ['CRITICAL'] },
      pagination: { limit: 5, offset: 5 },
    });

    expect(first.threats.edges).toHaveLength(5);
    expect(first.threats.edges.every(({ node }) => node.threatLevel === 'CRITICAL')).toBe(true);
    const firstIds = first.threats.edges.map(({ node }) => node.id);
    const secondIds = second.threats.edges.map(({ node }) => node.id);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);

    const id = firstIds[0] as string;
    const { threat } = await graphql.request(ThreatDocument, { id });
    expect(threat?.id).toBe(id);
    expect(threat?.threatLevel).toBe('CRITICAL');
  });

  it('accepts GraphQL text and returns the same data as REST', async () => {
    const client = running.client();
    const data = await client.graphql.request<{ threat: { ipAddress: string } | null }>(
      'query One($id: ID!) { threat(id: $id) { ipAddress } }',
      { id: 'threat_7h8i9j0k' },
    );
    const rest = await client.threats.get('threat_7h8i9j0k');

    expect(data.threat?.ipAddress).toBe(rest.ipAddress);
  });

  it('sends the API key, the API headers and no idempotency key with a query', async () => {
    const recorder = recordingFetch();
    const client = running.client({
      fetch: recorder.fetch,
      appInfo: { name: 'soc', version: '2.1' },
    });
    await client.graphql.request(MonitoringStatusDocument);

    expect(recorder.sent).toHaveLength(1);
    const [sent] = recorder.sent;
    expect(sent?.url).toBe(`${running.url}/graphql`);
    expect(sent?.headers.authorization).toBe(`Bearer ${running.mock.credentials.apiKey}`);
    expect(sent?.headers['x-api-version']).toBe('1.0');
    expect(sent?.headers['x-client-version']).toBe('soc/2.1');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['idempotency-key']).toBeUndefined();
    expect(JSON.parse(sent?.body as string)).toMatchObject({
      query: expect.stringContaining('monitoringStatus'),
    });
  });

  it('sends a mutation with an idempotency key, the caller’s when given', async () => {
    const recorder = recordingFetch();
    const graphql = running.client({ fetch: recorder.fetch }).graphql;
    const blocked = await graphql.request(BlockMaliciousIpDocument);
    await graphql.request(BlockMaliciousIpDocument, undefined, { idempotencyKey: 'block-42' });

    expect(blocked.blockIP.success).toBe(true);
    expect(recorder.sent[0]?.headers['idempotency-key']).toMatch(/^cf-idem-/);
    expect(recorder.sent[1]?.headers['idempotency-key']).toBe('block-42');
  });

  it('gets an OAuth token first and sends it as the bearer', async () => {
    const recorder = recordingFetch();
    const { clientId, clientSecret } = running.mock.credentials.oauth;
    const graphql = running.client({
      fetch: recorder.fetch,
      oauth: { clientId, clientSecret },
    }).graphql;
    const { threat } = await graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });
    await graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });

    expect(threat?.id).toBe('threat_7h8i9j0k');
    expect(recorder.sent.map((request) => new URL(request.url).pathname)).toEqual([
      '/v1/oauth/token',
      '/graphql',
      '/graphql',
    ]);
    const authorization = recorder.sent[1]?.headers.authorization;
    expect(authorization).toMatch(/^Bearer /);
    expect(authorization).not.toBe(`Bearer ${running.mock.credentials.apiKey}`);
    expect(recorder.sent[2]?.headers.authorization).toBe(authorization);
  });

  it('updates the rate-limit snapshot and offers it with the response', async () => {
    const graphql = running.client().graphql;
    const { data, rateLimit, requestId, response } = await graphql
      .request(ThreatDocument, { id: 'threat_7h8i9j0k' })
      .withResponse();

    expect(data.threat?.id).toBe('threat_7h8i9j0k');
    expect(response.status).toBe(200);
    expect(requestId).toMatch(/^req_/);
    expect(rateLimit).toMatchObject({ limit: 50, burstLimit: 200 });
    expect(rateLimit?.remaining).toBeLessThan(50);
  });

  it('changes state with a typed mutation', async () => {
    const graphql = running.client().graphql;
    const { updateThreatStatus } = await graphql.request(UpdateThreatStatusDocument, {
      id: 'threat_7h8i9j0k',
      status: 'INVESTIGATING',
      notes: 'looking into it',
    });
    const { threat } = await graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });

    expect(updateThreatStatus).toMatchObject({ status: 'INVESTIGATING', notes: 'looking into it' });
    expect(threat?.status).toBe('INVESTIGATING');
  });
});

describe('graphql.request options', () => {
  it('rejects with UserAbortError when the signal is aborted', async () => {
    const graphql = running.client().graphql;
    const signal = AbortSignal.abort();

    await expect(
      graphql.request(MonitoringStatusDocument, undefined, { signal }),
    ).rejects.toMatchObject({ name: 'UserAbortError' });
  });

  it('sends the caller’s headers, and leaves out one set to null', async () => {
    const recorder = recordingFetch();
    const graphql = running.client({ fetch: recorder.fetch }).graphql;
    await graphql.request(MonitoringStatusDocument, undefined, {
      headers: { 'x-trace': 'abc', 'x-api-version': null },
    });

    expect(recorder.sent[0]?.headers['x-trace']).toBe('abc');
    expect(recorder.sent[0]?.headers['x-api-version']).toBeUndefined();
  });
});

describe('graphql.request retries', () => {
  it('retries a query after a 503 and resolves with the next answer', async () => {
    const recorder = recordingFetch((_url, _init, index) =>
      index === 0
        ? new Response(
            '{"errors":[{"message":"down","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}',
            {
              status: 503,
              headers: { 'content-type': 'application/json', 'retry-after': '0' },
            },
          )
        : undefined,
    );
    const graphql = running.client({ fetch: recorder.fetch }).graphql;
    const { threat } = await graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });

    expect(threat?.id).toBe('threat_7h8i9j0k');
    expect(recorder.sent).toHaveLength(2);
    expect(recorder.sent[1]?.body).toBe(recorder.sent[0]?.body);
  });

  it('retries a mutation with the same idempotency key', async () => {
    const recorder = recordingFetch((_url, _init, index) =>
      index === 0 ? new Response('', { status: 503, headers: { 'retry-after': '0' } }) : undefined,
    );
    const graphql = running.client({ fetch: recorder.fetch }).graphql;
    const { blockIP } = await graphql.request(BlockMaliciousIpDocument);

    expect(blockIP.success).toBe(true);
    expect(recorder.sent).toHaveLength(2);
    expect(recorder.sent[1]?.headers['idempotency-key']).toBe(
      recorder.sent[0]?.headers['idempotency-key'],
    );
  });

  it('gives up after maxRetries with the error of the last answer', async () => {
    const recorder = recordingFetch(
      () => new Response('', { status: 503, headers: { 'retry-after': '0' } }),
    );
    const graphql = running.client({ fetch: recorder.fetch, maxRetries: 1 }).graphql;

    await expect(graphql.request(MonitoringStatusDocument)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
    });
    expect(recorder.sent).toHaveLength(2);
  });
});
