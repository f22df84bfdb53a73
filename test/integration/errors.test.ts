import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import { SEEDED_THREATS, expectError, expectInvalid, reference, threatTotal } from './support.js';

const MiB = 1024 * 1024;

describeEachTarget('errors', (t) => {
  /** What a refused mutation must leave alone. */
  const snapshot = async () => ({
    threats: await threatTotal(t()),
    threat: (await t().request('GET', '/threats/threat_7h8i9j0k')).body,
    monitoring: (await t().request('GET', '/monitoring/status')).body,
    blocks: (await t().request('GET', '/network/blocks?limit=100')).body,
  });

  describe('the error envelope', () => {
    it('gives each response its own request id, in the body and the X-Request-Id header', async () => {
      const first = await t().request('GET', '/threats/threat_zzzzzzzz');
      const second = await t().request('GET', '/threats/threat_zzzzzzzz');
      expectError(first, 404, 'NOT_FOUND');
      expectError(second, 404, 'NOT_FOUND');
      expect(first.body.error.request_id).not.toBe(second.body.error.request_id);
      const ok = await t().request('GET', '/threats?limit=1');
      expect(ok.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{12}$/);
    });

    it('answers in JSON with the rate-limit headers of the default plan', async () => {
      const reply = await t().request('GET', '/threats/threat_zzzzzzzz');
      expect(reply.headers.get('content-type')).toContain('application/json');
      expect(reply.headers.get('x-ratelimit-limit')).toBe('50');
    });
  });

  describe('bodies', () => {
    it.each([
      ['a truncated object', '{"ip_address": "203.0.113.42",'],
      ['a trailing comma', '{"ip_address": "203.0.113.42",}'],
      ['single quotes', "{'ip_address': '203.0.113.42'}"],
      ['plain text', 'hello'],
      ['an empty body', ''],
    ])('refuses bad JSON (%s) with 400 and details, creating nothing', async (_, raw) => {
      const reply = await t().request('POST', '/threats', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectError(reply, 400, 'INVALID_REQUEST');
      expect(reply.body.error.details.length).toBeGreaterThan(0);
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });

    it.each([
      ['an array', [reference.reportThreat]],
      ['null', null],
      ['a string', 'threat'],
      ['a number', 42],
    ])('refuses a JSON body that is %s with 400', async (_, body) => {
      const reply = await t().request('POST', '/threats', {
        raw: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expectError(reply, 400, 'INVALID_REQUEST');
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });

    it('names every invalid field of one body', async () => {
      const body = { ip_address: 'nope', threat_type: 'ALIENS', confidence: 'high', extra: 1 };
      const reply = await t().request('POST', '/threats', { body });
      expectError(reply, 400, 'INVALID_REQUEST');
      const fields = reply.body.error.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(
        expect.arrayContaining(['ip_address', 'threat_type', 'confidence', 'extra']),
      );
    });

    it.each([
      ['POST', '/threats', reference.reportThreat],
      ['PATCH', '/threats/threat_7h8i9j0k', { status: 'investigating' }],
      ['PUT', '/monitoring/mode', reference.setMode],
      ['POST', '/network/block', reference.block],
    ])(
      'refuses %s %s sent as text/plain with 415, changing nothing',
      async (method, path, body) => {
        const before = await snapshot();
        const reply = await t().request(method, path, {
          raw: JSON.stringify(body),
          headers: { 'content-type': 'text/plain' },
        });
        expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(await snapshot()).toEqual(before);
      },
    );

    it('refuses a form body on a JSON route with 415', async () => {
      const reply = await t().request('POST', '/threats', {
        raw: 'ip_address=203.0.113.42',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('accepts application/json with a charset parameter', async () => {
      const reply = await t().request('POST', '/threats', {
        raw: JSON.stringify(reference.reportThreat),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(reply.status).toBe(201);
    });

    it('refuses a body over 1 MiB with 413, creating nothing', async () => {
      const body = { ...reference.reportThreat, context: { hostname: 'x'.repeat(MiB + 10) } };
      expectError(await t().request('POST', '/threats', { body }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    }, 5000);

    it('reads a body just under 1 MiB and judges its fields instead', async () => {
      const body = { ...reference.reportThreat, context: { hostname: 'x'.repeat(MiB - 500) } };
      expect(JSON.stringify(body).length).toBeLessThan(MiB);
      expectInvalid(await t().request('POST', '/threats', { body }), 'context.hostname');
    });
  });

  describe('routes and methods', () => {
    it.each(['/nope', '/threats/threat_7h8i9j0k/extra', '/evidence', '/network'])(
      'answers an unknown route %s with 404 in the envelope',
      async (path) => {
        expectError(await t().request('GET', path), 404, 'NOT_FOUND');
      },
    );

    it.each([
      ['DELETE', '/threats', ['GET', 'POST']],
      ['PUT', '/threats/threat_7h8i9j0k', ['GET', 'PATCH']],
      ['GET', '/monitoring/mode', ['PUT']],
      ['GET', '/network/block', ['POST']],
      ['POST', '/monitoring/status', ['GET']],
    ])('answers %s %s with 405 and an Allow header', async (method, path, allowed) => {
      const reply = await t().request(
        method,
        path,
        method === 'GET' || method === 'DELETE' ? {} : { body: {} },
      );
      expectError(reply, 405, 'METHOD_NOT_ALLOWED');
      const allow = (reply.headers.get('allow') ?? '')
        .split(',')
        .map((item) => item.trim())
        .sort();
      expect(allow).toEqual([...allowed].sort());
    });

    it('refuses a DELETE of the threat list without deleting anything', async () => {
      await t().request('DELETE', '/threats');
      expect(await threatTotal(t())).toBe(SEEDED_THREATS);
    });
  });

  describe('X-API-Version', () => {
    it.each(['1.0', '1'])('accepts %s', async (version) => {
      const reply = await t().request('GET', '/threats?limit=1', {
        headers: { 'x-api-version': version },
      });
      expect(reply.status).toBe(200);
    });

    it.each(['2.0', '0.9', 'v1', 'latest'])(
      'refuses %s with 400 naming the header',
      async (version) => {
        const reply = await t().request('POST', '/threats', {
          body: reference.reportThreat,
          headers: { 'x-api-version': version },
        });
        expectInvalid(reply, 'X-API-Version');
        expect(await threatTotal(t())).toBe(SEEDED_THREATS);
      },
    );

    it('ignores X-Client-Version', async () => {
      const reply = await t().request('GET', '/threats?limit=1', {
        headers: { 'x-client-version': 'my-app/1.0.0' },
      });
      expect(reply.status).toBe(200);
    });
  });

  describe('counters', () => {
    it('records each refusal under its status and never a 5xx', async () => {
      await t().request('GET', '/threats/threat_zzzzzzzz');
      await t().request('GET', '/threats', { token: null });
      await t().request('DELETE', '/threats');
      await t().request('POST', '/threats', {
        raw: '{',
        headers: { 'content-type': 'application/json' },
      });
      const counters = (await t().control('GET', '/counters')).body;
      expect(counters.by_status).toMatchObject({ '400': 1, '401': 1, '404': 1, '405': 1 });
      expect(Object.keys(counters.by_status).filter((status) => Number(status) >= 500)).toEqual([]);
    });
  });
});
