// Runs one suite against both ways of serving the mock: in-process through msw, and over a
// real port on 127.0.0.1. Every response is recorded for the contract check.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createMockServer, type MockServerOptions } from '../../mock-server/index.js';
import { recordResponse } from './contract.js';

/** The seed every suite starts from unless it asks for another. */
const DEFAULT_SEED = 42;

export interface RequestOptions {
  /** A JSON body (serialised) ; use `raw` for anything else. */
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Bearer token; `null` sends no Authorization header. @default the mock's test API key */
  token?: string | null;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Target {
  name: 'in-process' | 'real port';
  /** Origin requests go to (`https://api.cyberfortress.io` or `http://127.0.0.1:PORT`). */
  origin: string;
  mock: ReturnType<typeof createMockServer>;
  apiKey: string;
  /** A request below `/v1`: `request('GET', '/threats?limit=2')`. */
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
  /** A request to the control API below `/__mock`. */
  control<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
}

async function send(
  origin: string,
  method: string,
  path: string,
  token: string | null,
  options: RequestOptions,
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }

  const url = origin + path;
  const response = await fetch(url, { method, headers, body });
  await recordResponse(method, url, response);
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('json')
    ? await response.json()
    : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: parsed };
}

function makeTarget(name: Target['name'], origin: string, mock: Target['mock']): Target {
  const apiKey = mock.credentials.apiKey;
  return {
    name,
    origin,
    mock,
    apiKey,
    request: (method, path, options = {}) =>
      send(
        origin,
        method,
        `/v1${path}`,
        options.token === undefined ? apiKey : options.token,
        options,
      ),
    control: (method, path, body) => send(origin, method, `/__mock${path}`, null, { body }),
  };
}

/**
 * `describe`s the suite once per target. The callback gets a getter, since the target exists
 * only once the suite's `beforeAll` has started it. The mock is reset before every test.
 */
export function describeEachTarget(
  title: string,
  suite: (target: () => Target) => void,
  options: MockServerOptions = {},
): void {
  describe(`${title} (in-process)`, () => {
    let target: Target;
    const mock = createMockServer({ frozenClock: true, ...options });
    const server = setupServer(...mock.mswHandlers('https://api.cyberfortress.io'));
    beforeAll(() => {
      server.listen({ onUnhandledRequest: 'bypass' });
      target = makeTarget('in-process', 'https://api.cyberfortress.io', mock);
    });
    afterAll(() => server.close());
    beforeEach(() => resetMock(mock, options.seed ?? DEFAULT_SEED));
    suite(() => target);
  });

  describe(`${title} (real port)`, () => {
    let target: Target;
    const mock = createMockServer({ frozenClock: true, ...options });
    let close: () => Promise<void> = async () => {};
    beforeAll(async () => {
      const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
      close = listening.close;
      target = makeTarget('real port', listening.url.replace(/\/$/, ''), mock);
    });
    afterAll(() => close());
    beforeEach(() => resetMock(mock, options.seed ?? DEFAULT_SEED));
    suite(() => target);
  });
}

function resetMock(mock: Target['mock'], seed: number): void {
  // The seed is given each time, since a reset without one keeps the last seed used.
  mock.reset(seed);
  // The mock's reset keeps the clock where it is; each test starts at the clock's start.
  mock.backend.clock.set(mock.backend.clock.start);
}
