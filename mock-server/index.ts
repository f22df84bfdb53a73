/**
 * `@cyberfortress/sdk/mock`: the bundled mock backend, the whole REST API in memory,
 * deterministic from a seed, served in-process through msw or on a real port (where the
 * WebSocket stream and GraphQL subscriptions run too).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createMockServer } from '@cyberfortress/sdk/mock';
 *
 * const mock = createMockServer({ seed: 42, frozenClock: true });
 * const server = setupServer(...mock.mswHandlers());
 * server.listen();
 *
 * // or on a port:
 * const { url, close } = await mock.listen({ port: 0 });
 * @module
 */

import type { HttpHandler } from 'msw';
import { MockBackend } from './domain/backend.js';
import {
  createGraphqlTransport,
  type GraphqlTransport,
  type GraphqlTransportOptions,
} from './graphql/ws.js';
import type { LogLevel } from './http/log.js';
import { createMswHandlers, type MswHandlerOptions } from './http/msw.js';
import type { PlanName } from './http/plans.js';
import { routes } from './http/routes/index.js';
import { createMockRuntime, type MockRuntime } from './http/runtime.js';
import type { SimulatorOptions } from './stream/simulator.js';
import {
  createStreamTransport,
  type StreamTransport,
  type StreamTransportOptions,
} from './stream/transport.js';

/**
 * What `createMockServer` takes; every field is optional.
 *
 * @example
 * const mock = createMockServer({ seed: 7, plan: 'personal', frozenClock: true });
 */
export interface MockServerOptions {
  /** Fixes the dataset: the same seed gives the same threats, ids and verdicts. @default 42 */
  seed?: number;
  /** The plan whose rate limits apply; `custom` is unlimited. @default 'professional' */
  plan?: PlanName;
  /** Extra API keys to accept, each with every scope. @default [] */
  apiKeys?: string[];
  /** Where the mock clock starts (RFC 3339 or epoch ms). @default '2025-01-15T15:00:00Z' */
  clockStart?: string | number;
  /** Stop the clock at its start; move it with `backend.clock` or `POST /__mock/clock`. @default false */
  frozenClock?: boolean;
  /** `debug` logs one line per request (never credentials). @default 'warn' */
  logLevel?: LogLevel;
  /**
   * The threat simulator behind the stream: seeded random threats injected at this rate while
   * a port listens. Off by default, so that a mock changes nothing by itself.
   * @default { eventsPerSecond: 0 }
   */
  simulator?: SimulatorOptions;
  /** Timings and limits of the stream at `/v1/threats` (tests shorten them). @default the AsyncAPI document's */
  stream?: Omit<StreamTransportOptions, 'simulator'>;
  /** Timings of graphql-ws at `/graphql` (tests shorten them). @default see `GraphqlTransportOptions` */
  graphql?: GraphqlTransportOptions;
}

/**
 * A mock backend: in-process (`handle`, `mswHandlers`) or on real ports (`listen`), with the
 * WebSocket stream and GraphQL subscriptions on every port.
 */
export interface MockServer extends MockRuntime {
  /**
   * msw handlers for `setupServer` or `setupWorker`: one catch-all handler for `/v1/*`,
   * `/__mock/*` and `/graphql` (HTTP only; subscriptions need a port) on each origin given.
   * @param baseUrl an origin or several (production and staging) @default 'https://api.cyberfortress.io'
   */
  mswHandlers(baseUrl?: MswHandlerOptions['baseUrl']): HttpHandler[];
  /** The WebSocket stream at `/v1/threats` on every port: its figures and test hooks. */
  stream: StreamTransport;
  /** GraphQL subscriptions (graphql-ws) at `/graphql` on every port: their figures. */
  graphql: GraphqlTransport;
}

/** Creates a mock backend instance; nothing listens until `listen()` or msw's `setupServer`. */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const { seed, plan, apiKeys, clockStart, frozenClock, logLevel } = options;
  const backend = new MockBackend({ seed, clockStart, frozenClock });
  const runtime = createMockRuntime(backend, routes, { plan, apiKeys, logLevel });
  const stream = createStreamTransport({ ...options.stream, simulator: options.simulator });
  runtime.useUpgrade(stream);
  const graphql = createGraphqlTransport(options.graphql);
  runtime.useUpgrade(graphql);
  return Object.defineProperties(
    {
      ...runtime,
      stream,
      graphql,
      mswHandlers: (baseUrl?: MswHandlerOptions['baseUrl']) =>
        createMswHandlers(runtime.handle, { baseUrl }),
    },
    // Spreading would freeze the getter's first value; keep the credentials live.
    { credentials: { get: () => runtime.credentials, enumerable: true } },
  );
}

/* Building blocks */
export { MockBackend } from './domain/backend.js';
export { ApiError, isApiError, type ErrorCode, type ErrorDetail } from './http/errors.js';
export { createMswHandlers, type MswHandlerOptions } from './http/msw.js';
export { DEFAULT_BASE_URL } from './http/constants.js';
export {
  createStreamTransport,
  STREAM_PATH,
  type StreamStats,
  type StreamTransport,
  type StreamTransportOptions,
} from './stream/transport.js';
export type { SimulatorOptions } from './stream/simulator.js';
export { GRAPHQL_PATH } from './graphql/path.js';
export {
  createGraphqlTransport,
  type GraphqlStats,
  type GraphqlTransport,
  type GraphqlTransportOptions,
} from './graphql/ws.js';

/* Types */
export type { LogLevel } from './http/log.js';
export type { PlanName } from './http/plans.js';
export type { MockCredentials, MockRuntime } from './http/runtime.js';
export type { ListeningServer, NodeListenOptions } from './http/node.js';
export type { CountersSnapshot } from './http/counters.js';
export type {
  HandlerResult,
  HttpMethod,
  Principal,
  RequestContext,
  RouteDefinition,
} from './http/types.js';
export type { Clock, ClockSnapshot } from './domain/clock.js';
export type { MockBackendOptions } from './domain/backend.js';
export type { TestCredentials } from './domain/credentials.js';
export type { BlockQuery } from './domain/network.js';
export type { InjectThreatInput } from './domain/threat-injection.js';
export type { ThreatQuery } from './domain/threat-query.js';
export type { DeliveryOptions } from './webhooks/dispatcher.js';
export type { ApiErrorOptions } from './http/errors.js';
export type { UpgradeTransport } from './http/upgrade.js';
