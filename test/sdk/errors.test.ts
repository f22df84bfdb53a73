import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  CyberFortressError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../../src/index.js';
import { describeEachTarget } from './support.js';

/** Awaits a promise that must reject, and returns what it rejected with. */
async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }

  throw new Error('expected the call to fail');
}

describeEachTarget('errors', (target) => {
  describe('UnauthorizedError', () => {
    it('is thrown with code, status and request id given an unknown API key', async () => {
      const error = await rejection(
        target().client({ apiKey: 'cf_live_000000000000000000000000' }).threats.list(),
      );
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toBeInstanceOf(CyberFortressError);
      expect(error).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
        requestId: expect.stringMatching(/^req_[0-9a-f]{12}$/),
      });
      expect(String(error)).not.toContain('cf_live_000000000000000000000000');
    });
  });

  describe('ForbiddenError', () => {
    it('names the required scope given a key without it', async () => {
      const admin = target().client();
      const { apiKey } = await admin.apiKeys.create({
        name: 'reader',
        permissions: ['threats:read'],
      });
      const error = await rejection(target().client({ apiKey }).monitoring.status());
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
        requiredScope: 'monitoring:read',
      });
    });
  });

  describe('NotFoundError', () => {
    it('is thrown given an unknown threat id', async () => {
      const error = await rejection(target().client().threats.get('threat_zzzzzzzz'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('InvalidRequestError', () => {
    it('carries the wire field in details given an invalid address', async () => {
      const error = await rejection(
        target().client().threats.report({
          ipAddress: 'not-an-ip',
          threatType: 'MALWARE',
          confidence: 0.5,
        }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
      expect((error as InvalidRequestError).details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'ip_address' })]),
      );
    });

    it('rejects an id that names no resource before sending anything', async () => {
      const client = target().client();
      const before = target().counters().requests;
      // '..' would otherwise reach another path: DELETE /webhooks/.. is DELETE / once resolved.
      const calls: [string, (id: string) => PromiseLike<unknown>][] = [
        ['threat_id', (id) => client.threats.get(id)],
        ['threat_id', (id) => client.threats.update(id, { status: 'investigating' })],
        ['ip', (id) => client.threats.check(id)],
        ['key_id', (id) => client.apiKeys.revoke(id)],
        ['evidence_id', (id) => client.evidence.get(id)],
        ['evidence_id', (id) => client.evidence.download(id)],
        ['block_id', (id) => client.network.unblock(id)],
        ['webhook_id', (id) => client.webhooks.delete(id)],
        ['webhook_id', (id) => client.webhooks.deliveries(id)],
        ['webhook_id', (id) => client.webhooks.test(id)],
      ];
      for (const [field, call] of calls) {
        for (const id of ['', '.', '..', undefined as unknown as string]) {
          const error = await rejection(call(id));
          expect(error, `${field} ${String(id)}`).toBeInstanceOf(InvalidRequestError);
          expect(error).toMatchObject({ code: 'INVALID_REQUEST', requestId: undefined });
          expect((error as InvalidRequestError).details).toEqual([
            expect.objectContaining({ field }),
          ]);
        }
      }

      expect(target().counters().requests).toBe(before);
    });

    it('is thrown given from after to', async () => {
      const error = await rejection(
        target()
          .client()
          .threats.list({ from: '2025-01-10T00:00:00Z', to: '2025-01-01T00:00:00Z' }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('ConflictError', () => {
    it('is thrown given an invalid status transition', async () => {
      const client = target().client();
      const { data } = await client.threats.list({ status: 'active', limit: 1 });
      const error = await rejection(
        client.threats.update(data[0]!.id, { status: 'active' }, { maxRetries: 0 }),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, code: 'CONFLICT' });
    });
  });

  describe('PayloadTooLargeError', () => {
    it('is thrown given a body over 1 MiB', async () => {
      const error = await rejection(
        target()
          .client()
          .threats.report({
            ipAddress: '203.0.113.42',
            threatType: 'MALWARE',
            confidence: 0.5,
            context: { hostname: 'x'.repeat(1_100_000) },
          }),
      );
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  describe('UnsupportedMediaTypeError', () => {
    it('is thrown given a per-call Content-Type the API does not accept', async () => {
      const error = await rejection(
        target()
          .client()
          .threats.report(
            { ipAddress: '203.0.113.42', threatType: 'MALWARE', confidence: 0.5 },
            { headers: { 'Content-Type': 'text/plain' } },
          ),
      );
      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });
});

describeEachTarget(
  'errors on a personal plan',
  (target) => {
    describe('RateLimitError', () => {
      it('carries retryAfter, limit and resetAt given calls past the burst', async () => {
        const client = target().client({ maxRetries: 0 });
        const results = await Promise.allSettled(
          Array.from({ length: 60 }, () => client.monitoring.status()),
        );
        const refused = results.filter((result) => result.status === 'rejected');
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(50);
        expect(refused).toHaveLength(10);
        const error = (refused[0] as PromiseRejectedResult).reason as RateLimitError;
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED', limit: 10 });
        expect(error.retryAfter).toBeGreaterThanOrEqual(1);
        expect(Date.parse(error.resetAt!)).not.toBeNaN();
      });
    });
  },
  { plan: 'personal' },
);
