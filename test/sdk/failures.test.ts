// Failures that the mock does not produce on its own, injected by msw handlers placed in front of
// the in-process mock: each must surface as its own error class, or be retried as promised.
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import {
  ConnectionError,
  CyberFortress,
  InternalError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UserAbortError,
} from '../../src/index.js';
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

function client(options: ConstructorParameters<typeof CyberFortress>[0] = {}): CyberFortress {
  return new CyberFortress({ apiKey: mock.credentials.apiKey, ...options });
}

/** Answers the first `times` requests to GET /threats with `answer`, then lets them through. */
function failFirst(
  times: number,
  answer: () => Response | Promise<Response>,
): { attempts: number[] } {
  const seen = { attempts: [] as number[] };
  server.use(
    http.get(THREATS_URL, () => {
      seen.attempts.push(performance.now());
      return seen.attempts.length <= times ? answer() : undefined;
    }),
  );
  return seen;
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, request_id: 'req_0123456789ab', ...extra } };
}

describe('retries', () => {
  it('returns the page after two retries given two connection resets', async () => {
    const seen = failFirst(2, () => HttpResponse.error());
    const page = await client().threats.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(seen.attempts).toHaveLength(3);
  });

  it('returns the page after a retry given one 500', async () => {
    const seen = failFirst(1, () =>
      HttpResponse.json(errorBody('INTERNAL_ERROR', 'Boom'), { status: 500 }),
    );
    expect((await client().threats.list({ limit: 2 })).data).toHaveLength(2);
    expect(seen.attempts).toHaveLength(2);
  });

  it('throws InternalError after maxRetries + 1 attempts given a 500 every time', async () => {
    const seen = failFirst(10, () =>
      HttpResponse.json(errorBody('INTERNAL_ERROR', 'Boom'), { status: 500 }),
    );
    await expect(client({ maxRetries: 1 }).threats.list()).rejects.toBeInstanceOf(InternalError);
    expect(seen.attempts).toHaveLength(2);
  });

  it('waits as long as Retry-After says given a 429 with Retry-After 1', async () => {
    const seen = failFirst(1, () =>
      HttpResponse.json(
        errorBody('RATE_LIMIT_EXCEEDED', 'API rate limit exceeded', { retry_after: 1, limit: 50 }),
        {
          status: 429,
          headers: { 'Retry-After': '1' },
        },
      ),
    );
    expect((await client().threats.list({ limit: 1 })).data).toHaveLength(1);
    expect(seen.attempts).toHaveLength(2);
    const waited = seen.attempts[1]! - seen.attempts[0]!;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
  });

  it('throws at once given a Retry-After beyond maxRetryAfter', async () => {
    const seen = failFirst(1, () =>
      HttpResponse.json(
        errorBody('RATE_LIMIT_EXCEEDED', 'API rate limit exceeded', { retry_after: 3600 }),
        {
          status: 429,
          headers: { 'Retry-After': '3600' },
        },
      ),
    );
    const started = performance.now();
    const error = await client()
      .threats.list()
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfter: 3600 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen.attempts).toHaveLength(1);
  });
});

describe('client-side failures', () => {
  it('throws TimeoutError without a status given a response slower than the timeout', async () => {
    failFirst(10, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const error = await client({ timeout: 50, maxRetries: 0 })
      .threats.list()
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).status).toBeUndefined();
  });

  it('throws UserAbortError given an aborted signal', async () => {
    failFirst(10, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(client().threats.list({}, { signal: controller.signal })).rejects.toBeInstanceOf(
      UserAbortError,
    );
  });

  it('throws ConnectionError given nothing listening at the base URL', async () => {
    const closed = client({ baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 });
    server.use(http.all('http://127.0.0.1:9/*', () => HttpResponse.error()));
    await expect(closed.monitoring.status()).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('response validation', () => {
  async function listWith(mutate: (body: { data: Record<string, unknown>[] }) => void) {
    const upstream = await mock.handle(
      new Request(`${THREATS_URL}?limit=2`, {
        headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
      }),
    );
    const body = (await upstream.json()) as { data: Record<string, unknown>[] };
    mutate(body);
    server.use(http.get(THREATS_URL, () => HttpResponse.json(body)));
    return client().threats.list({ limit: 2 });
  }

  it('throws ResponseValidationError with the path given a wrongly typed field', async () => {
    const error = await listWith((body) => {
      body.data[1]!.threat_score = 'high';
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toEqual(['data', 1, 'threat_score']);
  });

  it('keeps unknown fields and unknown enum values given a newer API', async () => {
    const page = await listWith((body) => {
      body.data[0]!.threat_vector = 'supply_chain';
      body.data[0]!.threat_level = 'EXTREME';
    });
    expect(page.data[0]).toMatchObject({ threatVector: 'supply_chain', threatLevel: 'EXTREME' });
  });
});
