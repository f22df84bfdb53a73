/**
 * `@cyberfortress/sdk/mock/msw`: the mock's REST and control API as msw handlers, for
 * `setupServer` in tests and `setupWorker` in a browser (a dashboard's development build,
 * Storybook), without the port-bound parts of `@cyberfortress/sdk/mock`: no `node:http`
 * listener and no WebSocket server, so no stream and no GraphQL subscriptions. The same route
 * table and pipeline answer as on a port.
 *
 * The mock's domain uses `node:crypto` and `Buffer`; the browser build of this entry (the
 * `browser` condition) resolves them to small stand-ins (mock-server/browser/).
 *
 * @example
 * import { setupWorker } from 'msw/browser';
 * import { createMockHandlers } from '@cyberfortress/sdk/mock/msw';
 *
 * const mock = createMockHandlers({ baseUrl: 'https://api.cyberfortress.io' });
 * await setupWorker(...mock.handlers).start();
 * const client = new CyberFortress({ apiKey: mock.credentials.apiKey });
 * @see https://docs.cyberfortress.io/sdks/node#mock-server
 * @module
 */

import type { HttpHandler } from 'msw';
import { MockBackend } from './domain/backend.js';
import { withCors } from './http/cors.js';
import { fromFetchRequest, toFetchResponse } from './http/exchange.js';
import type { LogLevel } from './http/log.js';
import { createMswHandlers } from './http/msw.js';
import { createPipeline } from './http/pipeline.js';
import type { PlanName } from './http/plans.js';
import { routes } from './http/routes/index.js';
import { createMockState, resetMockState } from './http/state.js';

/**
 * What `createMockHandlers` takes: the mock's own options and the origins to intercept.
 *
 * @category Mock
 */
export interface MockHandlersOptions {
  /** Fixes the dataset: the same seed gives the same threats, ids and verdicts. @default 42 */
  seed?: number;
  /** The plan whose rate limits apply; `custom` is unlimited. @default 'professional' */
  plan?: PlanName;
  /** Extra API keys to accept, each with every scope. @default [] */
  apiKeys?: string[];
  /** Where the mock clock starts (RFC 3339 or epoch ms). @default '2025-01-15T15:00:00Z' */
  clockStart?: string | number;
  /** Stop the clock at its start. @default false */
  frozenClock?: boolean;
  /** `debug` logs one line per request (never credentials). @default 'warn' */
  logLevel?: LogLevel;
  /**
   * Origin or origins to intercept; pass several to serve production and staging from one mock.
   * @default 'https://api.cyberfortress.io'
   */
  baseUrl?: string | readonly string[];
}

/**
 * A mock backend served by msw handlers.
 *
 * @category Mock
 */
export interface MockHandlers {
  /** Spread into `setupServer(...)` or `setupWorker(...)`. */
  handlers: HttpHandler[];
  /** The in-memory backend, for tests that arrange data directly. */
  backend: MockBackend;
  /** The test API key and OAuth client, read fresh (a reset with a new seed may change them). */
  readonly credentials: {
    /** An API key with every scope. */
    apiKey: string;
    /** An OAuth client allowed every scope, for the `client_credentials` grant. */
    oauth: {
      /** The OAuth client id the mock accepts. */
      clientId: string;
      /** That client's secret. */
      clientSecret: string;
    };
  };
  /** Back to the seed (or a new one): data, rate limits, idempotency store, counters. */
  reset(seed?: number): void;
}

/**
 * Creates a mock backend and the msw handlers that serve it.
 *
 * @example
 * const mock = createMockHandlers();
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * @category Mock
 */
export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const { seed, plan, apiKeys, clockStart, frozenClock, logLevel, baseUrl } = options;
  const backend = new MockBackend({ seed, clockStart, frozenClock });
  const state = createMockState(backend, routes, { plan, apiKeys, logLevel });
  const pipeline = withCors(createPipeline(state));
  const handle = async (request: Request, info: { clientIp: string }) =>
    toFetchResponse(await pipeline(await fromFetchRequest(request, info.clientIp)));
  return {
    handlers: createMswHandlers(handle, { baseUrl }),
    backend,
    get credentials() {
      const credentials = backend.credentials.testCredentials();
      return { apiKey: credentials.apiKey, oauth: { ...credentials.oauth } };
    },
    reset: (newSeed) => resetMockState(state, newSeed),
  };
}
