import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ConnectionError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UserAbortError,
} from '../../../src/core/errors.js';
import { VERSION } from '../../../src/core/version.js';
import { rCreateOAuthTokenResponse } from '../../../src/generated/shapes.gen.js';
import { wireToken as token } from '../../fixtures/wire.js';
import {
  envelope,
  errorReply,
  json,
  RATE_HEADERS,
  scriptedFetch,
  transportWith,
} from './support.js';

beforeEach(() => {
  // No jitter: every backoff is 0 ms, so retry tests count attempts without waiting.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Transport.request headers and URL', () => {
  it('returns camelCase data given a GET, with the static headers and a snake_case query', async () => {
    const fetch = scriptedFetch(() =>
      json({ data: [{ threat_score: 85 }], pagination: { has_more: false } }),
    );
    const transport = transportWith(fetch, {
      appInfo: { name: 'soc-dashboard', version: '2.1.0' },
    });
    const data = await transport.request({
      method: 'GET',
      path: '/threats',
      query: {
        severity: ['high', 'critical'],
        limit: 20,
        sortOrder: 'desc',
        ip: undefined,
        flag: true,
      },
    });

    expect(data).toEqual({ data: [{ threatScore: 85 }], pagination: { hasMore: false } });
    const [call] = fetch.calls;
    expect(call?.url).toBe(
      'https://api.test/v1/threats?severity=high&severity=critical&limit=20&sort_order=desc&flag=true',
    );
    expect(call?.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer cf_test_abcdefghijklmnopqrstuvwx',
      'x-api-version': '1.0',
      'x-client-version': 'soc-dashboard/2.1.0',
      'x-cyberfortress-sdk': `typescript/${VERSION}`,
    });
    expect(call?.body).toBeUndefined();
  });

  it('returns the result given a POST, with a snake_case JSON body and a generated Idempotency-Key', async () => {
    const fetch = scriptedFetch(() => json({ id: 'threat_1' }, 201));
    await transportWith(fetch).request({
      method: 'POST',
      path: '/threats',
      body: { ipAddress: '1.2.3.4', threatType: 'MALWARE', evidence: { processId: 7 } },
    });

    const [call] = fetch.calls;
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['idempotency-key']).toMatch(/^cf-idem-[0-9a-f-]{36}$/);
    expect(JSON.parse(call?.body ?? '')).toEqual({
      ip_address: '1.2.3.4',
      threat_type: 'MALWARE',
      evidence: { process_id: 7 },
    });
  });

  it('returns the request with caller headers applied given overrides and null removals', async () => {
    const fetch = scriptedFetch(() => json({}));
    await transportWith(fetch).request(
      { method: 'GET', path: '/x' },
      { headers: { 'X-API-Version': null, 'X-Trace': 'abc' } },
    );
    expect(fetch.calls[0]?.headers).not.toHaveProperty('x-api-version');
    expect(fetch.calls[0]?.headers['x-trace']).toBe('abc');
  });

  it('returns bytes given a binary spec', async () => {
    const fetch = scriptedFetch(
      () =>
        new Response(new Uint8Array([1, 2, 3]), {
          headers: { 'content-type': 'application/octet-stream' },
        }),
    );
    const bytes = await transportWith(fetch).request<Uint8Array>({
      method: 'GET',
      path: '/evidence/e/content',
      binary: true,
    });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('returns undefined given an empty 204', async () => {
    const fetch = scriptedFetch(() => new Response(null, { status: 204 }));
    await expect(
      transportWith(fetch).request({ method: 'DELETE', path: '/x' }),
    ).resolves.toBeUndefined();
  });
});

describe('Transport.request bad input', () => {
  it('rejects malformed call options before sending anything', async () => {
    const fetch = scriptedFetch(() => json({}));
    const transport = transportWith(fetch);
    const get = { method: 'GET', path: '/threats' } as const;
    const refused: [object, string][] = [
      [{ timeout: -1 }, 'The `timeout` option must be a non-negative number of milliseconds'],
      [{ timeout: '5s' }, 'The `timeout` option must be a non-negative number of milliseconds'],
      [{ maxRetries: 1.5 }, 'The `maxRetries` option must be a non-negative integer'],
      [{ signal: { aborted: false } }, 'The `signal` option must be an AbortSignal'],
      [{ headers: { 'x-trace': 'a\r\nx-admin: yes' } }, "The `headers` option's x-trace"],
      [{ headers: { 'bad name': 'x' } }, 'The `headers` option has an invalid header name'],
    ];
    for (const [options, message] of refused) {
      await expect(transport.request(get, options)).rejects.toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(message) }),
      );
    }

    expect(fetch.calls).toHaveLength(0);
  });

  it('rejects an idempotency key the API would refuse, as the API would, before sending', async () => {
    const fetch = scriptedFetch(() => json({}));
    const transport = transportWith(fetch);
    for (const idempotencyKey of ['', 'x'.repeat(256), 'line\nbreak', 'naïve']) {
      const error = await transport
        .request({ method: 'POST', path: '/threats', body: {} }, { idempotencyKey })
        .catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({
        status: 400,
        code: 'INVALID_REQUEST',
        requestId: undefined,
        details: [
          { field: 'Idempotency-Key', issue: 'Must be 1 to 255 printable ASCII characters' },
        ],
      });
    }

    expect(fetch.calls).toHaveLength(0);
  });

  it('rejects a body that contains itself with a TypeError instead of overflowing the stack', async () => {
    const fetch = scriptedFetch(() => json({}));
    const body: Record<string, unknown> = { ipAddress: '203.0.113.9', tags: [] };
    (body.tags as unknown[]).push({ parent: body });
    await expect(
      transportWith(fetch).request({ method: 'POST', path: '/threats', body }),
    ).rejects.toThrow(
      new TypeError('A value that contains itself (a circular reference) cannot be sent as JSON'),
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it('sends a Date in a query as its ISO string, and refuses other objects', async () => {
    const fetch = scriptedFetch(() => json({ data: [], pagination: { has_more: false } }));
    const transport = transportWith(fetch);
    const from = new Date(Date.UTC(2025, 0, 1));
    await transport.request({
      method: 'GET',
      path: '/threats',
      query: { from: from as unknown as string, severity: ['high'] },
    });
    expect(fetch.calls[0]?.url).toBe(
      'https://api.test/v1/threats?from=2025-01-01T00%3A00%3A00.000Z&severity=high',
    );

    for (const bad of [new Date(Number.NaN), { gte: 5 }]) {
      await expect(
        transport.request({ method: 'GET', path: '/threats', query: { from: bad as never } }),
      ).rejects.toThrow('The `from` parameter must be a string, a number, a boolean, a valid Date');
    }

    expect(fetch.calls).toHaveLength(1);
  });

  it('keeps a shared object that appears twice without being its own ancestor', async () => {
    const fetch = scriptedFetch(() => json({}));
    const shared = { processId: 7 };
    await transportWith(fetch).request({
      method: 'POST',
      path: '/threats',
      body: { first: shared, second: [shared] },
    });
    expect(JSON.parse(fetch.calls[0]?.body ?? '')).toEqual({
      first: { process_id: 7 },
      second: [{ process_id: 7 }],
    });
  });
});

describe('Transport.request withResponse and rateLimit', () => {
  it('returns data, response, requestId and the rate-limit snapshot given a limited plan', async () => {
    const fetch = scriptedFetch(() => json({ ok_flag: true }, 200, RATE_HEADERS));
    const transport = transportWith(fetch);
    const result = await transport.request({ method: 'GET', path: '/x' }).withResponse();
    expect(result.data).toEqual({ okFlag: true });
    expect(result.response.status).toBe(200);
    expect(result.requestId).toBe('req_0123456789ab');
    expect(result.rateLimit).toEqual({
      limit: 50,
      remaining: 49,
      reset: 1736953201,
      burstLimit: 200,
      burstRemaining: 199,
    });
    expect(transport.rateLimit).toEqual(result.rateLimit);
  });

  it('returns rateLimit undefined given a response without the headers', async () => {
    const result = await transportWith(scriptedFetch(() => json({})))
      .request({ method: 'GET', path: '/x' })
      .withResponse();
    expect(result.rateLimit).toBeUndefined();
  });
});

describe('Transport.request retries', () => {
  it('returns the result after retries given 500 then 503 then 200', async () => {
    const fetch = scriptedFetch(
      errorReply(500, 'INTERNAL_ERROR'),
      errorReply(503, 'SERVICE_UNAVAILABLE'),
      () => json({ ok: 1 }),
    );
    await expect(transportWith(fetch).request({ method: 'GET', path: '/x' })).resolves.toEqual({
      ok: 1,
    });
    expect(fetch.calls).toHaveLength(3);
  });

  it('throws the last error after maxRetries + 1 attempts given a persistent 503', async () => {
    const fetch = scriptedFetch(errorReply(503, 'SERVICE_UNAVAILABLE'));
    await expect(
      transportWith(fetch, { maxRetries: 3 }).request({ method: 'GET', path: '/x' }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
    });
    expect(fetch.calls).toHaveLength(4);
  });

  it('returns after one attempt given maxRetries 0 per call', async () => {
    const fetch = scriptedFetch(errorReply(500, 'INTERNAL_ERROR'));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/x' }, { maxRetries: 0 }),
    ).rejects.toThrow();
    expect(fetch.calls).toHaveLength(1);
  });

  it('sends the same Idempotency-Key on every attempt given a POST that fails twice', async () => {
    const fetch = scriptedFetch(
      () => Promise.reject(new TypeError('fetch failed')),
      errorReply(502, 'BAD_GATEWAY'),
      () => json({ id: 'threat_1' }, 201),
    );
    await transportWith(fetch).request({
      method: 'POST',
      path: '/threats',
      body: { ipAddress: '1.2.3.4' },
    });
    const keys = fetch.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it("sends the caller's Idempotency-Key given one in the options", async () => {
    const fetch = scriptedFetch(() => json({}, 201));
    await transportWith(fetch).request(
      { method: 'POST', path: '/x', body: {} },
      { idempotencyKey: 'report-42' },
    );
    expect(fetch.calls[0]?.headers['idempotency-key']).toBe('report-42');
  });

  it.each([
    [400, 'INVALID_REQUEST', InvalidRequestError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'IDEMPOTENCY_KEY_REUSED', ConflictError],
  ] as const)('throws at once without retrying given %i %s', async (status, code, Class) => {
    const fetch = scriptedFetch(errorReply(status, code));
    await expect(
      transportWith(fetch).request({ method: 'POST', path: '/x', body: {} }),
    ).rejects.toBeInstanceOf(Class);
    expect(fetch.calls).toHaveLength(1);
  });

  it('retries given 409 IDEMPOTENCY_KEY_IN_USE', async () => {
    const fetch = scriptedFetch(errorReply(409, 'IDEMPOTENCY_KEY_IN_USE'), () =>
      json({ id: 1 }, 201),
    );
    await expect(
      transportWith(fetch).request({ method: 'POST', path: '/x', body: {} }),
    ).resolves.toEqual({ id: 1 });
    expect(fetch.calls).toHaveLength(2);
  });

  it('waits about a second and succeeds given a 429 with Retry-After: 1', async () => {
    const fetch = scriptedFetch(
      errorReply(
        429,
        'RATE_LIMIT_EXCEEDED',
        { retry_after: 1, limit: 50, reset_at: '2025-01-15T15:00:01Z' },
        { 'retry-after': '1' },
      ),
      () => json({ ok: true }),
    );
    const started = performance.now();
    await expect(transportWith(fetch).request({ method: 'GET', path: '/x' })).resolves.toEqual({
      ok: true,
    });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2000);
    expect(fetch.calls).toHaveLength(2);
  });

  it('throws RateLimitError at once given Retry-After 120 beyond maxRetryAfter', async () => {
    const fetch = scriptedFetch(
      errorReply(
        429,
        'RATE_LIMIT_EXCEEDED',
        { retry_after: 120, limit: 50_000, reset_at: '2025-01-15T16:00:00Z' },
        { 'retry-after': '120' },
      ),
    );
    const started = performance.now();
    const error = await transportWith(fetch)
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      retryAfter: 120,
      limit: 50_000,
      resetAt: '2025-01-15T16:00:00Z',
      status: 429,
    });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('Transport.request aborts and timeouts', () => {
  it('throws UserAbortError and stops retrying given the caller aborts during a backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const controller = new AbortController();
    const fetch = scriptedFetch(errorReply(503, 'SERVICE_UNAVAILABLE'));
    const pending = transportWith(fetch).request(
      { method: 'GET', path: '/x' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(UserAbortError);
    expect(fetch.calls).toHaveLength(1);
  });

  it('throws UserAbortError without a request given an already aborted signal', async () => {
    const fetch = scriptedFetch(() => json({}));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/x' }, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(UserAbortError);
    expect(fetch.calls).toHaveLength(0);
  });

  it('throws TimeoutError with status undefined after every attempt timed out', async () => {
    const hang = (call: { signal: AbortSignal | undefined }) =>
      new Promise<Response>((_resolve, reject) => {
        call.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const fetch = scriptedFetch(hang);
    const error = await transportWith(fetch, { timeout: 30, maxRetries: 1 })
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).status).toBeUndefined();
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('Transport.request validation', () => {
  const response = rCreateOAuthTokenResponse;

  it('returns the camelCased body given a body that matches the shape', async () => {
    const fetch = scriptedFetch(() => json(token));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/x', response }),
    ).resolves.toEqual({
      accessToken: 'at_1',
      tokenType: 'Bearer',
      expiresIn: 3600,
      refreshToken: 'rt_1',
      scope: 'threats:read',
    });
  });

  it('returns unknown fields and enum values camelCased given a tolerant schema check', async () => {
    const fetch = scriptedFetch(() => json({ ...token, token_type: 'MAC', new_field: 2 }));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/x', response }),
    ).resolves.toMatchObject({ tokenType: 'MAC', newField: 2, accessToken: 'at_1' });
  });

  it('throws ResponseValidationError with the path given a wrong type, and not when validation is off', async () => {
    const fetch = scriptedFetch(() => json({ ...token, expires_in: 'x' }));
    await expect(
      transportWith(fetch).request({ method: 'GET', path: '/x', response }),
    ).rejects.toMatchObject({
      constructor: ResponseValidationError,
      message: expect.stringContaining('at expires_in'),
    });
    await expect(
      transportWith(fetch, { validateResponses: false }).request({
        method: 'GET',
        path: '/x',
        response,
      }),
    ).resolves.toMatchObject({ expiresIn: 'x' });
  });
});

describe('Transport.request logging', () => {
  it('logs one redacted debug line per attempt given logLevel debug', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const fetch = scriptedFetch(errorReply(500, 'INTERNAL_ERROR'), () => json({}));
    await transportWith(fetch, { logLevel: 'debug', logger }).request({
      method: 'GET',
      path: '/threats',
    });
    const lines = logger.debug.mock.calls.map((call) => call[0] as string);
    expect(lines[0]).toMatch(
      /^\[cyberfortress\] req_0123456789ab GET \/threats → 500 in \d+ ms \(attempt 1\)$/,
    );
    expect(lines.at(-1)).toMatch(
      /^\[cyberfortress\] req_0123456789ab GET \/threats → 200 in \d+ ms \(attempt 2\)$/,
    );
    expect(JSON.stringify(logger.debug.mock.calls)).not.toContain('cf_test_');
  });
});

describe('Transport.request over a real socket', () => {
  let server: Server;
  let baseURL: string;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = request.url ?? '';
      const count = (hits.get(path) ?? 0) + 1;
      hits.set(path, count);
      if (path === '/v1/reset-once' && count === 1) {
        request.socket.destroy();
        return;
      }

      if (path === '/v1/always-reset') {
        request.socket.destroy();
        return;
      }

      if (path === '/v1/slow') {
        setTimeout(() => response.end('{}'), 300).unref();
        return;
      }

      if (path === '/v1/cut-body' && count === 1) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"partial":');
        setTimeout(() => request.socket.destroy(), 10);
        return;
      }

      response.writeHead(200, {
        'content-type': 'application/json',
        'x-request-id': 'req_aaaaaaaaaaaa',
      });
      response.end(JSON.stringify({ hit_count: count }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the result given a connection reset on the first attempt', async () => {
    const transport = transportWith(globalThis.fetch, { baseURL });
    await expect(transport.request({ method: 'GET', path: '/reset-once' })).resolves.toEqual({
      hitCount: 2,
    });
  });

  it('returns the result given a body cut off on the first attempt', async () => {
    const transport = transportWith(globalThis.fetch, { baseURL });
    await expect(transport.request({ method: 'GET', path: '/cut-body' })).resolves.toEqual({
      hitCount: 2,
    });
  });

  it('throws ConnectionError with the cause after every retry given resets only', async () => {
    const transport = transportWith(globalThis.fetch, { baseURL, maxRetries: 2 });
    const error = await transport
      .request({ method: 'GET', path: '/always-reset' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).cause).toBeDefined();
    expect(hits.get('/v1/always-reset')).toBe(3);
  });

  it('throws TimeoutError given a response slower than the timeout', async () => {
    const transport = transportWith(globalThis.fetch, { baseURL, timeout: 50, maxRetries: 0 });
    const error = await transport
      .request({ method: 'GET', path: '/slow' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('Transport.request error envelopes', () => {
  it('returns the typed error with envelope fields given a 400 with details', async () => {
    const details = [{ field: 'limit', issue: 'Must be between 1 and 100' }];
    const fetch = scriptedFetch(() =>
      json(envelope('INVALID_REQUEST', 'The request parameters are invalid', { details }), 400),
    );
    const error = await transportWith(fetch)
      .request({ method: 'GET', path: '/threats' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      details,
      requestId: 'req_a1b2c3d4e5f6',
    });
    expect((error as InvalidRequestError).request?.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(error)).not.toContain('cf_test_');
  });
});
