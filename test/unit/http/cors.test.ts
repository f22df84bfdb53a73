// CORS on the mock: browser pages on another origin can send preflights and read answers,
// on a real port and in-process alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../../mock-server/index.js';
import type { ListeningServer } from '../../../mock-server/http/node.js';
import { reference } from '../../fixtures/reference.js';

const PAGE_ORIGIN = 'http://127.0.0.1:5173';

let mock: MockServer;
let listening: ListeningServer;

beforeAll(async () => {
  mock = createMockServer({ seed: 42, logLevel: 'error' });
  listening = await mock.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await listening.close();
});

function preflight(path: string, method: string, headers: string): Promise<Response> {
  return fetch(`${listening.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin: PAGE_ORIGIN,
      'access-control-request-method': method,
      'access-control-request-headers': headers,
    },
  });
}

function listHeader(response: Response, name: string): string[] {
  return (response.headers.get(name) ?? '').split(',').map((part) => part.trim().toLowerCase());
}

describe('CORS preflight', () => {
  it('answers 204 for a REST path with the origin, methods, headers and max age, before auth', async () => {
    const response = await preflight(
      '/v1/threats',
      'GET',
      'authorization, x-api-version, x-cyberfortress-sdk',
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(listHeader(response, 'access-control-allow-methods')).toEqual(
      expect.arrayContaining(['get', 'post', 'delete']),
    );
    expect(listHeader(response, 'access-control-allow-headers')).toEqual(
      expect.arrayContaining([
        'authorization',
        'content-type',
        'x-api-version',
        'x-client-version',
        'x-cyberfortress-sdk',
        'idempotency-key',
        'x-request-id',
      ]),
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(await response.text()).toBe('');
  });

  it('answers the OAuth token endpoint, which takes a form post', async () => {
    const response = await preflight('/v1/oauth/token', 'POST', 'content-type');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(listHeader(response, 'access-control-allow-methods')).toContain('post');
  });

  it('is not counted as an API request', async () => {
    const requests = async () =>
      ((await (await fetch(`${listening.url}/__mock/counters`)).json()) as { requests: number })
        .requests;
    const before = await requests();
    expect(typeof before).toBe('number');
    await preflight('/v1/threats', 'POST', 'authorization, idempotency-key');
    expect(await requests()).toBe(before);

    // The same request without its preflight headers is an API request, and counted.
    await fetch(`${listening.url}/v1/threats?limit=1`, { headers: { origin: PAGE_ORIGIN } });
    expect(await requests()).toBe(before + 1);
  });

  it('leaves a plain OPTIONS without an Origin to the API, which refuses it', async () => {
    const response = await fetch(`${listening.url}/v1/threats`, { method: 'OPTIONS' });
    expect(response.status).not.toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS on answers', () => {
  it('lets the page read a list and its rate-limit and request-id headers', async () => {
    const response = await fetch(`${listening.url}/v1/threats?limit=1`, {
      headers: { origin: PAGE_ORIGIN, authorization: `Bearer ${mock.credentials.apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(response.headers.get('vary')).toContain('Origin');
    const exposed = listHeader(response, 'access-control-expose-headers');
    expect(exposed).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'retry-after',
      ]),
    );
    // Every exposed header the answer carries is one the page can now read.
    expect(response.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('lets the page read refusals too (401 without credentials)', async () => {
    const response = await fetch(`${listening.url}/v1/threats`, {
      headers: { origin: PAGE_ORIGIN },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
  });

  it('answers the OAuth token endpoint across origins', async () => {
    const { clientId, clientSecret } = mock.credentials.oauth;
    const response = await fetch(`${listening.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { origin: PAGE_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(((await response.json()) as { access_token: string }).access_token).toBeTruthy();
  });

  it('gives a replayed idempotent answer the origin of the request that replays it', async () => {
    const send = (origin: string) =>
      fetch(`${listening.url}/v1/threats`, {
        method: 'POST',
        headers: {
          origin,
          authorization: `Bearer ${mock.credentials.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': 'cors-replay-1',
        },
        body: JSON.stringify(reference.reportThreat),
      });
    const first = await send('http://127.0.0.1:1111');
    const second = await send('http://127.0.0.1:2222');
    expect(first.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:1111');
    expect(second.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:2222');
  });

  it('adds nothing to a request without an Origin (server-side callers)', async () => {
    const response = await fetch(`${listening.url}/v1/threats?limit=1`, {
      headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('behaves the same in-process, through handle()', async () => {
    const response = await mock.handle(
      new Request('https://api.cyberfortress.io/v1/threats', {
        method: 'OPTIONS',
        headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'GET' },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);

    const control = await mock.handle(
      new Request('https://api.cyberfortress.io/__mock/health', {
        headers: { origin: PAGE_ORIGIN },
      }),
    );
    expect(control.status).toBe(200);
    expect(control.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
  });
});
