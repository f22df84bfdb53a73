/**
 * Subscriptions over graphql-ws: one lazy socket per client, opened by the first subscription
 * and closed when the last one ends. Every (re)connect asks the client's credentials for a
 * fresh `Authorization`, so an OAuth token refreshed for REST is the one the socket presents.
 * Loaded on the first `client.graphql.subscribe()`, with graphql-ws and isows.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import { print } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { WebSocket as IsoWebSocket } from 'isows';
import type { Credentials } from '../core/auth.js';
import { CyberFortressError } from '../core/errors.js';
import { randomisedExponentialBackoff, sleep } from '../core/retry.js';
import type { WebSocketConstructor } from '../stream/options.js';
import type { AnyDocument } from './client.js';
import { GraphQLSubscriptionError, type GraphQLErrorEntry } from './errors.js';
import type { GraphQLOptions } from './options.js';
import type { SubscriptionSink } from './types.js';

/** The codes of the closes that carry one. */
const CODE_BY_CLOSE: Record<number, string | undefined> = {
  4401: 'UNAUTHORIZED',
  4403: 'FORBIDDEN',
  4429: 'RATE_LIMIT_EXCEEDED',
};

/** What the subscription client needs from the GraphQL facade. @internal */
export interface SubscriptionContext {
  url: string;
  credentials: Credentials;
  WebSocket: WebSocketConstructor | undefined;
  options: GraphQLOptions;
}

/**
 * The graphql-ws client of one SDK client.
 *
 * @internal made by `client.graphql` on first use
 */
export class SubscriptionClient {
  readonly #credentials: Credentials;
  readonly #client: Client;
  /** The `Authorization` the current socket presented, to invalidate after a 4401. */
  #authorization: string | undefined;
  /** Connections acknowledged so far: a 4401 after a new one may be answered with a new token. */
  #connections = 0;

  constructor(context: SubscriptionContext) {
    const {
      retryAttempts = 5,
      retryWait = randomisedExponentialBackoff,
      shouldRetry = retryUnlessForbidden,
      lazyCloseTimeout = 0,
      connectTimeout = 10_000,
    } = context.options;
    this.#credentials = context.credentials;

    this.#client = createClient({
      url: context.url,
      webSocketImpl: context.WebSocket ?? IsoWebSocket,
      lazy: true,
      lazyCloseTimeout,
      connectionAckWaitTimeout: connectTimeout,
      retryAttempts,
      retryWait: (retries) => sleep(retryWait(retries + 1)),
      shouldRetry,
      // Called before every (re)connect: a fresh credential each time, from the shared cache.
      connectionParams: async () => {
        const pending = this.#credentials.authorization();
        const authorization = typeof pending === 'string' ? pending : await pending;
        this.#authorization = authorization;
        return { authorization };
      },
      on: {
        connected: () => {
          this.#connections += 1;
        },
      },
    });
  }

  /** Starts one subscription; the returned function ends it (and closes an idle socket). */
  subscribe<TData>(
    document: AnyDocument,
    variables: object | undefined,
    sink: SubscriptionSink<TData>,
  ): () => void {
    const query = typeof document === 'string' ? document : print(document);
    const payload = { query, variables: variables as Record<string, unknown> | undefined };
    // The connection count when this subscription last replaced a refused token: a token refused
    // again before any connection succeeded ends it, rather than asking for tokens in a loop.
    let refreshedAt = -1;
    let ended = false;
    let unsubscribe = (): void => undefined;

    const end = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      unsubscribe();
      if (error === undefined) sink.complete?.();
      else sink.error?.(error);
    };

    const start = (): void => {
      unsubscribe = this.#client.subscribe<TData>(payload, {
        next: (result: ExecutionResult<TData>) => {
          if (ended) return;
          if (result.errors?.length) {
            end(resultError(result));
            return;
          }

          sink.next(result.data as TData);
        },
        error: (error: unknown) => {
          // graphql-ws gives up on 4401; an OAuth token the server refused is replaced.
          if (
            refreshedAt !== this.#connections &&
            closeCodeOf(error) === 4401 &&
            this.#authorization !== undefined &&
            this.#credentials.invalidate(this.#authorization)
          ) {
            refreshedAt = this.#connections;
            start();
            return;
          }

          end(toError(error));
        },
        complete: () => end(),
      });
    };

    start();
    return () => {
      if (ended) return;
      ended = true;
      unsubscribe();
    };
  }

  /** Closes the socket and ends every subscription. */
  async close(): Promise<void> {
    await this.#client.dispose();
  }
}

/** The default `shouldRetry`: any close but 4403; other failures (the credential could not be had) do not. */
function retryUnlessForbidden(errorOrCloseEvent: unknown): boolean {
  const code = closeCodeOf(errorOrCloseEvent);
  return code !== undefined && code !== 4403;
}

function closeCodeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!('code' in value) || !('reason' in value)) return undefined;
  return typeof value.code === 'number' ? value.code : undefined;
}

function resultError(result: ExecutionResult<unknown>): GraphQLSubscriptionError {
  const errors = result.errors as unknown as GraphQLErrorEntry[];
  const first = errors[0];
  return new GraphQLSubscriptionError(first?.message ?? 'The subscription failed', {
    code: first?.extensions?.code,
    errors,
    data: result.data ?? undefined,
  });
}

/** A close, a list of GraphQL errors (the server's `error` message) or a thrown error, as our error. */
function toError(error: unknown): unknown {
  const closeCode = closeCodeOf(error);
  if (closeCode !== undefined) {
    const reason = String((error as { reason: unknown }).reason ?? '');
    return new GraphQLSubscriptionError(
      `The GraphQL socket closed with ${closeCode}${reason ? `: ${reason}` : ''}`,
      { code: CODE_BY_CLOSE[closeCode], closeCode, closeReason: reason, cause: error },
    );
  }

  if (Array.isArray(error)) {
    const errors = error as GraphQLErrorEntry[];
    return new GraphQLSubscriptionError(errors[0]?.message ?? 'The subscription failed', {
      code: errors[0]?.extensions?.code,
      errors,
    });
  }

  if (error instanceof CyberFortressError) return error;
  return new GraphQLSubscriptionError(
    `The GraphQL subscription failed: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
