/**
 * What every resolver sees: the backend, the caller and a few per-operation caches. Built once
 * per HTTP request or per graphql-ws operation.
 */

import type { MockBackend } from '../domain/backend.js';
import { requireScope } from '../http/auth.js';
import type { Counters } from '../http/counters.js';
import type { Principal } from '../http/types.js';
import type { ThreatDetail } from '../domain/wire.js';

/** The execution context of one GraphQL operation. @internal */
export interface GraphqlContext {
  backend: MockBackend;
  principal: Principal;
  /** Origin the client used, for the absolute `downloadUrl` of evidence. */
  origin: string;
  /** Effect counters shared with REST (`blocks_created`...); absent over graphql-ws. */
  counters?: Counters;
  /** Threat details loaded during this operation, so several detail fields load one copy. */
  details: Map<string, ThreatDetail>;
  /** Time between `systemMetrics` pushes (graphql-ws only). @default 5000 */
  metricsIntervalMs?: number;
}

/** Creates the context of one operation. @internal */
export function createContext(
  backend: MockBackend,
  principal: Principal,
  origin: string,
  counters?: Counters,
): GraphqlContext {
  return { backend, principal, origin, counters, details: new Map() };
}

/**
 * Wraps a root field's resolver with the scope its REST twin needs (`x-required-scope` in
 * openapi/cyberfortress.yaml), so a missing scope fails that field alone with FORBIDDEN.
 * @internal
 */
export function scoped<A, R>(
  scope: string,
  resolve: (args: A, context: GraphqlContext) => R,
): (source: unknown, args: A, context: GraphqlContext) => R {
  return (_source, args, context) => {
    requireScope(context.principal, scope);
    return resolve(args, context);
  };
}
