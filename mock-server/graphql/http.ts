/**
 * GraphQL over HTTP at `/graphql`, after the GraphQL-over-HTTP specification: queries by GET or
 * POST, mutations by POST only, answered as `application/graphql-response+json` when the client
 * accepts it and as `application/json` otherwise. The caller is authenticated and rate limited
 * exactly as on REST (same credentials, same buckets, same `X-RateLimit-*` headers).
 */

import {
  execute,
  getOperationAST,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { authenticate } from '../http/auth.js';
import { mediaType, parseJsonText, payloadTooLarge } from '../http/body.js';
import { ApiError } from '../http/errors.js';
import type { MockRequest, MockResponse } from '../http/exchange.js';
import {
  requestFingerprint,
  validateIdempotencyKey,
  type IdempotencyClaim,
} from '../http/idempotency.js';
import { rateLimitError } from '../http/pipeline.js';
import type { MockState } from '../http/state.js';
import type { Principal } from '../http/types.js';
import { createContext } from './context.js';
import { prepareDocument } from './documents.js';
import { formatError, requestError } from './errors.js';
import { executeFast } from './fast-execute.js';
import { graphqlSchema } from './schema.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const JSON_RESPONSE = 'application/json; charset=utf-8';
/** The operation name counters and logs use for every GraphQL request. */
const OPERATION_ID = 'graphql';

/** One answer before headers: a status and the GraphQL response object. */
interface Answer {
  status: number;
  body: { data?: unknown; errors?: readonly GraphQLFormattedError[] };
  headers?: Record<string, string>;
}

interface Params {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** The media type to answer with: the GraphQL one when accepted, else JSON (the legacy default). */
function responseType(accept: string | undefined): string {
  if (!accept) return JSON_RESPONSE;
  const accepted = accept.split(',').map((part) => mediaType(part));
  return accepted.includes('application/graphql-response+json') ? GRAPHQL_RESPONSE : JSON_RESPONSE;
}

function invalid(field: string, issue: string): ApiError {
  return ApiError.invalid([{ field, issue }], `Invalid GraphQL request: ${issue}`);
}

/** The `variables` query parameter as JSON; a syntax error names the parameter. */
function parseVariables(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('variables', '`variables` must be a JSON object');
  }
}

/** The request's `query`, `variables` and `operationName`, from the query string or the JSON body. */
function readParams(request: MockRequest): Params {
  let raw: Record<string, unknown>;
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    const variables = search.get('variables');
    raw = {
      query: search.get('query') ?? undefined,
      operationName: search.get('operationName') ?? undefined,
      variables: variables === null || variables === '' ? undefined : parseVariables(variables),
    };
  } else {
    if (request.bodyTooLarge) throw payloadTooLarge();
    const type = mediaType(request.header('content-type'));
    if (type !== 'application/json') {
      throw new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json, not '${type || 'none'}'`,
      );
    }

    const parsed = request.body
      ? parseJsonText(Buffer.from(request.body).toString('utf8'))
      : undefined;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalid('body', 'The body must be a JSON object with a `query` string');
    }

    raw = parsed as Record<string, unknown>;
  }

  const { query, variables, operationName } = raw;
  if (typeof query !== 'string' || query === '')
    throw invalid('query', '`query` must be a non-empty string');
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    throw invalid('variables', '`variables` must be an object');
  }

  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw invalid('operationName', '`operationName` must be a string');
  }

  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (operationName ?? undefined) as string | undefined,
  };
}

/**
 * The GraphQL endpoint over the pipeline's transport-neutral request.
 * @internal the pipeline calls it for `/graphql`
 */
export function createGraphqlHandler(
  state: MockState,
): (request: MockRequest, requestId: string) => Promise<MockResponse> {
  const schema = graphqlSchema();
  const { limiter, counters, log } = state;

  /** Runs one request; throws `ApiError` for refusals that are not GraphQL results. */
  async function run(
    request: MockRequest,
    requestId: string,
    principal: Principal,
    requestErrorStatus: number,
  ): Promise<Answer> {
    const { query, variables, operationName } = readParams(request);
    const format = (result: ExecutionResult): Answer['body'] => ({
      ...('data' in result ? { data: result.data } : {}),
      ...(result.errors
        ? { errors: result.errors.map((error) => formatError(error, log, requestId)) }
        : {}),
    });

    // Parse, validation and the abuse limits, once per distinct query text.
    const prepared = prepareDocument(schema, query);
    if (prepared.errors) {
      return { status: requestErrorStatus, body: format({ errors: prepared.errors }) };
    }

    const document = prepared.document;

    // A document without the operation asked for is a request error, like a validation error.
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') {
      const problem = !operation
        ? invalid(
            'operationName',
            operationName
              ? `No operation named '${operationName}'`
              : 'The document has several operations; name one with `operationName`',
          )
        : invalid('query', 'Subscriptions are served over graphql-ws (WebSocket) on this path');
      return { status: requestErrorStatus, body: { errors: [requestError(problem, requestId)] } };
    }

    if (operation.operation === 'mutation' && request.method !== 'POST') {
      throw new ApiError('METHOD_NOT_ALLOWED', 'Mutations are only accepted by POST', {
        headers: { Allow: 'POST' },
      });
    }

    // Idempotency for POST, as on REST: a retried mutation gets the first answer back.
    let claim: IdempotencyClaim | undefined;
    const key = request.method === 'POST' ? request.header('idempotency-key') : undefined;
    if (key !== undefined) {
      validateIdempotencyKey(key);
      const fingerprint = requestFingerprint(request.method, request.pathname, request.body);
      claim = state.idempotency.begin(principal.id, key, fingerprint);
      if (claim.kind === 'replay') {
        counters.recordReplay();
        const stored = claim.response;
        return {
          status: stored.status,
          body: JSON.parse(String(stored.body)),
          headers: { 'Idempotent-Replayed': 'true' },
        };
      }
    }

    try {
      const contextValue = createContext(state.backend, principal, request.origin, counters);
      const result =
        executeFast(schema, document, operation, variables, contextValue) ??
        (await execute({
          schema,
          document,
          operationName,
          variableValues: variables,
          contextValue,
        }));
      // No `data` at all means the variables could not be coerced: a request error.
      const answer = { status: 'data' in result ? 200 : requestErrorStatus, body: format(result) };
      if (claim?.kind === 'claimed') {
        claim.complete({ status: answer.status, headers: {}, body: JSON.stringify(answer.body) });
      }

      return answer;
    } catch (error) {
      if (claim?.kind === 'claimed') claim.release();
      throw error;
    }
  }

  return async function serveGraphql(request, requestId) {
    const started = log.enabled('debug') ? performance.now() : 0;
    const type = responseType(request.header('accept'));
    // GraphQL-over-HTTP: request errors are 400 with the GraphQL media type, 200 with JSON.
    const requestErrorStatus = type === GRAPHQL_RESPONSE ? 400 : 200;
    let principal: Principal | undefined;
    let rateHeaders: Record<string, string> | undefined;
    let answer: Answer;
    let errorCode: string | undefined;

    try {
      if (request.method !== 'GET' && request.method !== 'POST') {
        throw new ApiError(
          'METHOD_NOT_ALLOWED',
          `${request.method} is not served on /graphql; use GET or POST`,
          { headers: { Allow: 'GET, POST' } },
        );
      }

      principal = authenticate(state.backend, request.header('authorization'), request.clientIp);
      const decision = limiter.take(principal.id);
      rateHeaders = decision.headers;
      if (decision.refusal) throw rateLimitError(decision.refusal);
      answer = await run(request, requestId, principal, requestErrorStatus);
      const first = answer.body.errors?.[0]?.extensions?.code;
      errorCode = answer.status === 200 ? undefined : (first as string | undefined);
    } catch (error) {
      let refusal = error;
      if (!(error instanceof ApiError)) {
        log.error(
          `${requestId} graphql request failed:`,
          error instanceof Error ? (error.stack ?? error.message) : error,
        );
        refusal = new ApiError('INTERNAL_ERROR', 'The mock server failed to handle this request');
      }

      const apiError = refusal as ApiError;
      errorCode = apiError.code;
      answer = {
        status: apiError.status,
        body: { errors: [requestError(apiError, requestId)] },
        headers: apiError.headers,
      };
    }

    counters.record(OPERATION_ID, answer.status, errorCode);
    if (started) {
      log.debug(
        `${request.method} ${request.pathname} ${answer.status} ${(performance.now() - started).toFixed(1)}ms`,
      );
    }

    return {
      status: answer.status,
      headers: {
        'Content-Type': type,
        'X-Request-Id': requestId,
        ...answer.headers,
        ...(rateHeaders ?? limiter.peek(principal ? principal.id : `ip:${request.clientIp}`)),
      },
      body: JSON.stringify(answer.body),
    };
  };
}
