// One backend behind REST and GraphQL: a change made through one is read back through the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

const THREAT_STATUS = `query Status($id: ID!) {
  threat(id: $id) { id status updatedAt timeline { event severity } }
}`;

const UPDATE_STATUS = `mutation Update($id: ID!, $status: ThreatStatus!, $notes: String) {
  updateThreatStatus(id: $id, status: $status, notes: $notes) { id status notes timeline { event } }
}`;

/** Ids of active threats, newest first, through REST. */
async function activeThreatIds(count: number): Promise<string[]> {
  const response = await server.rest('GET', `/v1/threats?status=active&limit=${count}`);
  const list = (await response.json()) as { data: { id: string }[] };
  return list.data.map((threat) => threat.id);
}

describe('threat status across transports', () => {
  it('reads through GraphQL a status changed through REST', async () => {
    const [id] = await activeThreatIds(1);
    const patch = await server.rest('PATCH', `/v1/threats/${id}`, { status: 'investigating' });
    expect(patch.status).toBe(200);

    const { body } = await server.gql(THREAT_STATUS, { id });
    expect(body.data.threat.status).toBe('INVESTIGATING');
    expect(body.data.threat.timeline.at(-1).event).toBe(
      'Status changed from active to investigating',
    );
  });

  it('reads through REST a status changed through GraphQL, with the same timeline entry', async () => {
    const [, id] = await activeThreatIds(2);
    const { body } = await server.gql(UPDATE_STATUS, {
      id,
      status: 'FALSE_POSITIVE',
      notes: 'Internal scanner',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.updateThreatStatus).toMatchObject({
      id,
      status: 'FALSE_POSITIVE',
      notes: 'Internal scanner',
    });

    const rest = await server.rest('GET', `/v1/threats/${id}`);
    const detail = (await rest.json()) as {
      status: string;
      notes: string;
      timeline: { event: string }[];
    };
    expect(detail.status).toBe('false_positive');
    expect(detail.notes).toBe('Internal scanner');
    expect(detail.timeline.at(-1)?.event).toBe('Status changed from active to false_positive');
    expect(body.data.updateThreatStatus.timeline.at(-1).event).toBe(detail.timeline.at(-1)?.event);
  });

  it('applies the same CONFLICT rule as REST to a move the rules forbid', async () => {
    const [, , id] = await activeThreatIds(3);
    const same = await server.gql(UPDATE_STATUS, { id, status: 'ACTIVE' });
    expect(same.body.data).toBeNull();
    expect(same.body.errors?.[0]).toMatchObject({
      path: ['updateThreatStatus'],
      extensions: { code: 'CONFLICT', details: [{ field: 'status' }] },
    });

    await server.gql(UPDATE_STATUS, { id, status: 'MITIGATED' });
    const rest = await server.rest('PATCH', `/v1/threats/${id}`, { status: 'investigating' });
    expect(rest.status).toBe(409);
    const graphql = await server.gql(UPDATE_STATUS, { id, status: 'INVESTIGATING' });
    expect(graphql.body.errors?.[0].extensions.code).toBe('CONFLICT');
  });
});

describe('other mutations and their REST twins', () => {
  it('switches the mode that GET /v1/monitoring/status reports, keeping options left out', async () => {
    const { body } = await server.gql(
      'mutation { setMonitoringMode(mode: ML_MODE, options: { scanInterval: 15 }) { mode engines { responseEngine } options { scanInterval mlEnabled } } }',
    );
    expect(body.data.setMonitoringMode).toEqual({
      mode: 'ML_MODE',
      engines: { responseEngine: 'STANDBY' },
      options: { scanInterval: 15, mlEnabled: true },
    });

    const rest = await server.rest('GET', '/v1/monitoring/status');
    const status = (await rest.json()) as { mode: string; options: { scan_interval: number } };
    expect(status.mode).toBe('ML_MODE');
    expect(status.options.scan_interval).toBe(15);
  });

  it('replays a mutation retried with the same Idempotency-Key instead of running it again', async () => {
    const mutation =
      'mutation { blockIP(ip: "198.51.100.250", duration: "1h", reason: "retry") { blockId } }';
    const headers = { 'idempotency-key': 'graphql-retry-1' };
    const first = await server.gql(mutation, undefined, { headers });
    const again = await server.gql(mutation, undefined, { headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const counters = await fetch(`${server.url}/__mock/counters`);
    const snapshot = (await counters.json()) as {
      blocks_created: number;
      idempotent_replays: number;
    };
    expect(snapshot.blocks_created).toBe(1);
    expect(snapshot.idempotent_replays).toBe(1);
  });

  it('quarantines a process and stores the memory dump REST serves', async () => {
    const list = await server.rest('GET', '/v1/threats?limit=100');
    const threats = (await list.json()) as {
      data: { id: string; process_behavior: { process_id: number; process_name: string } | null }[];
    };
    const seen = threats.data.find((threat) => threat.process_behavior !== null);
    const pid = seen?.process_behavior?.process_id as number;

    const { body } = await server.gql(
      `mutation { quarantineProcess(processId: ${pid}, collectDump: true) { success status processId processName evidenceId } }`,
    );
    const result = body.data.quarantineProcess;
    expect(result).toMatchObject({
      success: true,
      status: 'TERMINATED_AND_QUARANTINED',
      processId: pid,
      processName: seen?.process_behavior?.process_name,
    });

    const evidence = await server.rest('GET', `/v1/evidence/${result.evidenceId}`);
    expect(evidence.status).toBe(200);
    expect(((await evidence.json()) as { type: string }).type).toBe('MEMORY_DUMP');
    const counters = await fetch(`${server.url}/__mock/counters`);
    expect(
      ((await counters.json()) as { processes_quarantined: number }).processes_quarantined,
    ).toBe(1);
  });

  it('gives scanSmartContract the verdict of POST /v1/blockchain/contract/analyze', async () => {
    const address = '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4';
    const { body } = await server.gql(
      `mutation { scanSmartContract(chain: ETHEREUM, address: "${address}") { chain contractSafetyScore vulnerabilities { type severity line } rugPullRisk { score riskLevel indicators } } }`,
    );
    const rest = await server.rest('POST', '/v1/blockchain/contract/analyze', {
      chain: 'ethereum',
      address,
    });
    const analysis = (await rest.json()) as {
      contract_safety_score: number;
      vulnerabilities: { type: string; severity: string; line: number }[];
      rug_pull_risk: { score: number; risk_level: string; indicators: string[] };
    };
    expect(body.data.scanSmartContract).toEqual({
      chain: 'ETHEREUM',
      contractSafetyScore: analysis.contract_safety_score,
      vulnerabilities: analysis.vulnerabilities.map(({ type, severity, line }) => ({
        type,
        severity,
        line,
      })),
      rugPullRisk: {
        score: analysis.rug_pull_risk.score,
        riskLevel: analysis.rug_pull_risk.risk_level,
        indicators: analysis.rug_pull_risk.indicators,
      },
    });
  });

  it('gives scanTransaction the same answer for the same input and another for another', async () => {
    const scan = (hash: string) =>
      server.gql(
        `mutation { scanTransaction(chain: POLYGON, txHash: "${hash}") { txHash riskScore riskLevel flags from to valueWei methodName warnings } }`,
      );
    const hashes = Array.from({ length: 6 }, (_, i) => `0x${String(i).repeat(64)}`);
    const first = await Promise.all(hashes.map(async (hash) => (await scan(hash)).body));
    const again = await Promise.all(hashes.map(async (hash) => (await scan(hash)).body));
    expect(again).toEqual(first);
    const verdicts = new Set(first.map((body) => JSON.stringify(body.data.scanTransaction.from)));
    expect(verdicts.size).toBe(hashes.length);

    const bad = await scan('0x1234');
    expect(bad.body.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ field: 'txHash' }],
    });
  });

  it('filters threats by status and address as GET /v1/threats does', async () => {
    const rest = await server.rest('GET', '/v1/threats?status=mitigated,false_positive&limit=30');
    const list = (await rest.json()) as { data: { id: string }[]; pagination: { total: number } };
    const { body } = await server.gql(
      '{ threats(filter: { status: [MITIGATED, FALSE_POSITIVE] }, pagination: { limit: 30 }) { edges { node { id status } } pageInfo { totalCount hasNextPage hasPreviousPage } } }',
    );
    const { edges, pageInfo } = body.data.threats;
    expect(edges.map((edge: any) => edge.node.id)).toEqual(list.data.map((threat) => threat.id));
    expect(pageInfo).toEqual({
      totalCount: list.pagination.total,
      hasNextPage: list.pagination.total > 30,
      hasPreviousPage: false,
    });
    expect(
      edges.every((edge: any) => ['MITIGATED', 'FALSE_POSITIVE'].includes(edge.node.status)),
    ).toBe(true);
  });
});
