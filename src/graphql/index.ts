/**
 * `client.graphql`: typed GraphQL queries, mutations and subscriptions. This module is small on
 * purpose: `graphql`, graphql-request and graphql-ws load on the first call that needs them
 * (bundlers put them in chunks of their own), so a program that only uses REST never loads them.
 *
 * GraphQL results keep GraphQL's names: fields are camelCase, as over REST, but enum values stay
 * GraphQL's UPPER_CASE (`threatLevel: 'CRITICAL'`, where REST says `'critical'`).
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import { APIPromise, type WithResponse } from '../core/api-promise.js';
import type { Transport } from '../core/transport.js';
import type { AnyDocument, GraphQLClient } from './client.js';
import { SubscriptionIterator, type GraphQLSubscription } from './iterator.js';
import type { SubscriptionClient } from './subscriptions.js';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import type {
  AnyTypedDocument,
  GraphQLRequestOptions,
  GraphQLRequestArgs,
  SinkVariables,
  GraphQLSubscribeArgs,
  SubscriptionSink,
} from './types.js';

/**
 * GraphQL over the client's credentials and settings: `request` for queries and mutations
 * (over HTTP, through the same pipeline as REST: retries, rate limits, typed errors) and
 * `subscribe` for live events (over graphql-ws, on one socket opened by the first subscription
 * and closed after the last).
 *
 * @example
 * import CyberFortress, { GetHighRiskThreatsDocument } from '@cyberfortress/sdk';
 *
 * const client = new CyberFortress({ apiKey: process.env.CYBERFORTRESS_API_KEY });
 * const { threats } = await client.graphql.request(GetHighRiskThreatsDocument);
 * for (const { node } of threats.edges) console.log(node.ipAddress, node.threatScore);
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @category GraphQL
 */
export class GraphQL {
  readonly #transport: Transport;
  #client: Promise<GraphQLClient> | undefined;
  #subscriptions: Promise<SubscriptionClient> | undefined;

  /** @internal made by `client.graphql` */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Sends a query or a mutation and resolves to its data, typed by the document. Variables may
   * be left out when the document has no required ones. `.withResponse()` also gives the raw
   * response, the request id and the rate-limit snapshot.
   *
   * @throws the SDK error of the first GraphQL error's code (`UnauthorizedError`,
   * `RateLimitError`, `ForbiddenError`…) when the request failed as a whole, and
   * `GraphQLRequestError` (with `errors` and the partial `data`) when only some fields failed
   * @example
   * const { threat } = await client.graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });
   * const { data, rateLimit } = await client.graphql.request(ThreatsDocument, { pagination: { limit: 50 } }).withResponse();
   */
  // The document is the only place its types are read from, so that a wrong variable is an error
  // rather than a widening of the variables' type.
  request<TDocument extends AnyTypedDocument>(
    document: TDocument,
    ...args: GraphQLRequestArgs<VariablesOf<TDocument>>
  ): APIPromise<ResultOf<TDocument>>;
  /**
   * Sends GraphQL text (one operation); the result is typed by the caller.
   *
   * @example
   * const data = await client.graphql.request<{ threat: { id: string } | null }>('query ($id: ID!) { threat(id: $id) { id } }', { id });
   */
  request<TData = unknown>(
    document: string,
    variables?: Record<string, unknown>,
    options?: GraphQLRequestOptions,
  ): APIPromise<TData>;
  request<TData>(
    document: AnyDocument,
    variables?: object,
    options?: GraphQLRequestOptions,
  ): APIPromise<TData> {
    // A document of the wrong kind is refused before GraphQL's modules are loaded for it.
    const refusal = documentError(document);
    const result: Promise<WithResponse<TData>> = refusal
      ? Promise.reject(refusal)
      : this.#loadClient().then((client) => client.request<TData>(document, variables, options));
    return new APIPromise(result);
  }

  /**
   * Subscribes with callbacks: `next` gets each event's data, then `error` or `complete` is
   * called once. Returns the function that ends the subscription.
   *
   * @example
   * const stop = client.graphql.subscribe(MonitorCriticalThreatsDocument, undefined, {
   *   next: ({ threatDetected }) => console.log(threatDetected.ipAddress),
   *   error: (error) => console.error(error),
   * });
   */
  subscribe<TDocument extends AnyTypedDocument>(
    document: TDocument,
    variables: SinkVariables<VariablesOf<TDocument>>,
    sink: SubscriptionSink<ResultOf<TDocument>>,
  ): () => void;
  /**
   * Subscribes as an async iterator: `for await` takes each event's data; `break` (or
   * `return()`) ends the subscription. A failure is thrown from the loop.
   *
   * @example
   * for await (const { threatDetected } of client.graphql.subscribe(MonitorCriticalThreatsDocument)) {
   *   console.log(threatDetected.ipAddress);
   * }
   */
  subscribe<TDocument extends AnyTypedDocument>(
    document: TDocument,
    ...args: GraphQLSubscribeArgs<VariablesOf<TDocument>>
  ): GraphQLSubscription<ResultOf<TDocument>>;
  /** Subscribes with GraphQL text, with callbacks; the data is typed by the caller. */
  subscribe<TData = unknown>(
    document: string,
    variables: Record<string, unknown> | undefined,
    sink: SubscriptionSink<TData>,
  ): () => void;
  /** Subscribes with GraphQL text, as an async iterator; the data is typed by the caller. */
  subscribe<TData = unknown>(
    document: string,
    variables?: Record<string, unknown>,
  ): GraphQLSubscription<TData>;
  subscribe<TData>(
    document: AnyDocument,
    variables?: object,
    sink?: SubscriptionSink<TData>,
  ): GraphQLSubscription<TData> | (() => void) {
    const refusal = documentError(document);
    if (refusal) throw refusal;
    if (sink) return this.#subscribeWith(document, variables, sink);
    const iterator = new SubscriptionIterator<TData>();
    iterator.attach(
      this.#subscribeWith<TData>(document, variables, {
        next: (data) => iterator.push(data),
        error: (error) => iterator.end(error),
        complete: () => iterator.end(),
      }),
    );
    return iterator;
  }

  /**
   * Ends every subscription and closes the socket. Queries and mutations keep working, and a
   * later `subscribe` opens a new socket.
   *
   * @example
   * await client.graphql.close();
   */
  async close(): Promise<void> {
    const pending = this.#subscriptions;
    this.#subscriptions = undefined;
    if (pending) await (await pending).close();
  }

  /** Starts a subscription once its module has loaded; the returned function works before that too. */
  #subscribeWith<TData>(
    document: AnyDocument,
    variables: object | undefined,
    sink: SubscriptionSink<TData>,
  ): () => void {
    let unsubscribe: (() => void) | undefined;
    let cancelled = false;
    this.#loadSubscriptions().then(
      (subscriptions) => {
        if (!cancelled) unsubscribe = subscriptions.subscribe(document, variables, sink);
      },
      (error: unknown) => {
        if (!cancelled) sink.error?.(error);
      },
    );

    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }

  #loadClient(): Promise<GraphQLClient> {
    this.#client ??= import('./client.js').then(
      (module) => new module.GraphQLClient(this.#transport),
      (error: unknown) => {
        // A chunk that failed to load (a network blip in a browser) is tried again next time.
        this.#client = undefined;
        throw error;
      },
    );
    return this.#client;
  }

  #loadSubscriptions(): Promise<SubscriptionClient> {
    const { options, credentials } = this.#transport;
    this.#subscriptions ??= import('./subscriptions.js').then(
      (module) =>
        new module.SubscriptionClient({
          url: options.graphqlWsURL,
          credentials,
          WebSocket: options.WebSocket,
          options: options.graphql,
        }),
      (error: unknown) => {
        this.#subscriptions = undefined;
        throw error;
      },
    );
    return this.#subscriptions;
  }
}

/** The error for a `document` that is neither GraphQL text nor a parsed document, if it is one. */
function documentError(document: unknown): TypeError | undefined {
  if (typeof document === 'string') return undefined;
  const definitions = (document as { definitions?: unknown } | null)?.definitions;
  if (Array.isArray(definitions)) return undefined;
  return new TypeError(
    'The `document` argument must be GraphQL text or a parsed document (such as GetHighRiskThreatsDocument)',
  );
}
