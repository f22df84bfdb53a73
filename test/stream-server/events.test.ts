// Every event type of the stream, each produced by its real cause in the domain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startMock, TestClient, type RunningMock, type StreamMessage } from './support.js';

const ALL_CHANNELS = [
  'threats',
  'critical_alerts',
  'crypto_threats',
  'system',
  'evidence',
  'ml',
  'responses',
];

let server: RunningMock;
let client: TestClient;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  client?.close();
});

async function subscribeAll(): Promise<TestClient> {
  client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ALL_CHANNELS });
  return client;
}

interface Injected {
  id: string;
  threat_score: number;
  ml_analysis: { anomaly_score: number };
  automated_response: { actions_taken: string[] };
}

/** Injects threats until one satisfies `want` (the dataset's rules decide, not the test). */
async function injectUntil(
  body: Record<string, unknown>,
  want: (threat: Injected) => boolean,
): Promise<Injected> {
  for (let i = 0; i < 100; i++) {
    const threat = server.mock.backend.threats.inject(body) as unknown as Injected;
    if (want(threat)) return threat;
  }

  throw new Error('no injected threat satisfied the condition');
}

describe('stream events from their real causes', () => {
  it('sends threat_detected for a threat reported over REST', async () => {
    await subscribeAll();
    const response = await server.rest('POST', '/v1/threats', {
      ip_address: '203.0.113.42',
      threat_type: 'C2_COMMUNICATION',
      confidence: 0.85,
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const event = await client.next('threat_detected');
    expect(event).toMatchObject({
      channel: 'threats',
      timestamp: '2025-01-15T15:00:00Z',
      threat: { id, ip_address: '203.0.113.42', threat_type: 'C2_COMMUNICATION' },
    });
  });

  it('sends critical_alert (after threat_detected) for a critical threat', async () => {
    await subscribeAll();
    const threat = server.mock.backend.threats.inject({ threat_score: 92, country: 'CN' });
    const detected = await client.next('threat_detected', (m) => hasThreat(m, threat.id));
    const alert = await client.next('critical_alert');
    expect(alert).toMatchObject({
      channel: 'critical_alerts',
      alert: {
        severity: 'CRITICAL',
        threat_id: threat.id,
        ip_address: threat.ip_address,
        threat_score: 92,
      },
    });
    expect(alert.sequence as number).toBeGreaterThan(detected.sequence as number);
  });

  it('sends threat_mitigated when a threat is patched to mitigated over REST', async () => {
    await subscribeAll();
    const threat = server.mock.backend.threats.inject({ threat_score: 50 });
    const response = await server.rest('PATCH', `/v1/threats/${threat.id}`, {
      status: 'mitigated',
      resolution: 'IP blocked at firewall',
    });
    expect(response.status).toBe(200);
    const event = await client.next('threat_mitigated');
    expect(event).toMatchObject({
      channel: 'threats',
      threat_id: threat.id,
      status: 'mitigated',
      resolution: 'IP blocked at firewall',
      mitigated_at: '2025-01-15T15:00:00Z',
    });

    // Other status moves have no stream event.
    await server.rest('PATCH', `/v1/threats/${threat.id}`, { status: 'active' });
    await client.sync();
    expect(client.types().filter((type) => type === 'threat_mitigated')).toHaveLength(1);
  });

  it('sends crypto_threat for a wallet scan of a high-risk address', async () => {
    await subscribeAll();
    const response = await server.rest('POST', '/v1/blockchain/wallet/scan', {
      chain: 'ethereum',
      address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
      deep_scan: true,
    });
    expect(response.status).toBe(200);
    const event = await client.next('crypto_threat');
    expect(event).toMatchObject({
      channel: 'crypto_threats',
      threat: {
        chain: 'ethereum',
        address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
        risk_score: 85,
        risk_level: 'HIGH',
      },
    });
    expect((event.threat as { flags: string[] }).flags).toContain('KNOWN_SCAMMER');
  });

  it('sends ml_anomaly for a threat whose ML anomaly score is 80 or more, and only then', async () => {
    await subscribeAll();
    const low = await injectUntil({}, (t) => t.ml_analysis.anomaly_score < 80);
    const high = await injectUntil(
      { threat_level: 'CRITICAL' },
      (t) => t.ml_analysis.anomaly_score >= 80,
    );
    const event = await client.next('ml_anomaly', (m) => anomalyOf(m) === high.id);
    expect(event).toMatchObject({
      channel: 'ml',
      anomaly: { threat_id: high.id, anomaly_score: high.ml_analysis.anomaly_score },
    });
    expect(client.messages.some((m) => anomalyOf(m) === low.id)).toBe(false);
  });

  it('sends system_status when the mode changes over REST', async () => {
    await subscribeAll();
    const response = await server.rest('PUT', '/v1/monitoring/mode', { mode: 'ML_MODE' });
    expect(response.status).toBe(200);
    const event = await client.next('system_status');
    expect(event).toMatchObject({
      channel: 'system',
      status: { mode: 'ML_MODE', engines: { response_engine: 'standby' } },
    });
    expect((event.status as { reason: string }).reason).toMatch(/ML_MODE/);
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'ENTERPRISE' });
  });

  it('sends evidence_collected for a quarantine with a memory dump', async () => {
    await subscribeAll();
    const response = await server.rest('POST', '/v1/processes/quarantine', {
      process_id: 4532,
      process_name: 'suspicious.exe',
      action: 'TERMINATE_AND_QUARANTINE',
      collect_memory_dump: true,
    });
    expect(response.status).toBe(201);
    const { evidence_id } = (await response.json()) as { evidence_id: string };
    const event = await client.next('evidence_collected', (m) => evidenceOf(m) === evidence_id);
    expect(event).toMatchObject({
      channel: 'evidence',
      evidence: { id: evidence_id, type: 'MEMORY_DUMP' },
    });
  });

  it('sends auto_response when the mode lets the response engine act, and not otherwise', async () => {
    await subscribeAll();
    const acted = await injectUntil(
      { threat_level: 'CRITICAL' },
      (t) => t.automated_response.actions_taken.length > 0,
    );
    const event = await client.next('auto_response', (m) => responseOf(m) === acted.id);
    expect(event).toMatchObject({
      channel: 'responses',
      response: {
        threat_id: acted.id,
        actions_taken: acted.automated_response.actions_taken,
      },
    });

    // STANDARD holds the response engine in standby: threats arrive, responses do not.
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'STANDARD' });
    const before = client.types().filter((type) => type === 'auto_response').length;
    for (let i = 0; i < 10; i++) server.mock.backend.threats.inject({ threat_level: 'CRITICAL' });
    await client.sync();
    expect(client.types().filter((type) => type === 'auto_response')).toHaveLength(before);
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'ENTERPRISE' });
  });

  it('numbers every event with one strictly increasing sequence across channels and connections', async () => {
    await subscribeAll();
    const other = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    for (let i = 0; i < 20; i++) server.mock.backend.threats.inject({});
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'DEEP_SCAN' });
    await client.sync();
    await other.sync();
    const sequences = client.events().map((event) => event.sequence as number);
    expect(sequences.length).toBeGreaterThan(20);
    for (let i = 1; i < sequences.length; i++) {
      expect(sequences[i]).toBe((sequences[i - 1] as number) + 1);
    }

    // The other connection sees the same numbers for the same events.
    const mine = new Map(client.events().map((e) => [e.sequence, e]));
    for (const event of other.events()) {
      expect(mine.get(event.sequence)).toEqual(event);
    }

    other.close();
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'ENTERPRISE' });
  });

  it('delivers only the subscribed channels', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['system'] });
    server.mock.backend.threats.inject({ threat_level: 'CRITICAL' });
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'DEEP_SCAN' });
    await client.next('system_status');
    await sleep(50);
    expect(client.events().map((event) => event.channel)).toEqual(['system']);
    await server.rest('PUT', '/v1/monitoring/mode', { mode: 'ENTERPRISE' });
  });
});

function hasThreat(message: StreamMessage, id: string): boolean {
  return (message.threat as { id?: string } | undefined)?.id === id;
}

function anomalyOf(message: StreamMessage): string | undefined {
  return message.type === 'ml_anomaly'
    ? (message.anomaly as { threat_id: string }).threat_id
    : undefined;
}

function evidenceOf(message: StreamMessage): string | undefined {
  return (message.evidence as { id?: string } | undefined)?.id;
}

function responseOf(message: StreamMessage): string | undefined {
  return (message.response as { threat_id?: string } | undefined)?.threat_id;
}
