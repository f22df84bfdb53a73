// The transport against the real mock backend over a port: limits, envelopes and validation
// exactly as the API sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../../mock-server/index.js';
import {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  UnauthorizedError,
} from '../../../src/core/errors.js';
import { resolveOptions, type ClientOptions } from '../../../src/core/options.js';
import { Transport } from '../../../src/core/transport.js';
import { rListThreatsResponse } from '../../../src/generated/shapes.gen.js';

let mock: MockServer;
let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  mock = createMockServer({ plan: 'professional' });
  const listening = await mock.listen({ port: 0 });
  origin = listening.url.replace(/\/v1\/?$/, '').replace(/\/$/, '');
  close = listening.close;
});

afterAll(async () => {
  await close();
});

function transport(options: ClientOptions = {}): Transport {
  return new Transport(
    resolveOptions({ apiKey: mock.credentials.apiKey, baseURL: `${origin}/v1`, ...options }),
  );
}

async function counters(): Promise<{ rate_limited: number; requests: number }> {
  return (await fetch(`${origin}/__mock/counters`)).json() as Promise<{
    rate_limited: number;
    requests: number;
  }>;
}

describe('Transport against the mock', () => {
  it('returns a validated, camelCased page with a rate-limit snapshot given GET /threats', async () => {
    const result = await transport()
      .request<{ data: { threatScore: number }[]; pagination: { hasMore: boolean } }>({
        method: 'GET',
        path: '/threats',
        query: { limit: 20, severity: ['high', 'critical'] },
        response: rListThreatsResponse,
      })
      .withResponse();

    expect(result.data.data).toHaveLength(20);
    expect(typeof result.data.data[0]?.threatScore).toBe('number');
    expect(result.data.pagination.hasMore).toBe(true);
    expect(result.requestId).toMatch(/^req_[0-9a-f]{12}$/);
    expect(result.rateLimit).toMatchObject({ limit: 50, burstLimit: 200 });
  });

  it('throws the typed error given real error envelopes', async () => {
    const client = transport();
    await expect(
      client.request({ method: 'GET', path: '/threats/threat_zzzzzzzz' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      client.request({ method: 'GET', path: '/threats', query: { limit: 1000 } }),
    ).rejects.toMatchObject({
      constructor: InvalidRequestError,
      details: [expect.objectContaining({ field: 'limit' })],
    });
    await expect(
      transport({ apiKey: 'cf_test_nosuchkeynosuchkeynosu' }).request({
        method: 'GET',
        path: '/threats',
      }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('throws ForbiddenError with requiredScope given a key without the scope', async () => {
    const created = await transport().request<{ apiKey: string }>({
      method: 'POST',
      path: '/api-keys',
      body: { name: 'read only', permissions: ['threats:read'], environment: 'test' },
    });
    const error = await transport({ apiKey: created.apiKey })
      .request({
        method: 'POST',
        path: '/threats',
        body: { ipAddress: '203.0.113.9', threatType: 'MALWARE', confidence: 0.5 },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, requiredScope: 'threats:write' });
  });

  it('returns 300 results with zero 429s given a burst of 300 calls under the professional plan', async () => {
    const before = await counters();
    const client = transport({ rateLimit: { plan: 'professional' }, maxRetries: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, () =>
        client.request({ method: 'GET', path: '/threats', query: { limit: 1 } }),
      ),
    );

    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toEqual([]);
    const after = await counters();
    expect(after.rate_limited - before.rate_limited).toBe(0);
  }, 30_000);
});
