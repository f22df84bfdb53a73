// The HTTP layer over the real domain and route table (the other suites use a small fake).
import { setupServer } from 'msw/node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../../mock-server/index.js';

const report = {
  ip_address: '203.0.113.42',
  threat_type: 'C2_COMMUNICATION',
  confidence: 0.85,
  context: { detection_source: 'endpoint_agent', hostname: 'WORKSTATION-01' },
};

describe('HTTP layer over the real domain', () => {
  let mock: MockServer;
  let apiKey: string;

  beforeAll(async () => {
    const { createMockServer } = await import('../../../mock-server/index.js');
    mock = createMockServer({ frozenClock: true, plan: 'personal' });
    apiKey = mock.credentials.apiKey;
  });

  function send(
    method: string,
    path: string,
    init: { json?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    return mock.handle(
      new Request(`https://api.cyberfortress.io${path}`, { method, headers, body }),
    );
  }

  it('lists the seeded threats with rate-limit headers', async () => {
    const response = await send('GET', '/v1/threats?limit=20');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('10');
    const body = await response.json();
    expect(body.data).toHaveLength(20);
    expect(body.pagination.total).toBe(1247);
  });

  it('reports a threat once for a retried Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'smoke-report-1' };
    const first = await send('POST', '/v1/threats', { json: report, headers });
    const second = await send('POST', '/v1/threats', { json: report, headers });
    expect(first.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await second.json()).id).toBe((await first.json()).id);
    const list = await (await send('GET', '/v1/threats?limit=1')).json();
    expect(list.pagination.total).toBe(1248);
  });

  it('refuses unknown fields in a real schema', async () => {
    const response = await send('POST', '/v1/threats', { json: { ...report, colour: 'red' } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toContainEqual({
      field: 'colour',
      issue: 'Unknown field',
    });
  });

  it('resets to the seed through the control API', async () => {
    const reset = await mock.handle(
      new Request('https://api.cyberfortress.io/__mock/reset', { method: 'POST', body: '{}' }),
    );
    expect(await reset.json()).toMatchObject({ seed: 42, threats: 1247 });
  });

  it('serves the same routes on a real port and through msw', async () => {
    const listening = await mock.listen({ port: 0 });
    const server = setupServer(...mock.mswHandlers());
    server.listen({ onUnhandledRequest: 'bypass' });
    try {
      const byPort = await fetch(`${listening.url}/v1/threats/check/203.0.113.42`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(byPort.status).toBe(200);
      const byMsw = await fetch('https://api.cyberfortress.io/v1/threats/check/203.0.113.42', {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(await byMsw.json()).toEqual(await byPort.json());
    } finally {
      server.close();
      await listening.close();
    }
  });
});
