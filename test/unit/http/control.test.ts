import { describe, expect, it } from 'vitest';
import { parseAdvance } from '../../../mock-server/http/control.js';
import { createFakeMock } from './support.js';

async function control(
  mock: ReturnType<typeof createFakeMock>,
  method: string,
  path: string,
  json?: unknown,
) {
  const response = await mock.send(method, `/__mock${path}`, { token: null, json });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('control API', () => {
  it('answers health without credentials or rate-limit headers', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    const health = await control(mock, 'GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect(health.headers.get('x-request-id')).toMatch(/^req_/);
    expect(health.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('resets the backend, the limiter, the idempotency store and the counters', async () => {
    const mock = createFakeMock({ plan: 'personal' });
    for (let i = 0; i < 50; i++) await mock.send('GET', '/v1/threats');
    const key = { 'idempotency-key': 'k1' };
    await mock.send('POST', '/v1/threats', {
      json: { ip_address: '1.2.3.4', threat_type: 'MALWARE', confidence: 1 },
      headers: key,
    });
    await control(mock, 'POST', '/threats', { ip_address: '5.6.7.8' });

    const reset = await control(mock, 'POST', '/reset', { seed: 7 });
    expect(reset).toMatchObject({ status: 200, body: { seed: 7, threats: 0 } });
    expect((await mock.send('GET', '/v1/threats')).status).toBe(200);
    expect(mock.runtime.state.idempotency.size).toBe(0);
    expect((await control(mock, 'GET', '/counters')).body.requests).toBe(1);
  });

  it('accepts a reset without a body and refuses a bad seed', async () => {
    const mock = createFakeMock();
    expect((await control(mock, 'POST', '/reset')).status).toBe(200);
    const bad = await control(mock, 'POST', '/reset', { seed: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('seed');
    const unknown = await control(mock, 'POST', '/reset', { sead: 1 });
    expect(unknown.body.error.details).toEqual([{ field: 'sead', issue: 'Unknown field' }]);
  });

  it('injects a threat with 201', async () => {
    const mock = createFakeMock();
    const injected = await control(mock, 'POST', '/threats', {
      ip_address: '203.0.113.9',
      threat_score: 95,
    });
    expect(injected).toMatchObject({
      status: 201,
      body: { ip_address: '203.0.113.9', threat_score: 95 },
    });
    expect(mock.backend.store.size).toBe(1);
    expect((await control(mock, 'POST', '/threats', [1])).status).toBe(400);
  });

  it('reads and moves the clock', async () => {
    const mock = createFakeMock();
    expect((await control(mock, 'GET', '/clock')).body).toMatchObject({
      now: '2025-01-15T15:00:00Z',
      offset_ms: 0,
    });
    expect((await control(mock, 'POST', '/clock', { advance: '90m' })).body.now).toBe(
      '2025-01-15T16:30:00Z',
    );
    expect((await control(mock, 'POST', '/clock', { advance: 1500 })).body.offset_ms).toBe(
      90 * 60_000 + 1500,
    );
    expect(
      (await control(mock, 'POST', '/clock', { set: '2025-02-01T00:00:00Z', frozen: false })).body,
    ).toMatchObject({
      now: '2025-02-01T00:00:00Z',
      frozen: false,
    });
  });

  it('refuses bad clock input without moving the clock', async () => {
    const mock = createFakeMock();
    for (const body of [
      { advance: 'soon' },
      { advance: -5 },
      { set: 'yesterday', advance: '1h' },
      { frozen: 'yes' },
    ]) {
      const response = await control(mock, 'POST', '/clock', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('INVALID_REQUEST');
    }

    expect((await control(mock, 'GET', '/clock')).body.offset_ms).toBe(0);
  });

  it('refuses malformed JSON with 400', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/__mock/clock', {
      token: null,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
  });

  it('counts API requests by operation, status and error code', async () => {
    const mock = createFakeMock();
    await mock.send('GET', '/v1/threats');
    await mock.send('GET', '/v1/threats/missing');
    await mock.send('GET', '/v1/threats', { token: null });
    await mock.send('GET', '/v1/nope');
    const counters = (await control(mock, 'GET', '/counters')).body;
    expect(counters).toEqual({
      requests: 4,
      by_operation: { listThreats: 2, getThreat: 1 },
      by_status: { '200': 1, '401': 1, '404': 2 },
      rate_limited: 0,
      idempotent_replays: 0,
      errors: { NOT_FOUND: 2, UNAUTHORIZED: 1 },
      // Only reads reached a handler here, so no effect was counted.
      threats_reported: 0,
      threats_updated: 0,
      blocks_created: 0,
      processes_quarantined: 0,
      api_keys_created: 0,
      webhooks_created: 0,
    });
  });

  it('shows the test credentials and the plan', async () => {
    const mock = createFakeMock({ plan: 'enterprise' });
    expect((await control(mock, 'GET', '/credentials')).body).toEqual({
      api_key: 'tok_all',
      oauth: { client_id: 'client_test', client_secret: 'secret_test' },
      plan: 'enterprise',
    });
  });

  it('answers 404 for unknown control paths and 405 for wrong methods', async () => {
    const mock = createFakeMock();
    const missing = await control(mock, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const wrong = await control(mock, 'DELETE', '/clock');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });
});

describe('parseAdvance', () => {
  it('reads durations and milliseconds', () => {
    expect(parseAdvance('500ms')).toBe(500);
    expect(parseAdvance('30s')).toBe(30_000);
    expect(parseAdvance('2h')).toBe(7_200_000);
    expect(parseAdvance('1d')).toBe(86_400_000);
    expect(parseAdvance(42)).toBe(42);
    expect(() => parseAdvance('1w')).toThrow();
  });
});
