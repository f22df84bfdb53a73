// GraphQL failures as the SDK's error classes, against the bundled mock on a real port: the
// class comes from `errors[].extensions.code` (else the HTTP status), and an answer with both
// data and errors keeps the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  RateLimitError,
  UnauthorizedError,
} from '../../src/index.js';
import { GraphQLRequestError, isGraphQLRequestError } from '../../src/graphql/errors.js';
import {
  MonitoringStatusDocument,
  ThreatDocument,
  UpdateThreatStatusDocument,
} from '../../src/generated/graphql.js';
import { startMock, type RunningMock } from './support.js';

let running: RunningMock;

beforeAll(async () => {
  running = await startMock({ frozenClock: true });
});

afterAll(() => running.close());

/** A client whose OAuth token carries only these scopes. */
function scopedClient(scope: string) {
  const { clientId, clientSecret } = running.mock.credentials.oauth;
  return running.client({ oauth: { clientId, clientSecret, scope } });
}

describe('graphql.request errors', () => {
  it('throws UnauthorizedError for an unknown key, with the GraphQL errors in its body', async () => {
    const graphql = running.client({ apiKey: 'cf_live_not_a_key_of_this_mock' }).graphql;
    const error = await graphql.request(MonitoringStatusDocument).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((error as UnauthorizedError).body).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHORIZED' } }],
    });
    expect((error as UnauthorizedError).requestId).toMatch(/^req_/);
    expect(JSON.stringify((error as UnauthorizedError).request)).not.toContain('not_a_key');
  });

  it('throws ForbiddenError with the required scope when a mutation is refused', async () => {
    const graphql = scopedClient('threats:read').graphql;
    const error = await graphql
      .request(UpdateThreatStatusDocument, { id: 'threat_7h8i9j0k', status: 'INVESTIGATING' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'threats:write' });
  });

  it('keeps the data that resolved when another field is forbidden', async () => {
    const graphql = scopedClient('monitoring:read').graphql;
    const error = await graphql
      .request<{ monitoringStatus: { mode: string }; threat: { id: string } | null }>(
        'query { monitoringStatus { mode } threat(id: "threat_7h8i9j0k") { id } }',
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(isGraphQLRequestError(error)).toBe(true);
    const failure = error as GraphQLRequestError<{ monitoringStatus: { mode: string } }>;
    expect(failure.code).toBe('FORBIDDEN');
    const { monitoringStatus } = await running.client().graphql.request(MonitoringStatusDocument);
    expect(failure.data).toEqual({
      monitoringStatus: { mode: monitoringStatus.mode },
      threat: null,
    });
    expect(failure.errors).toHaveLength(1);
    expect(failure.errors[0]?.path).toEqual(['threat']);
    expect(failure.errors[0]?.extensions?.requiredScope).toBe('threats:read');
  });

  it('throws ConflictError for a status move the API refuses', async () => {
    const graphql = running.client().graphql;
    const variables = { id: 'threat_7h8i9j0k', status: 'ACTIVE' } as const;

    await expect(graphql.request(UpdateThreatStatusDocument, variables)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('throws InvalidRequestError with the code of a query that is too complex', async () => {
    const graphql = running.client().graphql;
    // More aliased fields than the endpoint allows in one document.
    const aliases = Array.from(
      { length: 40 },
      (_, index) => `a${index}: monitoringStatus { mode }`,
    );
    const costly = `query { ${aliases.join(' ')} }`;
    const error = await graphql.request(costly).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('throws InvalidRequestError for a document the schema does not allow', async () => {
    const graphql = running.client().graphql;

    await expect(graphql.request('query { threat(id: "x") { nope } }')).rejects.toMatchObject({
      name: 'InvalidRequestError',
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('nope'),
    });
  });
});

describe('graphql.request rate limits', () => {
  let limited: RunningMock;

  beforeAll(async () => {
    limited = await startMock({ plan: 'personal', frozenClock: true });
  });

  afterAll(() => limited.close());

  it('refuses a document that is neither text nor a parsed document, sending nothing', async () => {
    const before = running.mock.state.counters.snapshot().requests;
    const graphql = running.client().graphql;
    const message = 'The `document` argument must be GraphQL text or a parsed document';
    for (const document of [42, null, { kind: 'Document' }]) {
      await expect(graphql.request(document as never)).rejects.toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(message) }),
      );
      expect(() => graphql.subscribe(document as never)).toThrow(message);
    }

    expect(running.mock.state.counters.snapshot().requests).toBe(before);
  });

  it('throws RateLimitError with retryAfter once the burst is spent', async () => {
    const graphql = limited.client({ maxRetries: 0 }).graphql;
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' })),
    );
    const refused = results.filter((result) => result.status === 'rejected');

    expect(refused.length).toBeGreaterThan(0);
    const error = (refused[0] as PromiseRejectedResult).reason as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.limit).toBe(10);
  });
});
