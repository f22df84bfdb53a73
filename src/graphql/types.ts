/**
 * The public types of `client.graphql`: documents, variables and subscription callbacks.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RequestOptions } from '../core/transport.js';

/**
 * A typed GraphQL document: `TData` is its result, `TVariables` its variables. The ready-made
 * ones (`ThreatsDocument`, `GetHighRiskThreatsDocument`…) are exported by the SDK; documents of
 * your own can be typed by the same code generator.
 *
 * @example
 * const doc: GraphQLDocument<ThreatQuery, ThreatQueryVariables> = ThreatDocument;
 * @category GraphQL
 */
export type GraphQLDocument<
  TData = unknown,
  TVariables = Record<string, unknown>,
> = TypedDocumentNode<TData, TVariables>;

/**
 * Options of one GraphQL request: those of every REST call. `idempotencyKey` applies to
 * mutations (queries send none).
 *
 * @category GraphQL
 */
export type GraphQLRequestOptions = RequestOptions;

/** Any typed document, whatever its result and variables (read with `ResultOf`/`VariablesOf`). @inline */
export type AnyTypedDocument = TypedDocumentNode<any, any>;

/** Whether a document's variables may be left out: when none of them is required. @inline */
type OptionalVariables<TVariables> = Record<string, never> extends TVariables ? true : false;

/**
 * The arguments after the document of `request`: the variables (optional when none of them is
 * required) and the call's options.
 *
 * @example
 * const args: GraphQLRequestArgs<ThreatQueryVariables> = [{ id: 'threat_7h8i9j0k' }, { timeout: 5_000 }];
 * @category GraphQL
 */
export type GraphQLRequestArgs<TVariables> =
  OptionalVariables<TVariables> extends true
    ? [variables?: TVariables, options?: GraphQLRequestOptions]
    : [variables: TVariables, options?: GraphQLRequestOptions];

/**
 * The argument after the document of `subscribe` (the iterator form): the variables, optional
 * when none of them is required.
 *
 * @example
 * const args: GraphQLSubscribeArgs<ThreatDetectedSubscriptionVariables> = [{ severity: ['CRITICAL'] }];
 * @category GraphQL
 */
export type GraphQLSubscribeArgs<TVariables> =
  OptionalVariables<TVariables> extends true ? [variables?: TVariables] : [variables: TVariables];

/** The variables of `subscribe`'s callback form: `undefined` is fine when none is required. @inline */
export type SinkVariables<TVariables> =
  OptionalVariables<TVariables> extends true ? TVariables | undefined : TVariables;

/**
 * What a subscription calls: `next` with each event's data, then `error` or `complete` once.
 *
 * @example
 * client.graphql.subscribe(MonitorCriticalThreatsDocument, {}, { next: (data) => console.log(data.threatDetected.id) });
 * @category GraphQL
 */
export interface SubscriptionSink<TData> {
  /** Called with the data of each event. */
  next: (data: TData) => void;
  /** The subscription failed and is over; `error` is a `GraphQLSubscriptionError` or a `CyberFortressError`. */
  error?: (error: unknown) => void;
  /** The server ended the subscription. */
  complete?: () => void;
}
