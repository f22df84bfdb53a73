import { describe, expect, it } from 'vitest';
import { Router, splitPath } from '../../../mock-server/http/router.js';
import { createFakeMock } from './support.js';

const routes = [
  { method: 'GET', path: '/threats' },
  { method: 'POST', path: '/threats' },
  { method: 'GET', path: '/threats/{threat_id}' },
  { method: 'PATCH', path: '/threats/{threat_id}' },
  { method: 'GET', path: '/threats/check/{ip}' },
  { method: 'GET', path: '/evidence/{evidence_id}/content' },
  { method: 'GET', path: '/a/static/x' },
  { method: 'GET', path: '/a/{p}/y' },
];

describe('Router', () => {
  const router = new Router(routes);

  it('prefers a static segment over a parameter', () => {
    const match = router.lookup('GET', '/threats/check/1.2.3.4');
    expect(match).toMatchObject({
      kind: 'found',
      route: { path: '/threats/check/{ip}' },
      params: { ip: '1.2.3.4' },
    });
  });

  it('falls back to the parameter for a one-segment id, even one spelled like a static segment', () => {
    expect(router.lookup('GET', '/threats/threat_abc')).toMatchObject({
      params: { threat_id: 'threat_abc' },
    });
    expect(router.lookup('GET', '/threats/check')).toMatchObject({
      params: { threat_id: 'check' },
    });
  });

  it('backs off from a static branch that dead-ends', () => {
    expect(router.lookup('GET', '/a/static/y')).toMatchObject({
      kind: 'found',
      route: { path: '/a/{p}/y' },
      params: { p: 'static' },
    });
  });

  it('decodes percent-encoded parameters', () => {
    expect(router.lookup('GET', '/threats/check/2001%3Adb8%3A%3A1')).toMatchObject({
      params: { ip: '2001:db8::1' },
    });
  });

  it('returns 405 information with every allowed method for a known path', () => {
    expect(router.lookup('DELETE', '/threats/t1')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'PATCH'],
    });
    expect(router.lookup('PUT', '/threats')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'POST'],
    });
  });

  it('returns not-found for unknown paths and empty segments', () => {
    expect(router.lookup('GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(router.lookup('GET', '/threats//x')).toEqual({ kind: 'not-found' });
    expect(router.lookup('GET', '/evidence/e1')).toEqual({ kind: 'not-found' });
  });

  it('tolerates one trailing slash', () => {
    expect(router.lookup('GET', '/threats/')).toMatchObject({
      kind: 'found',
      route: { path: '/threats' },
    });
    expect(splitPath('/threats/x/')).toEqual(['threats', 'x']);
  });

  it('refuses a table with duplicate routes or conflicting parameter names', () => {
    expect(
      () =>
        new Router([
          { method: 'GET', path: '/a' },
          { method: 'GET', path: '/a' },
        ]),
    ).toThrow(/Duplicate/);
    expect(
      () =>
        new Router([
          { method: 'GET', path: '/a/{x}' },
          { method: 'PUT', path: '/a/{y}' },
        ]),
    ).toThrow(/conflicts/);
  });
});

describe('routing in the pipeline', () => {
  it('answers 404 NOT_FOUND naming the method and path', async () => {
    const mock = createFakeMock();
    const response = await mock.send('GET', '/v1/nope');
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', message: 'No route for GET /v1/nope' });
    expect(body.error.request_id).toMatch(/^req_[0-9a-f]{12}$/);
    expect(response.headers.get('x-request-id')).toBe(body.error.request_id);
    expect(body.error.documentation).toBe('https://docs.cyberfortress.io/errors/NOT_FOUND');
  });

  it('answers 404 outside /v1 and for look-alike prefixes', async () => {
    const mock = createFakeMock();
    expect((await mock.send('GET', '/threats')).status).toBe(404);
    expect((await mock.send('GET', '/v10/threats')).status).toBe(404);
  });

  it('answers 405 METHOD_NOT_ALLOWED with Allow before checking credentials', async () => {
    const mock = createFakeMock();
    const response = await mock.send('DELETE', '/v1/threats/t1', { token: null });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH');
    expect((await response.json()).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('gives each request its own id', async () => {
    const mock = createFakeMock();
    const ids = new Set<string | null>();
    for (let i = 0; i < 20; i++)
      ids.add((await mock.send('GET', '/v1/threats')).headers.get('x-request-id'));
    expect(ids.size).toBe(20);
  });
});
