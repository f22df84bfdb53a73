/**
 * One mock instance over a backend and a route table: the in-process handler, real ports, reset
 * and the test credentials. The msw adapter sits on top (mock-server/index.ts) so that the CLI
 * never loads msw, which would add most of its start-up time.
 */

import type { MockBackend } from '../domain/backend.js';
import { fromFetchRequest, toFetchResponse } from './exchange.js';
import { IN_PROCESS_CLIENT_IP } from './constants.js';
import {
  createNodeServer,
  startNodeServer,
  type ListeningServer,
  type NodeListenOptions,
} from './node.js';
import { withCors } from './cors.js';
import { createPipeline } from './pipeline.js';
import type { PlanName } from './plans.js';
import { createMockState, resetMockState, type MockState, type MockStateOptions } from './state.js';
import type { RouteDefinition } from './types.js';
import { dispatchUpgrades, type UpgradeHandler, type UpgradeTransport } from './upgrade.js';

/** The credentials a fresh mock accepts, as the CLI prints them. */
export interface MockCredentials {
  /** An API key with every scope. */
  apiKey: string;
  /** An OAuth client allowed every scope, for the `client_credentials` grant. */
  oauth: {
    /** The OAuth client id the mock accepts. */
    clientId: string;
    /** That client's secret. */
    clientSecret: string;
  };
  /** The plan whose rate limits apply. */
  plan: PlanName;
}

/**
 * One mock instance: answers requests in-process, serves them on ports, resets, and tells its
 * test credentials. `createMockServer` returns one, with msw handlers and WebSocket transports.
 */
export interface MockRuntime {
  /** The in-memory backend, for tests that arrange data directly. */
  backend: MockBackend;
  /** @internal the pipeline's state, for the adapters in this package */
  state: MockState;
  /**
   * Answers one Fetch request in-process, exactly as a port would.
   * @param info the caller's address for IP whitelists @default { clientIp: '127.0.0.1' }
   */
  handle(request: Request, info?: { clientIp: string }): Promise<Response>;
  /** Serves the mock on a real port; every port shares this instance's state. */
  listen(options?: NodeListenOptions): Promise<ListeningServer>;
  /**
   * Adds a WebSocket transport (the stream, GraphQL subscriptions) to every port this instance
   * listens on from now on.
   */
  useUpgrade(transport: UpgradeTransport): void;
  /** Back to the seed (or a new one): data, clock-independent limits, idempotency store, counters. */
  reset(seed?: number): void;
  /** The test API key and OAuth client, read fresh (a reset with a new seed may change them). */
  readonly credentials: MockCredentials;
}

export function createMockRuntime(
  backend: MockBackend,
  routes: readonly RouteDefinition[],
  options: MockStateOptions = {},
): MockRuntime {
  const state = createMockState(backend, routes, options);
  // Every answer, on a port or in-process, is readable by browser pages of any origin.
  const pipeline = withCors(createPipeline(state));
  const transports: UpgradeTransport[] = [];
  return {
    backend,
    state,
    handle: async (request, info = { clientIp: IN_PROCESS_CLIENT_IP }) =>
      toFetchResponse(await pipeline(await fromFetchRequest(request, info.clientIp))),
    listen: async (listenOptions = {}) => {
      let origin = 'http://127.0.0.1';
      const server = createNodeServer(pipeline, state.log, () => origin);
      // Each WebSocket transport serves its path on this port and closes with it.
      const attached = transports.map((transport) => ({
        path: transport.path,
        ...transport.attach({ backend, state }),
      }));
      if (attached.length > 0) {
        const handlers = new Map<string, UpgradeHandler>(attached.map((a) => [a.path, a.handle]));
        server.on('upgrade', dispatchUpgrades(handlers));
      }

      const listening = await startNodeServer(server, listenOptions);
      origin = listening.url;
      const closeHttp = listening.close;
      return {
        ...listening,
        close: async () => {
          await Promise.all(attached.map((a) => a.close()));
          await closeHttp();
        },
      };
    },
    useUpgrade: (transport) => {
      transports.push(transport);
    },
    reset: (seed) => resetMockState(state, seed),
    get credentials() {
      const credentials = backend.credentials.testCredentials();
      return { apiKey: credentials.apiKey, oauth: { ...credentials.oauth }, plan: state.plan.name };
    },
  };
}
