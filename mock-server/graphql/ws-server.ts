/**
 * The graphql-ws server on one port's WebSocket server: authentication from `connectionParams`
 * (close 4401 for a missing or unknown credential, 4403 for one refused by its IP whitelist),
 * then every operation prepared, limited and rate limited as over HTTP.
 */

import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  subscribe,
  type ExecutionArgs,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { MockBackend } from '../domain/backend.js';
import { authenticate } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { normalizeAddress } from '../http/node.js';
import { rateLimitError } from '../http/pipeline.js';
import type { MockState } from '../http/state.js';
import type { Principal } from '../http/types.js';
import { createContext } from './context.js';
import { prepareDocument } from './documents.js';
import { apiErrorExtensions, formatError } from './errors.js';
import { executeFast } from './fast-execute.js';
import { graphqlSchema } from './schema.js';

/** Counters shared by every port of one transport. @internal */
export interface GraphqlWsCounts {
  acknowledged: number;
  operations: number;
}

/** @internal */
export interface GraphqlWsDeps {
  backend: MockBackend;
  state: MockState;
  counts: GraphqlWsCounts;
  metricsIntervalMs?: number;
  keepAliveMs?: number;
  connectionInitWaitTimeoutMs?: number;
}

/** @internal */
export interface GraphqlWsServer {
  dispose(): Promise<void>;
}

/** The operation a refused request runs instead of its own (see `refuse`). */
const REFUSED = parse('{ __typename }');

/** A close reason must fit in 123 bytes. */
const reason = (prefix: string, message: string): string => `${prefix}: ${message}`.slice(0, 120);

/**
 * The bearer header a connection's `connectionParams` stand for: `{ authorization: 'Bearer x' }`
 * (or `Authorization`), `{ apiKey: 'x' }` or `{ accessToken: 'x' }`.
 */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return header;
  const token = params?.apiKey ?? params?.accessToken;
  return typeof token === 'string' ? `Bearer ${token}` : undefined;
}

/** Serves graphql-ws on `wss` until disposed. @internal */
export function serveGraphqlWs(wss: WebSocketServer, deps: GraphqlWsDeps): GraphqlWsServer {
  const { backend, state, counts } = deps;
  const schema = graphqlSchema();
  const principals = new WeakMap<WebSocket, Principal>();

  // graphql-ws checks `instanceof GraphQLError` against its own copy of graphql, which is not
  // always ours (a test runner may load graphql's ESM build for us and its CommonJS build for
  // graphql-ws). So refusals never go back through graphql-ws as errors: they run as a trivial
  // operation whose execution answers with them (a `next` with `errors`, then `complete`).
  const refusals = new WeakMap<object, readonly GraphQLError[]>();
  const refuse = (errors: readonly GraphQLError[]): ExecutionArgs => {
    const contextValue = {};
    refusals.set(contextValue, errors);
    return { schema, document: REFUSED, contextValue };
  };
  const coded = (error: ApiError) =>
    new GraphQLError(error.message, { extensions: apiErrorExtensions(error) });
  const run = (operation: typeof execute | typeof subscribe) => (args: ExecutionArgs) => {
    const errors = refusals.get(args.contextValue as object);
    if (errors) return { errors };
    // Plain queries take the fast path, as over HTTP.
    const definition = getOperationAST(args.document, args.operationName);
    const variables = args.variableValues ?? undefined;
    const fast = definition
      ? executeFast(schema, args.document, definition, variables, args.contextValue)
      : undefined;
    return fast ?? operation(args);
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      connectionInitWaitTimeout: deps.connectionInitWaitTimeoutMs ?? 3000,
      execute: run(execute),
      subscribe: run(subscribe),
      onConnect(ctx) {
        const { socket, request } = ctx.extra;
        const header = authorizationOf(ctx.connectionParams);
        try {
          if (header === undefined) {
            throw new ApiError(
              'UNAUTHORIZED',
              "Missing credential; send connectionParams { authorization: 'Bearer <token>' }",
            );
          }

          const clientIp = normalizeAddress(request.socket.remoteAddress);
          principals.set(socket, authenticate(backend, header, clientIp));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          // graphql-ws closes with 4403 on `false`; an unknown credential is 4401 instead.
          if (error.code === 'UNAUTHORIZED') {
            socket.close(CloseCode.Unauthorized, reason('Unauthorized', error.message));
          } else {
            socket.close(CloseCode.Forbidden, reason('Forbidden', error.message));
          }

          return false;
        }

        counts.acknowledged++;
        return true;
      },
      onDisconnect() {
        counts.acknowledged--;
      },
      onSubscribe(ctx, _id, payload) {
        counts.operations++;
        const principal = principals.get(ctx.extra.socket);
        if (!principal) return refuse([coded(new ApiError('UNAUTHORIZED', 'Not authenticated'))]);

        // Each operation takes one request from the caller's bucket, as an HTTP request does.
        const decision = state.limiter.take(principal.id);
        if (decision.refusal) return refuse([coded(rateLimitError(decision.refusal))]);

        const prepared = prepareDocument(schema, payload.query);
        if (prepared.errors) return refuse(prepared.errors);
        const operationName = payload.operationName ?? undefined;
        if (!getOperationAST(prepared.document, operationName)) {
          return refuse([
            coded(ApiError.invalid([{ field: 'operationName', issue: 'No such operation' }])),
          ]);
        }

        const host = ctx.extra.request.headers.host ?? '127.0.0.1';
        const contextValue = createContext(backend, principal, `http://${host}`, state.counters);
        contextValue.metricsIntervalMs = deps.metricsIntervalMs;
        const args: ExecutionArgs = {
          schema,
          document: prepared.document,
          operationName,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
        return args;
      },
      onComplete() {
        counts.operations--;
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return undefined;
        return {
          ...result,
          errors: result.errors.map((error) => formatError(error as GraphQLError, state.log)),
        };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => formatError(error, state.log));
      },
    },
    wss,
    deps.keepAliveMs ?? 12_000,
  );

  return {
    dispose: async () => {
      // A client that does not answer the close frame is dropped after a moment.
      const timer = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 1000);
      timer.unref();
      await disposable.dispose();
      clearTimeout(timer);
    },
  };
}
