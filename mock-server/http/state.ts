/**
 * Everything one mock instance keeps between requests. The in-process handler and every port it
 * listens on share one state, so a test can mix both and see one backend.
 */

import type { MockBackend } from '../domain/backend.js';
import { Counters } from './counters.js';
import { IdempotencyStore } from './idempotency.js';
import { createLogger, type LogLevel, type LogSink, type MockLogger } from './log.js';
import { resolvePlan, type Plan, type PlanName } from './plans.js';
import { RateLimiter } from './rate-limit.js';
import type { RouteDefinition } from './types.js';

export interface MockState {
  backend: MockBackend;
  /** The route table served under `/v1`. */
  routes: readonly RouteDefinition[];
  plan: Plan;
  /** Keys added with every scope (`--api-key`), added again after each reset. */
  apiKeys: readonly string[];
  limiter: RateLimiter;
  idempotency: IdempotencyStore;
  counters: Counters;
  log: MockLogger;
}

export interface MockStateOptions {
  /** @default 'professional' */
  plan?: PlanName;
  /** Extra API keys accepted with every scope. @default [] */
  apiKeys?: readonly string[];
  /** @default 'warn' */
  logLevel?: LogLevel;
  /** Where log lines go. @default console */
  logSink?: LogSink;
}

/** Wires a backend and a route table into the state the pipeline runs on. */
export function createMockState(
  backend: MockBackend,
  routes: readonly RouteDefinition[],
  { plan = 'professional', apiKeys = [], logLevel = 'warn', logSink }: MockStateOptions = {},
): MockState {
  const resolved = resolvePlan(plan);
  const now = () => backend.clock.now();
  for (const key of apiKeys) backend.credentials.addApiKey(key);
  return {
    backend,
    routes,
    plan: resolved,
    apiKeys: [...apiKeys],
    limiter: new RateLimiter(resolved.limits, now),
    idempotency: new IdempotencyStore(now),
    counters: new Counters(),
    log: createLogger(logLevel, logSink),
  };
}

/** Back to the seed: backend data, rate-limit buckets, stored idempotent responses and counters. */
export function resetMockState(state: MockState, seed?: number): void {
  state.backend.reset(seed);
  for (const key of state.apiKeys) state.backend.credentials.addApiKey(key);
  state.limiter.reset();
  state.idempotency.reset();
  state.counters.reset();
}
