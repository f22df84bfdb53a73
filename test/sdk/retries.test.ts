// Faults injected in front of the in-process mock: the request reaches the mock (or not), and
// the client sees a network error or an error status, then retries.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import { CyberFortress, ServiceUnavailableError } from '../../src/index.js';
import { PRODUCTION_ORIGIN } from './support.js';

const mock = createMockServer({ plan: 'custom', frozenClock: true, logLevel: 'error' });
const server = setupServer(...mock.mswHandlers(PRODUCTION_ORIGIN));
const THREATS_URL = `${PRODUCTION_ORIGIN}/v1/threats`;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers();
  mock.reset();
});

function client(): CyberFortress {
  return new CyberFortress({ apiKey: mock.credentials.apiKey });
}

const report = {
  ipAddress: '203.0.113.42',
  threatType: 'C2_COMMUNICATION',
  confidence: 0.85,
} as const;

describe('threats.report retries', () => {
  it('creates exactly one threat given a first response lost after the mock handled it', async () => {
    const sdk = client();
    const before = (await sdk.threats.list({ limit: 1 })).pagination.total;
    const keys: (string | null)[] = [];
    let lost = false;
    server.use(
      http.post(THREATS_URL, async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (lost) return undefined;
        lost = true;

        // The POST reaches the mock and is recorded; only its answer never arrives.
        await mock.handle(request);
        return HttpResponse.error();
      }),
    );

    const threat = await sdk.threats.report(report);
    expect(threat.ipAddress).toBe('203.0.113.42');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/\S/);
    expect(keys[1]).toBe(keys[0]);
    expect(mock.state.counters.snapshot().idempotent_replays).toBe(1);
    const after = (await sdk.threats.list({ limit: 1 })).pagination.total;
    expect(after).toBe(before + 1);
  });

  it("keeps the caller's idempotency key on every attempt given one", async () => {
    const keys: (string | null)[] = [];
    let attempts = 0;
    server.use(
      http.post(THREATS_URL, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (++attempts === 1) return HttpResponse.error();
        return undefined;
      }),
    );

    await client().threats.report(report, { idempotencyKey: 'report-2025-01-15-001' });
    expect(keys).toEqual(['report-2025-01-15-001', 'report-2025-01-15-001']);
  });

  it('gives up with the last error given maxRetries 0 and a 503', async () => {
    let attempts = 0;
    server.use(
      http.post(THREATS_URL, () => {
        attempts += 1;
        return HttpResponse.json(
          { error: { code: 'SERVICE_UNAVAILABLE', message: 'Down for maintenance' } },
          { status: 503 },
        );
      }),
    );

    await expect(client().threats.report(report, { maxRetries: 0 })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(attempts).toBe(1);
  });
});

describe('threats.list retries', () => {
  it('returns the page given one 503 with Retry-After 0 before it', async () => {
    let attempts = 0;
    server.use(
      http.get(THREATS_URL, () => {
        if (++attempts > 1) return undefined;
        return HttpResponse.json(
          { error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again' } },
          { status: 503, headers: { 'Retry-After': '0' } },
        );
      }),
    );

    const page = await client().threats.list({ limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(attempts).toBe(2);
  });
});
