// The stream's commands: each answered by one command_result with its id, with effects that
// REST sees, and refused when the credentials lack the command's scope.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, TestClient, type RunningMock } from './support.js';

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

const command = (id: string, action: unknown, params?: unknown) =>
  client.request(
    { type: 'command', id, action, ...(params === undefined ? {} : { params }) },
    'command_result',
  );

describe('command set_mode', () => {
  it('changes the mode that GET /v1/monitoring/status reports and announces system_status', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['system'] });
    const result = await command('cmd-1', 'set_mode', {
      mode: 'DEEP_SCAN',
      options: { scan_interval: 10 },
    });
    expect(result).toMatchObject({
      id: 'cmd-1',
      action: 'set_mode',
      ok: true,
      result: { mode: 'DEEP_SCAN', options: { scan_interval: 10 } },
    });

    const status = await (await server.rest('GET', '/v1/monitoring/status')).json();
    expect(status).toEqual(result.result);
    const event = await client.next('system_status');
    expect(event.status).toMatchObject({
      mode: 'DEEP_SCAN',
      reason: 'Mode changed to DEEP_SCAN by the command set_mode.',
    });
  });

  it('answers ok: false with INVALID_REQUEST naming params fields', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    const result = await command('cmd-2', 'set_mode', { mode: 'TURBO' });
    expect(result).toMatchObject({
      id: 'cmd-2',
      action: 'set_mode',
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'params.mode' }] },
    });
    const missing = await command('cmd-3', 'set_mode');
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});

describe('command scan_now', () => {
  it('scans a CIDR range and injects the threats it finds, the same for the same seed', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    const result = await command('cmd-4', 'scan_now', { target: '192.168.1.0/24' });
    expect(result).toMatchObject({
      id: 'cmd-4',
      action: 'scan_now',
      ok: true,
      result: { target: '192.168.1.0/24', hosts_scanned: 254 },
    });
    const scan = result.result as { threats_found: number; threat_ids: string[] };
    expect(scan.threats_found).toBeGreaterThanOrEqual(1);
    expect(scan.threat_ids).toHaveLength(scan.threats_found);

    // Each finding is a stored threat in the range, announced on the threats channel.
    for (const id of scan.threat_ids) {
      const threat = (await (await server.rest('GET', `/v1/threats/${id}`)).json()) as {
        ip_address: string;
      };
      expect(threat.ip_address).toMatch(/^192\.168\.1\.(\d+)$/);
      await client.next('threat_detected', (m) => (m.threat as { id: string }).id === id);
    }

    // Another mock with the same seed finds the same hosts.
    const twin = await startMock();
    try {
      const twinClient = await TestClient.connect(twin.wsUrl, twin.apiKey);
      const again = await twinClient.request(
        { type: 'command', id: 'twin', action: 'scan_now', params: { target: '192.168.1.0/24' } },
        'command_result',
      );
      const twinIps = await Promise.all(
        (again.result as { threat_ids: string[] }).threat_ids.map(
          async (id) =>
            ((await (await twin.rest('GET', `/v1/threats/${id}`)).json()) as { ip_address: string })
              .ip_address,
        ),
      );
      const ips = await Promise.all(
        scan.threat_ids.map(
          async (id) =>
            (
              (await (await server.rest('GET', `/v1/threats/${id}`)).json()) as {
                ip_address: string;
              }
            ).ip_address,
        ),
      );
      expect(twinIps).toEqual(ips);
      twinClient.close();
    } finally {
      await twin.close();
    }
  });

  it('scans a single address and refuses bad or too broad targets', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    const single = await command('cmd-5', 'scan_now', { target: '203.0.113.7' });
    expect(single.result).toMatchObject({
      target: '203.0.113.7',
      hosts_scanned: 1,
      threats_found: 1,
    });

    for (const [id, params] of [
      ['bad-1', { target: 'not-an-ip' }],
      ['bad-2', { target: '10.0.0.0/8' }],
      ['bad-3', {}],
    ] as const) {
      const result = await command(id, 'scan_now', params);
      expect(result).toMatchObject({
        id,
        ok: false,
        error: { code: 'INVALID_REQUEST', details: [{ field: 'params.target' }] },
      });
    }
  });
});

describe('command emergency_block_all', () => {
  it('blocks every active threat address scoring at least min_score and says what it blocked', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    const threat = server.mock.backend.threats.inject({
      ip_address: '198.51.100.77',
      threat_score: 97,
    });
    const result = await command('cmd-6', 'emergency_block_all', {
      min_score: 95,
      reason: 'Drill',
    });
    expect(result).toMatchObject({ id: 'cmd-6', action: 'emergency_block_all', ok: true });
    const blocked = result.result as {
      blocked: number;
      block_ids: string[];
      targets: { type: string; value: string }[];
    };
    expect(blocked.targets).toContainEqual({ type: 'ip', value: threat.ip_address });
    expect(blocked.blocked).toBe(blocked.targets.length);

    // Every active threat at 95 or more is covered, and REST lists the blocks.
    const active = server.mock.backend.threats.list({
      status: ['active'],
      limit: 100,
      sort: 'score',
    });
    const expected = new Set(
      active.data.filter((t) => t.threat_score >= 95).map((t) => t.ip_address),
    );
    expect(new Set(blocked.targets.map((t) => t.value))).toEqual(expected);
    const check = (await (
      await server.rest('GET', `/v1/threats/check/${threat.ip_address}`)
    ).json()) as {
      blocked: boolean;
    };
    expect(check.blocked).toBe(true);
    const blocks = (await (await server.rest('GET', '/v1/network/blocks?limit=100')).json()) as {
      data: { id: string; reason: string }[];
    };
    for (const id of blocked.block_ids) {
      expect(blocks.data.find((block) => block.id === id)?.reason).toBe('Drill');
    }

    // A second run extends the same blocks instead of duplicating them.
    const again = await command('cmd-7', 'emergency_block_all', { min_score: 95 });
    expect((again.result as { block_ids: string[] }).block_ids.sort()).toEqual(
      [...blocked.block_ids].sort(),
    );
  });

  it('runs with no params (the reference command) and refuses bad ones', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    const result = await command('cmd-8', 'emergency_block_all');
    expect(result).toMatchObject({ ok: true });
    expect((result.result as { blocked: number }).blocked).toBeGreaterThan(0);
    const bad = await command('cmd-9', 'emergency_block_all', { min_score: 101 });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'params.min_score' }] },
    });
  });
});

describe('command errors', () => {
  it('answers an unknown action with INVALID_REQUEST', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    const result = await command('cmd-10', 'self_destruct');
    expect(result).toMatchObject({
      id: 'cmd-10',
      action: 'self_destruct',
      ok: false,
      error: { code: 'INVALID_REQUEST', details: [{ field: 'action' }] },
    });
  });

  it('refuses a command without an id with an error, since no result could be matched', async () => {
    client = await TestClient.connect(server.wsUrl, server.apiKey);
    // The reference's snippet, as written.
    client.send({ type: 'command', action: 'set_mode', params: { mode: 'DEEP_SCAN' } });
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ field: 'id' }] });
  });

  it('answers FORBIDDEN with the required scope when the credentials lack it', async () => {
    server.mock.backend.credentials.addApiKey('cf_test_readonlyreadonlyreadonly00', [
      'threats:read',
    ]);
    client = await TestClient.connect(server.wsUrl, 'cf_test_readonlyreadonlyreadonly00');
    const modeBefore = server.mock.backend.monitoring.status().mode;
    for (const [action, scope, params] of [
      ['set_mode', 'monitoring:write', { mode: 'DEEP_SCAN' }],
      ['scan_now', 'threats:write', { target: '192.168.1.0/24' }],
      ['emergency_block_all', 'network:write', undefined],
    ] as const) {
      const result = await command(`f-${action}`, action, params);
      expect(result).toMatchObject({
        action,
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: `The command ${action} requires the scope ${scope}.`,
          required_scope: scope,
        },
      });
    }

    // Nothing changed.
    expect(server.mock.backend.monitoring.status().mode).toBe(modeBefore);
  });
});
