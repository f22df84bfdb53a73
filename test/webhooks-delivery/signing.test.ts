// The signing rules and the retry schedule, as units, with property-based checks against the
// standardwebhooks library.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_OPTIONS, retryDelay } from '../../mock-server/webhooks/dispatcher.js';
import {
  referenceSignature,
  signedHeaders,
  standardSigningKey,
} from '../../mock-server/webhooks/signing.js';

const whsecSecret = fc
  .uint8Array({ minLength: 16, maxLength: 64 })
  .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
const deliveryId = fc.stringMatching(/^whd_[a-z0-9]{12}$/);
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('signing', () => {
  it("matches the reference's example secret with the UTF-8 bytes of the secret", () => {
    const body = '{"event":"threat.critical"}';
    expect(referenceSignature('your_webhook_secret', body)).toBe(
      `sha256=${createHmac('sha256', 'your_webhook_secret').update(body).digest('hex')}`,
    );
  });

  it('decodes a whsec_ secret as base64 and uses any other secret as UTF-8 bytes', () => {
    expect(standardSigningKey('whsec_AAECAw==')).toEqual(Buffer.from([0, 1, 2, 3]));
    expect(standardSigningKey('plain_secret_with_ü')).toEqual(
      Buffer.from('plain_secret_with_ü', 'utf8'),
    );
  });

  it('produces headers the standardwebhooks library accepts, for any body, id and whsec_ secret', () => {
    fc.assert(
      fc.property(whsecSecret, deliveryId, fc.string({ unit: 'grapheme' }), (secret, id, text) => {
        const body = JSON.stringify({ event: 'webhook.test', data: { text } });
        const headers = signedHeaders({ secret, id, timestamp: nowSeconds(), body });
        expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      }),
      { numRuns: 200 },
    );
  });

  it('produces signatures that fail for any change to the body, id or timestamp', () => {
    fc.assert(
      fc.property(
        whsecSecret,
        deliveryId,
        fc.string({ minLength: 1 }),
        fc.integer({ min: 1, max: 200 }),
        (secret, id, text, shift) => {
          const body = JSON.stringify({ text });
          const timestamp = nowSeconds();
          const headers = signedHeaders({ secret, id, timestamp, body });
          const verifier = new Webhook(secret);
          expect(() => verifier.verify(`${body} `, headers)).toThrow();
          expect(() => verifier.verify(body, { ...headers, 'webhook-id': `${id}x` })).toThrow();
          expect(() =>
            verifier.verify(body, { ...headers, 'webhook-timestamp': String(timestamp - shift) }),
          ).toThrow();
          expect(headers['X-CyberFortress-Signature']).not.toBe(
            referenceSignature(secret, `${body} `),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('signs a plain secret so that the library in raw format accepts it', () => {
    const secret = 'your_webhook_secret';
    const body = '{"event":"webhook.test","timestamp":"2025-01-15T15:00:00Z","data":{}}';
    const headers = signedHeaders({
      secret,
      id: 'whd_abcdefghijkl',
      timestamp: nowSeconds(),
      body,
    });
    expect(new Webhook(secret, { format: 'raw' }).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'User-Agent': 'CyberFortress-Webhooks/1.0',
    });
  });
});

describe('retryDelay', () => {
  it('waits base × multiplier^(n-1) after failed attempt n, within ± jitter, capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (attempt, multiplier, r) => {
          const options = { ...DEFAULT_DELIVERY_OPTIONS, retryBaseMs: 100 };
          const nominal = 100 * multiplier ** (attempt - 1);
          const wait = retryDelay(attempt, multiplier, options, () => r);
          const cap = options.maxDelayMs;
          expect(wait).toBeGreaterThanOrEqual(Math.min(cap, Math.floor(nominal * 0.8)));
          expect(wait).toBeLessThanOrEqual(Math.min(cap, Math.ceil(nominal * 1.2)));
        },
      ),
    );
    const exact = { ...DEFAULT_DELIVERY_OPTIONS, jitter: 0 };
    expect([1, 2, 3].map((n) => retryDelay(n, 2, exact))).toEqual([1000, 2000, 4000]);
  });
});
