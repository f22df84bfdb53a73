// GraphQL over HTTP at /graphql: methods, media types, auth, scopes, errors and rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_RESPONSE, narrowKey, startMock, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

const STATUS_QUERY = '{ monitoringStatus { mode } }';

function get(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${server.apiKey}`, ...headers },
  });
}

describe('GET and POST', () => {
  it('answers a query by GET as application/json when the client asks for nothing else', async () => {
    const response = await get(STATUS_QUERY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ data: { monitoringStatus: { mode: 'ENTERPRISE' } } });
  });

  it('answers as application/graphql-response+json when the client accepts it', async () => {
    const response = await get(STATUS_QUERY, { accept: `${GRAPHQL_RESPONSE}, application/json` });
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{12}$/);
  });

  it('takes variables and operationName from the query string', async () => {
    const query =
      'query A { x: monitoringStatus { mode } } query B($id: ID!) { threat(id: $id) { id } }';
    const url = new URL(`${server.url}/graphql`);
    url.searchParams.set('query', query);
    url.searchParams.set('operationName', 'B');
    url.searchParams.set('variables', JSON.stringify({ id: 'threat_zzzzzzzz' }));
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(await response.json()).toEqual({ data: { threat: null } });
  });

  it('refuses a mutation by GET with 405 and Allow: POST, changing nothing', async () => {
    const response = await get('mutation { setMonitoringMode(mode: PERSONAL) { mode } }');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    const after = await server.gql(STATUS_QUERY);
    expect(after.body.data.monitoringStatus.mode).toBe('ENTERPRISE');
  });

  it('refuses other methods with 405 naming GET and POST', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('refuses a POST body that is not JSON with 415', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'text/plain' },
      body: STATUS_QUERY,
    });
    expect(response.status).toBe(415);
    expect((await response.json()).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('auth', () => {
  it('refuses a request without a credential with 401 and a GraphQL-shaped body', async () => {
    const { status, body } = await server.gql(STATUS_QUERY, undefined, { token: null });
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHORIZED' } });
    expect(typeof body.errors?.[0].message).toBe('string');
  });

  it('refuses an unknown key with 401', async () => {
    const { status, body } = await server.gql(STATUS_QUERY, undefined, { token: 'cf_nope' });
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions.code).toBe('UNAUTHORIZED');
  });

  it('accepts an OAuth access token', async () => {
    const { oauth } = server.mock.credentials;
    const tokenResponse = await fetch(`${server.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const { status, body } = await server.gql(STATUS_QUERY, undefined, { token });
    expect(status).toBe(200);
    expect(body.data.monitoringStatus.mode).toBe('ENTERPRISE');
  });

  it('fails only the mutation whose REST twin needs a scope the key lacks', async () => {
    const key = await narrowKey(server, ['threats:read', 'monitoring:read']);
    const { status, body } = await server.gql(
      'mutation { blockIP(ip: "192.0.2.200", reason: "test") { blockId } }',
      undefined,
      { token: key },
    );
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({
      path: ['blockIP'],
      extensions: { code: 'FORBIDDEN', requiredScope: 'network:write' },
    });

    const blocks = await server.rest('GET', '/v1/network/blocks?type=ip');
    const list = (await blocks.json()) as { data: { value: string }[] };
    expect(list.data.some((block) => block.value === '192.0.2.200')).toBe(false);

    // The same key can still read what its scopes allow.
    const read = await server.gql(STATUS_QUERY, undefined, { token: key });
    expect(read.body).toEqual({ data: { monitoringStatus: { mode: 'ENTERPRISE' } } });
  });
});

describe('errors', () => {
  it('returns partial data when a nullable field fails', async () => {
    const key = await narrowKey(server, ['threats:read', 'monitoring:read']);
    const list = await server.gql(
      '{ threats(pagination: { limit: 1 }) { edges { node { id } } } }',
    );
    const id = list.body.data.threats.edges[0].node.id;
    const query =
      'query Partial($id: ID!) { monitoringStatus { mode } threat(id: $id) { id evidence { id } } }';
    const { status, body } = await server.gql(query, { id }, { token: key });
    expect(status).toBe(200);
    expect(body.data).toEqual({ monitoringStatus: { mode: 'ENTERPRISE' }, threat: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({
      path: ['threat', 'evidence'],
      locations: [{ line: 1, column: query.indexOf('evidence') + 1 }],
      extensions: { code: 'FORBIDDEN', requiredScope: 'evidence:read' },
    });
  });

  it('names the invalid argument in extensions.details with INVALID_REQUEST', async () => {
    const { body } = await server.gql(
      '{ threats(filter: { countries: ["XX"], dateRange: { from: "2025-02-01T00:00:00Z", to: "2025-01-01T00:00:00Z" } }) { pageInfo { totalCount } } }',
    );
    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions.code).toBe('INVALID_REQUEST');
    expect(body.errors?.[0].extensions.details.map((d: { field: string }) => d.field)).toEqual([
      'filter.countries',
      'filter.dateRange.from',
    ]);
  });

  it('answers a syntax error with 400 and INVALID_REQUEST under the GraphQL media type', async () => {
    const { status, body } = await server.gql('{ threats { edges ');
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      locations: [{ line: 1, column: 19 }],
      extensions: { code: 'INVALID_REQUEST' },
    });
  });

  it('answers a validation error with 200 under application/json', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors[0].message).toContain('nope');
    expect(body.errors[0].extensions.code).toBe('INVALID_REQUEST');
  });

  it('answers a variable of the wrong type as a request error', async () => {
    const { status, body } = await server.gql('query ($id: ID!) { threat(id: $id) { id } }', {
      id: { not: 'an id' },
    });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions.code).toBe('INVALID_REQUEST');
  });

  it('answers a missing operation or a subscription by HTTP as a request error', async () => {
    const two = await server.gql('query A { monitoringStatus { mode } } query B { __typename }');
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ field: 'operationName' }],
    });

    const subscription = await server.gql('subscription { criticalAlert { id } }');
    expect(subscription.status).toBe(400);
    expect(subscription.body.errors?.[0].message).toContain('graphql-ws');
  });

  it('names the variables parameter when its JSON is malformed', async () => {
    const url = new URL(`${server.url}/graphql`);
    url.searchParams.set('query', STATUS_QUERY);
    url.searchParams.set('variables', '{bad');
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0].extensions.details).toEqual([
      { field: 'variables', issue: '`variables` must be a JSON object' },
    ]);
  });

  it('reports NOT_FOUND for an unknown threat in a mutation', async () => {
    const { body } = await server.gql(
      'mutation { updateThreatStatus(id: "threat_zzzzzzzz", status: INVESTIGATING) { id } }',
    );
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({
      path: ['updateThreatStatus'],
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('execution', () => {
  it('answers a plain query exactly as the full executor does', async () => {
    const selection = `edges { cursor node { id threatScore threatLevel status country { code }
      mlAnalysis { modelsTriggered } processBehavior { processId networkPattern } __typename } }
      pageInfo { totalCount hasNextPage endCursor }`;
    const plain = await server.gql(`{ threats(pagination: { limit: 25 }) { ${selection} } }`);
    // A directive sends the query through graphql's own executor.
    const directed = await server.gql(
      `{ threats(pagination: { limit: 25 }) @include(if: true) { ${selection} } }`,
    );
    expect(plain.body.errors).toBeUndefined();
    expect(plain.body.data.threats.edges).toHaveLength(25);
    expect(JSON.stringify(plain.body)).toBe(JSON.stringify(directed.body));
  });
});

describe('rate limits', () => {
  it('sends X-RateLimit headers and refuses with 429 once the burst is spent', async () => {
    // The personal plan's burst is 50; on a frozen clock the bucket does not refill.
    const limited = await startMock({ plan: 'personal' });
    try {
      const first = await limited.gql(STATUS_QUERY);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-burst-limit')).toBe('50');
      expect(first.headers.get('x-ratelimit-burst-remaining')).toBe('49');

      // REST and GraphQL spend the same bucket.
      await limited.rest('GET', '/v1/monitoring/status');
      const statuses: number[] = [];
      for (let i = 0; i < 49; i++) statuses.push((await limited.gql(STATUS_QUERY)).status);
      expect(statuses.slice(0, 48).every((status) => status === 200)).toBe(true);

      const refused = statuses.at(-1);
      expect(refused).toBe(429);
      const last = await limited.gql(STATUS_QUERY);
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last.headers.get('x-ratelimit-burst-remaining')).toBe('0');
      expect(last.body.errors?.[0].extensions).toMatchObject({
        code: 'RATE_LIMIT_EXCEEDED',
        limit: expect.any(Number),
        retryAfter: expect.any(Number),
      });
    } finally {
      await limited.close();
    }
  });
});
