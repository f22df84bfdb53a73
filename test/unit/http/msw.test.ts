import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMswHandlers } from '../../../mock-server/http/msw.js';
import { createFakeMock } from './support.js';

describe('msw adapter', () => {
  const mock = createFakeMock();
  const handlers = createMswHandlers(mock.runtime.handle, {
    baseUrl: ['https://api.cyberfortress.io/v1', 'https://api-staging.cyberfortress.io'],
  });
  const server = setupServer(...handlers);
  const auth = { authorization: 'Bearer tok_all' };

  const unhandled: string[] = [];

  // Unhandled requests fail instead of reaching the network, and are recorded for the assertion.
  beforeAll(() =>
    server.listen({
      onUnhandledRequest: (request) => {
        unhandled.push(request.url);
        throw new Error(`unhandled ${request.url}`);
      },
    }),
  );
  afterAll(() => server.close());

  it('is one catch-all handler', () => {
    expect(handlers).toHaveLength(1);
  });

  it('serves /v1 and /__mock on every configured origin, from one state', async () => {
    await fetch('https://api-staging.cyberfortress.io/__mock/threats', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ip_address: '192.0.2.1' }),
    });
    const production = await fetch('https://api.cyberfortress.io/v1/threats', { headers: auth });
    expect(production.status).toBe(200);
    expect((await production.json()).data).toHaveLength(1);
    const staging = await fetch('https://api-staging.cyberfortress.io/v1/whoami', {
      headers: auth,
    });
    expect(await staging.json()).toMatchObject({
      ip: '127.0.0.1',
      origin: 'https://api-staging.cyberfortress.io',
    });
  });

  it('leaves other origins and paths alone', async () => {
    // msw answers a throwing unhandled-request callback with a 500 of its own.
    expect((await fetch('https://example.com/v1/threats')).statusText).toBe('Unhandled Exception');
    expect((await fetch('https://api.cyberfortress.io/v10/threats')).statusText).toBe(
      'Unhandled Exception',
    );
    expect(unhandled).toEqual([
      'https://example.com/v1/threats',
      'https://api.cyberfortress.io/v10/threats',
    ]);
  });
});
