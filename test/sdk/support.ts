// Runs an SDK suite against both ways of serving the mock: in-process through msw (the client
// keeps its default production base URL) and over a real port on 127.0.0.1 (base URL `${url}/v1`).
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import {
  createMockServer,
  type CountersSnapshot,
  type MockServer,
  type MockServerOptions,
} from '../../mock-server/index.js';
import { CyberFortress } from '../../src/index.js';
import type { ClientOptions } from '../../src/core/options.js';

/** The seeded dataset's size (the reference's `pagination.total`). */
export const SEEDED_THREATS = 1247;

/** The production origin the in-process mock answers for. */
export const PRODUCTION_ORIGIN = 'https://api.cyberfortress.io';

type SetupServerApi = ReturnType<typeof setupServer>;

export interface SdkTarget {
  name: 'in-process' | 'real port';
  mock: MockServer;
  /** The msw server of the in-process target (for `server.use(...)`); undefined on a port. */
  server: SetupServerApi | undefined;
  /** The base URL a client must be given; undefined in-process (the default one is served). */
  baseURL: string | undefined;
  /** A client for this target, with the mock's test key unless the options say otherwise. */
  client(options?: ClientOptions): CyberFortress;
  /** What reached the mock so far (since the last reset). */
  counters(): CountersSnapshot;
}

/** Defaults for SDK suites: a frozen clock and no rate limits unless a suite asks for them. */
const SUITE_DEFAULTS: MockServerOptions = { plan: 'custom', frozenClock: true, logLevel: 'error' };

function makeTarget(
  name: SdkTarget['name'],
  mock: MockServer,
  server: SetupServerApi | undefined,
  baseURL: string | undefined,
): SdkTarget {
  return {
    name,
    mock,
    server,
    baseURL,
    client: (options = {}) =>
      new CyberFortress({
        apiKey: options.accessToken || options.oauth ? undefined : mock.credentials.apiKey,
        ...(baseURL ? { baseURL } : {}),
        ...options,
      }),
    counters: () => mock.state.counters.snapshot(),
  };
}

/**
 * `describe`s the suite once per target. The callback gets a getter, since the target exists
 * only once the suite's `beforeAll` has started it. The mock is reset before every test.
 */
export function describeEachTarget(
  title: string,
  suite: (target: () => SdkTarget, name: SdkTarget['name']) => void,
  options: MockServerOptions = {},
): void {
  describe(`${title} (in-process)`, () => {
    let target: SdkTarget;
    beforeAll(() => {
      const mock = createMockServer({ ...SUITE_DEFAULTS, ...options });
      const server = setupServer(...mock.mswHandlers(PRODUCTION_ORIGIN));
      server.listen({ onUnhandledRequest: 'error' });
      target = makeTarget('in-process', mock, server, undefined);
    });
    afterAll(() => target.server?.close());
    beforeEach(() => {
      target.server?.resetHandlers();
      target.mock.reset();
    });
    suite(() => target, 'in-process');
  });

  describe(`${title} (real port)`, () => {
    let target: SdkTarget;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const mock = createMockServer({ ...SUITE_DEFAULTS, ...options });
      const listening = await mock.listen({ port: 0 });
      close = listening.close;
      target = makeTarget('real port', mock, undefined, `${listening.url}/v1`);
    });
    afterAll(() => close());
    beforeEach(() => target.mock.reset());
    suite(() => target, 'real port');
  });
}
