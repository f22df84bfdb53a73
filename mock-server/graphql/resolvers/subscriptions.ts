/**
 * Subscriptions: the domain events the stream at `/v1/threats` carries, as async iterators over
 * the backend's event bus (a threat injected through the control API or reported over REST
 * reaches both). Each iterator stops listening when the operation completes or the socket closes.
 */

import type { MockBackend } from '../../domain/backend.js';
import type { DomainEvent } from '../../domain/events.js';
import { requireScope } from '../../http/auth.js';
import { toStreamEvent } from '../../stream/events.js';
import type { GraphqlContext } from '../context.js';
import { metricsBetween } from './monitoring.js';

/** Events queued for a slow subscriber before the oldest are dropped. */
const QUEUE_LIMIT = 1000;

/** Default time between `systemMetrics` pushes. */
export const METRICS_INTERVAL_MS = 5000;

/**
 * An async iterator fed by `start`, which receives a push function and returns its cleanup.
 * The cleanup runs once, on `return()` (completion, unsubscribe or close).
 */
function pushIterator<T>(
  start: (push: (value: T) => void) => () => void,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  const stop = start((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value, done: false });
      return;
    }

    queue.push(value);
    if (queue.length > QUEUE_LIMIT) queue.shift();
  });

  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
    }

    return Promise.resolve({ value: undefined, done: true });
  };

  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Domain events mapped by `select`; events it maps to `undefined` are skipped. */
function domainEvents<T>(
  backend: MockBackend,
  select: (event: DomainEvent) => T | undefined,
): AsyncIterableIterator<T> {
  return pushIterator((push) =>
    backend.events.on((event) => {
      const value = select(event);
      if (value !== undefined) push(value);
    }),
  );
}

/** The id, title and message the stream gives the same alert, so both transports agree. */
function streamBody(event: DomainEvent): Record<string, unknown> {
  return (toStreamEvent(event, undefined)?.body ?? {}) as Record<string, unknown>;
}

const identity = (payload: unknown) => payload;

type Args<T> = T & Record<string, unknown>;

/** `subscribe` and `resolve` of every `Subscription` field. @internal */
export const subscriptionFields = {
  threatDetected: {
    subscribe: (
      _: unknown,
      { severity }: Args<{ severity?: string[] | null }>,
      context: GraphqlContext,
    ) => {
      requireScope(context.principal, 'threats:read');
      const levels = severity && severity.length > 0 ? new Set(severity) : undefined;
      return domainEvents(context.backend, (event) =>
        event.type === 'threat_detected' && (!levels || levels.has(event.threat.threat_level))
          ? event.threat
          : undefined,
      );
    },
    resolve: identity,
  },

  criticalAlert: {
    subscribe: (_: unknown, __: unknown, context: GraphqlContext) => {
      requireScope(context.principal, 'threats:read');
      return domainEvents(context.backend, (event) => {
        if (event.type !== 'critical_alert') return undefined;
        const alert = streamBody(event).alert as { id: string; title: string; message: string };
        return {
          id: alert.id,
          severity: event.alert.threat_level,
          title: alert.title,
          message: alert.message,
          threat: event.threat,
          created_at: event.timestamp,
        };
      });
    },
    resolve: identity,
  },

  cryptoAlert: {
    subscribe: (
      _: unknown,
      { chains }: Args<{ chains?: string[] | null }>,
      context: GraphqlContext,
    ) => {
      requireScope(context.principal, 'blockchain:read');
      const wanted =
        chains && chains.length > 0
          ? new Set(chains.map((chain) => chain.toLowerCase()))
          : undefined;
      return domainEvents(context.backend, (event) => {
        if (event.type !== 'crypto_threat' || (wanted && !wanted.has(event.threat.chain))) {
          return undefined;
        }

        const scan = event.threat;
        const body = streamBody(event).threat as { description: string };
        return {
          id: `calert_${event.timestamp.replace(/\D/g, '')}_${scan.address.slice(-8).toLowerCase()}`,
          chain: scan.chain,
          address: scan.address,
          tx_hash: null,
          risk_score: scan.risk_score,
          risk_level: scan.risk_level,
          flags: scan.flags,
          message: body.description,
          created_at: event.timestamp,
        };
      });
    },
    resolve: identity,
  },

  systemMetrics: {
    subscribe: (_: unknown, __: unknown, context: GraphqlContext) => {
      requireScope(context.principal, 'monitoring:read');
      const { backend } = context;
      return pushIterator((push) => {
        let last = backend.clock.now();
        const timer = setInterval(() => {
          const now = backend.clock.now();
          push(metricsBetween(backend, last, now));
          last = now;
        }, context.metricsIntervalMs ?? METRICS_INTERVAL_MS);
        timer.unref();
        return () => clearInterval(timer);
      });
    },
    resolve: identity,
  },
};
