// graphql-ws at /graphql: authentication from connectionParams, operations over the socket and
// subscriptions fed by the same domain events as the stream.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { narrowKey, Recorder, startMock, until, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock({ graphql: { metricsIntervalMs: 50 } });
});

afterAll(async () => {
  await server.close();
});

/** The close code and reason a client gets after `connection_init` with `params`. */
async function closeAfterInit(
  params: Record<string, unknown> | undefined,
): Promise<{ code: number; reason: string }> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', ...(params ? { payload: params } : {}) }));
  return closed;
}

/** Runs one query or mutation over the socket and returns its single result. */
async function once(params: Record<string, unknown>, query: string) {
  const recorder = new Recorder(server.wsClient(params), query);
  const [result] = await recorder.waitFor(1);
  return result;
}

async function inject(body: Record<string, unknown>): Promise<{ id: string }> {
  const response = await fetch(`${server.url}/__mock/threats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { id: string };
}

const operations = () => server.mock.graphql.stats().operations;

/** Waits until the server runs `count` operations, so that no event is sent before a subscription. */
const running = (count: number) => until(() => operations() === count);

describe('connection auth', () => {
  it('accepts the key as authorization, apiKey or accessToken', async () => {
    for (const params of [
      { authorization: `Bearer ${server.apiKey}` },
      { apiKey: server.apiKey },
      { accessToken: server.apiKey },
    ]) {
      const result = await once(params, '{ monitoringStatus { mode } }');
      expect(result?.data).toEqual({ monitoringStatus: { mode: 'ENTERPRISE' } });
    }
  });

  it('closes with 4401 without a credential or with an unknown one', async () => {
    expect((await closeAfterInit(undefined)).code).toBe(4401);
    const unknown = await closeAfterInit({ apiKey: 'cf_unknown' });
    expect(unknown.code).toBe(4401);
    expect(unknown.reason).toMatch(/^Unauthorized/);
  });

  it('closes with 4403 for a key used outside its IP whitelist', async () => {
    const response = await server.rest('POST', '/v1/api-keys', {
      name: 'whitelisted',
      permissions: ['threats:read'],
      ip_whitelist: ['203.0.113.0/24'],
    });
    const { api_key: key } = (await response.json()) as { api_key: string };
    const closed = await closeAfterInit({ apiKey: key });
    expect(closed.code).toBe(4403);
  });
});

describe('operations over the socket', () => {
  it('runs a mutation whose block GET /v1/network/blocks lists', async () => {
    const result = await once(
      { apiKey: server.apiKey },
      'mutation { blockIP(ip: "192.0.2.77", duration: "30m", reason: "socket") { blockId } }',
    );
    const blocks = await server.rest('GET', '/v1/network/blocks?type=ip');
    const list = (await blocks.json()) as { data: { id: string; value: string }[] };
    expect(list.data.find((block) => block.id === result?.data?.blockIP.blockId)?.value).toBe(
      '192.0.2.77',
    );
  });

  it('answers a refused document with its errors and keeps the connection', async () => {
    const client = server.wsClient();
    const refused = new Recorder(client, `{ ${'monitoringStatus { mode } '.repeat(11)}}`);
    const [result] = await refused.waitFor(1);
    expect(result?.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'repeats',
    });
    const next = new Recorder(client, '{ monitoringStatus { mode } }');
    expect((await next.waitFor(1))[0]?.data).toEqual({ monitoringStatus: { mode: 'ENTERPRISE' } });
  });

  it('fails a subscription whose scope the key lacks with FORBIDDEN', async () => {
    const key = await narrowKey(server, ['monitoring:read']);
    const recorder = new Recorder(
      server.wsClient({ apiKey: key }),
      'subscription { criticalAlert { id } }',
    );
    const [result] = await recorder.waitFor(1);
    expect(result?.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScope: 'threats:read',
    });
    await recorder.ended();
    expect(recorder.completed).toBe(true);
  });
});

describe('subscriptions', () => {
  it('delivers a threat reported over REST to threatDetected', async () => {
    const base = operations();
    const recorder = new Recorder(
      server.wsClient(),
      'subscription { threatDetected { id ipAddress status threatType timeline { event } } }',
    );
    await running(base + 1);
    const response = await server.rest('POST', '/v1/threats', {
      ip_address: '203.0.113.99',
      threat_type: 'PORT_SCAN',
      confidence: 0.7,
    });
    expect(response.status).toBe(201);
    const reported = (await response.json()) as { id: string };
    const [result] = await recorder.waitFor(1);
    expect(result?.data?.threatDetected).toMatchObject({
      id: reported.id,
      ipAddress: '203.0.113.99',
      status: 'ACTIVE',
      threatType: 'PORT_SCAN',
    });
    recorder.unsubscribe();
    await running(base);
  });

  it('raises criticalAlert with the threat for a CRITICAL injection only', async () => {
    const base = operations();
    const recorder = new Recorder(
      server.wsClient(),
      'subscription { criticalAlert { id severity title message createdAt threat { id threatLevel } } }',
    );
    await running(base + 1);
    await inject({ threat_level: 'HIGH' });
    const critical = await inject({ threat_level: 'CRITICAL', threat_type: 'RANSOMWARE' });
    const [result] = await recorder.waitFor(1);
    const alert = result?.data?.criticalAlert;
    expect(alert).toMatchObject({
      severity: 'CRITICAL',
      threat: { id: critical.id, threatLevel: 'CRITICAL' },
    });
    expect(alert.id).toMatch(/^alert_[a-z0-9]{12}$/);
    expect(alert.title).toContain('Ransomware');
    expect(recorder.results).toHaveLength(1);
    recorder.unsubscribe();
    await running(base);
  });

  it('delivers cryptoAlert for a risky wallet scanned on a chosen chain only', async () => {
    const base = operations();
    const recorder = new Recorder(
      server.wsClient(),
      'subscription { cryptoAlert(chains: [ETHEREUM]) { chain address riskScore riskLevel flags message txHash } }',
    );
    await running(base + 1);
    // Lowercase: the reference's mixed-case spelling fails its EIP-55 checksum (an extra flag).
    const address = '0x742d35cc6634c0532925a3b844bc9e7595f0beb4';
    for (const chain of ['polygon', 'ethereum']) {
      const scan = await server.rest('POST', '/v1/blockchain/wallet/scan', { chain, address });
      expect(scan.status).toBe(200);
    }

    const [result] = await recorder.waitFor(1);
    expect(result?.data?.cryptoAlert).toMatchObject({
      chain: 'ETHEREUM',
      address,
      riskScore: 85,
      riskLevel: 'HIGH',
      flags: ['KNOWN_SCAMMER', 'MIXER_INTERACTION', 'SUSPICIOUS_PATTERNS'],
      txHash: null,
    });
    expect(recorder.results).toHaveLength(1);
    recorder.unsubscribe();
    await running(base);
  });

  it('pushes systemMetrics periodically until unsubscribed', async () => {
    const base = operations();
    const recorder = new Recorder(
      server.wsClient(),
      'subscription { systemMetrics { timeRange { from to } threatsDetected threatsByLevel { level count } } }',
    );
    const results = await recorder.waitFor(2);
    const metrics = results[1]?.data?.systemMetrics;
    expect(metrics.threatsByLevel.map((entry: { level: string }) => entry.level)).toEqual([
      'LOW',
      'MEDIUM',
      'HIGH',
      'CRITICAL',
    ]);
    expect(Date.parse(metrics.timeRange.from)).toBeLessThanOrEqual(
      Date.parse(metrics.timeRange.to),
    );
    recorder.unsubscribe();
    await running(base);
    const count = recorder.results.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorder.results).toHaveLength(count);
  });

  it('ends every operation of a client that goes away', async () => {
    const base = operations();
    const client = server.wsClient();
    new Recorder(client, 'subscription { threatDetected { id } }');
    new Recorder(client, 'subscription { criticalAlert { id } }');
    await running(base + 2);
    expect(server.mock.graphql.stats().acknowledged).toBeGreaterThan(0);
    await client.dispose();
    await running(base);
  });
});
