// GraphQL served in-process: through `mock.handle(Request)` and through msw's `setupServer`,
// with no port at all.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import { getHighRiskThreats } from '../fixtures/graphql-documents.js';
import { CLOCK_START } from './support.js';

const ORIGIN = 'https://api.cyberfortress.io';
const mock = createMockServer({ frozenClock: true, clockStart: CLOCK_START, logLevel: 'silent' });
const msw = setupServer(...mock.mswHandlers(ORIGIN));

beforeAll(() => {
  msw.listen({ onUnhandledRequest: 'error' });
});

afterAll(() => {
  msw.close();
});

function post(query: string): Request {
  return new Request(`${ORIGIN}/graphql`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${mock.credentials.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
    },
    body: JSON.stringify({ query }),
  });
}

describe('in-process GraphQL', () => {
  it('answers through mock.handle as on a port, rate-limit headers included', async () => {
    const response = await mock.handle(post(getHighRiskThreats));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(response.headers.get('x-ratelimit-limit')).toBe('50');
    const body = await response.json();
    expect(body.data.threats.edges.length).toBeGreaterThan(0);
  });

  it('answers through msw setupServer with plain fetch', async () => {
    const response = await fetch(post('{ monitoringStatus { mode engines { threatDetection } } }'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { monitoringStatus: { mode: 'ENTERPRISE', engines: { threatDetection: 'ACTIVE' } } },
    });
  });
});
