// The reference's three GraphQL documents, sent unchanged, against the mock on a real port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockMaliciousIP,
  getHighRiskThreats,
  monitorCriticalThreats,
} from '../fixtures/graphql-documents.js';
import { Recorder, startMock, until, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2025-01-15T23:59:59Z');

describe('GetHighRiskThreats', () => {
  it('returns only HIGH and CRITICAL threats from CN or RU in the range, by score descending', async () => {
    const { status, body } = await server.gql(getHighRiskThreats);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { edges, pageInfo } = body.data.threats;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.length).toBeLessThanOrEqual(50);
    expect(pageInfo.hasNextPage).toBe(pageInfo.totalCount > 50);

    const scores = edges.map((edge: any) => edge.node.threatScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const { node } of edges) {
      expect(['HIGH', 'CRITICAL']).toContain(node.threatLevel);
      const detected = Date.parse(node.detectedAt);
      expect(detected).toBeGreaterThanOrEqual(FROM);
      expect(detected).toBeLessThanOrEqual(TO);
      expect(node.threatIntelligence.sources.length).toBeGreaterThan(0);
      expect(node.mlAnalysis.modelsTriggered.every((m: string) => m === m.toUpperCase())).toBe(
        true,
      );
    }

    // The document selects no country; REST, asked the same, names the same threats and countries.
    const rest = await server.rest(
      'GET',
      '/v1/threats?severity=high,critical&country=CN,RU&from=2025-01-01T00:00:00Z&to=2025-01-15T23:59:59Z&sort=score&order=desc&limit=50',
    );
    const list = (await rest.json()) as {
      data: { id: string; country: { code: string } }[];
      pagination: { total: number };
    };
    expect(edges.map((edge: any) => edge.node.id)).toEqual(list.data.map((threat) => threat.id));
    expect(pageInfo.totalCount).toBe(list.pagination.total);
    expect(list.data.every((threat) => ['CN', 'RU'].includes(threat.country.code))).toBe(true);
  });
});

describe('BlockMaliciousIP', () => {
  it('creates the block that GET /v1/network/blocks lists', async () => {
    const { status, body } = await server.gql(blockMaliciousIP);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const result = body.data.blockIP;
    expect(result.success).toBe(true);
    expect(result.blockId).toMatch(/^block_[a-z0-9]{12}$/);
    // 24 hours after the frozen clock's start.
    expect(result.expiresAt).toBe('2025-01-16T15:00:00Z');

    const rest = await server.rest('GET', '/v1/network/blocks?type=ip');
    const blocks = (await rest.json()) as { data: { id: string; value: string; reason: string }[] };
    const block = blocks.data.find((candidate) => candidate.id === result.blockId);
    expect(block).toMatchObject({ value: '203.0.113.42', reason: 'C2 server detected' });
  });
});

describe('MonitorCriticalThreats', () => {
  it('receives a CRITICAL threat injected through the control API and nothing below', async () => {
    const client = server.wsClient();
    const recorder = new Recorder(client, monitorCriticalThreats);
    await until(() => server.mock.graphql.stats().operations === 1);

    const inject = async (level: string) => {
      const response = await fetch(`${server.url}/__mock/threats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threat_level: level, ip_address: '198.51.100.7' }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };

    await inject('HIGH');
    await inject('MEDIUM');
    const critical = await inject('CRITICAL');
    const [first] = await recorder.waitFor(1);
    expect(first?.errors).toBeUndefined();
    expect(first?.data?.threatDetected).toMatchObject({
      id: critical,
      ipAddress: '198.51.100.7',
      threatLevel: 'CRITICAL',
    });
    expect(first?.data?.threatDetected.threatScore).toBeGreaterThanOrEqual(80);
    expect(Array.isArray(first?.data?.threatDetected.automatedResponse.actionsTaken)).toBe(true);

    // A later CRITICAL one arrives too, so the two below it were filtered, not just not yet sent.
    const second = await inject('CRITICAL');
    const results = await recorder.waitFor(2);
    expect(results.map((result) => result.data?.threatDetected.id)).toEqual([critical, second]);

    recorder.unsubscribe();
    await until(() => server.mock.graphql.stats().operations === 0);
  });
});
