/**
 * Queries and mutations over HTTP: graphql-request builds the GraphQL request and reads the
 * answer, and its `fetch` is our `Transport`, so a GraphQL call gets what every REST call gets
 * (credentials and OAuth refresh, the API's headers, the client-side limiter, timeouts, retries,
 * the rate-limit snapshot, typed errors, redacted logs). Loaded on the first
 * `client.graphql.request()`, with `graphql` and graphql-request.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { ClientError, GraphQLClient as RequestClient } from 'graphql-request';
import type { WithResponse } from '../core/api-promise.js';
import type { RequestOptions, Transport } from '../core/transport.js';
import { errorFromResult, mapTransportError, type GraphQLErrorEntry } from './errors.js';

const ACCEPT = 'application/graphql-response+json, application/json';

/** A document: a typed one from `src/generated/graphql.ts`, or GraphQL text. @internal */
export type AnyDocument = TypedDocumentNode<unknown, object> | DocumentNode | string;

/**
 * Sends GraphQL queries and mutations through one client's transport.
 *
 * @internal made by `client.graphql` on first use
 */
export class GraphQLClient {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Sends one operation and resolves to its data with the response, request id and rate-limit
   * snapshot. A mutation carries an `Idempotency-Key` (the caller's, or a fresh one) and is
   * retried like a REST POST; a query carries none and is retried like a GET.
   */
  async request<TData>(
    document: AnyDocument,
    variables: object | undefined,
    options: RequestOptions | undefined,
  ): Promise<WithResponse<TData>> {
    const { query, name, mutation } = describe(document);
    // The GraphQL media type first: with it, a request refused before execution (invalid, too
    // complex) is answered with a 4xx status rather than 200, so it is never retried.
    const headers: Record<string, string | null> = { accept: ACCEPT };
    if (!mutation) headers['idempotency-key'] = null;
    const callOptions: RequestOptions = {
      ...options,
      headers: { ...headers, ...options?.headers },
    };
    const transport = this.#transport;
    let last: WithResponse<string> | undefined;

    // graphql-request hands us the body it built; the transport sends it and gives back the text.
    const viaTransport = async (_url: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
      try {
        last = await transport
          .request<string>(
            {
              method: 'POST',
              path: name ? `/graphql ${name}` : '/graphql',
              url: transport.options.graphqlURL,
              body: init?.body,
              raw: true,
            },
            callOptions,
          )
          .withResponse();
      } catch (error) {
        throw mapTransportError(error);
      }

      // Only what graphql-request reads of a response: a real `Response` would put the text back
      // into a stream for graphql-request to read out again (bench/graphql.ts, one run each: 1.55x
      // REST's time per page with it, 1.36-1.38x without).
      const { response, data } = last;
      const read: Pick<Response, 'ok' | 'status' | 'headers' | 'text'> = {
        ok: response.ok,
        status: response.status,
        headers: response.headers,
        text: () => Promise.resolve(data),
      };
      return read as Response;
    };

    // The document is given as text already analysed here, so graphql-request need not parse or
    // print it on every call (the operation name is left out of the body: each of our documents
    // holds one operation, which the server runs without it).
    const client = new RequestClient(transport.options.graphqlURL, {
      fetch: viaTransport,
      excludeOperationName: true,
    });
    try {
      const data = await client.request<TData>(query, variables);
      const { response, requestId, rateLimit } = last as WithResponse<string>;
      return { data, response, requestId, rateLimit };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;

      // A 2xx answer with `errors`: non-2xx answers were thrown by the transport already.
      const { status, headers, data, errors } = error.response;
      throw errorFromResult(
        status,
        { data, errors: (errors ?? []) as unknown as GraphQLErrorEntry[] },
        headers,
      );
    }
  }
}

/** What a request needs to know about its document before sending it, kept per document. */
interface Description {
  query: string;
  name: string | undefined;
  mutation: boolean;
}

const described = new WeakMap<object, Description>();

function describe(document: AnyDocument): Description {
  if (typeof document === 'string') return describeText(document);
  let description = described.get(document);
  if (description) return description;
  const operations = document.definitions.filter(
    (definition) => definition.kind === 'OperationDefinition',
  );
  const only = operations.length === 1 ? operations[0] : undefined;
  description = {
    query: print(document),
    name: only?.name?.value,
    mutation: only?.operation === 'mutation',
  };
  described.set(document, description);
  return description;
}

/** The operation of GraphQL text, read from its first keyword (comments skipped); `{ … }` is a query. */
function describeText(text: string): Description {
  const match =
    /^(?:\s|#[^\n]*\n?)*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(text);
  return { query: text, name: match?.[2], mutation: match?.[1] === 'mutation' };
}
