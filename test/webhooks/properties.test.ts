// Property-based tests: a genuine delivery verifies, any change to what is signed fails, and no
// input whatsoever makes verification fail with anything but the SDK's typed errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidPayloadError,
  MalformedSignatureError,
  constructEvent,
  SignatureMismatchError,
  isWebhookVerificationError,
  signWebhook,
  verifyWebhook,
  type ParsedWebhookEvent,
} from '../../src/webhooks/index.js';

const encoder = new TextEncoder();

const secretArb = fc.oneof(
  // A `whsec_` secret: base64 of 16..48 random bytes.
  fc
    .uint8Array({ minLength: 16, maxLength: 48 })
    .map((key) => `whsec_${Buffer.from(key).toString('base64')}`),
  // Any other secret is its UTF-8 text.
  fc
    .string({ unit: 'grapheme', minLength: 16, maxLength: 64 })
    .filter((s) => !s.startsWith('whsec_')),
);

const bodyArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.json(),
  fc.uint8Array({ maxLength: 300 }),
);

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

function sameBytes(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return Buffer.from(bytesOf(a)).equals(Buffer.from(bytesOf(b)));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A genuine delivery and its parts. */
const deliveryArb = fc.record({
  body: bodyArb,
  secret: secretArb,
  id: idArb,
  drift: fc.integer({ min: -250, max: 250 }),
});

async function sign(delivery: {
  body: string | Uint8Array;
  secret: string;
  id: string;
  drift: number;
}) {
  return signWebhook({
    payload: delivery.body,
    secret: delivery.secret,
    id: delivery.id,
    timestamp: nowSeconds() + delivery.drift,
  });
}

async function expectMismatch(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(SignatureMismatchError);
}

describe('verifyWebhook properties', () => {
  it('accepts every genuine delivery, in both signature formats', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, async (delivery) => {
        const headers = await sign(delivery);
        const { body: payload, secret } = delivery;
        await expect(verifyWebhook({ payload, headers, secret })).resolves.toBeTypeOf('string');
        const reference = { 'X-CyberFortress-Signature': headers['x-cyberfortress-signature'] };
        await expect(verifyWebhook({ payload, headers: reference, secret })).resolves.toBeTypeOf(
          'string',
        );
      }),
      { numRuns: 150 },
    );
  });

  it('refuses any change to the body, in both formats', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, bodyArb, async (delivery, other) => {
        fc.pre(!sameBytes(delivery.body, other));
        const headers = await sign(delivery);
        const { secret } = delivery;
        await expectMismatch(verifyWebhook({ payload: other, headers, secret }));
        const reference = { 'x-cyberfortress-signature': headers['x-cyberfortress-signature'] };
        await expectMismatch(verifyWebhook({ payload: other, headers: reference, secret }));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses any change to the timestamp', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, fc.integer({ min: -40, max: 40 }), async (delivery, delta) => {
        fc.pre(delta !== 0);
        const headers = await sign(delivery);
        const timestamp = String(Number(headers['webhook-timestamp']) + delta);
        await expectMismatch(
          verifyWebhook({
            payload: delivery.body,
            headers: { ...headers, 'webhook-timestamp': timestamp },
            secret: delivery.secret,
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('refuses the same timestamp spelled differently', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, fc.integer({ min: 1, max: 3 }), async (delivery, zeros) => {
        const headers = await sign(delivery);
        const timestamp = '0'.repeat(zeros) + headers['webhook-timestamp'];
        await expectMismatch(
          verifyWebhook({
            payload: delivery.body,
            headers: { ...headers, 'webhook-timestamp': timestamp },
            secret: delivery.secret,
          }),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('refuses any change to the id', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb, idArb, async (delivery, other) => {
        fc.pre(other !== delivery.id);
        const headers = await sign(delivery);
        await expectMismatch(
          verifyWebhook({
            payload: delivery.body,
            headers: { ...headers, 'webhook-id': other },
            secret: delivery.secret,
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('refuses any change to a signature byte, in both formats', async () => {
    await fc.assert(
      fc.asyncProperty(
        deliveryArb,
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 1, max: 255 }),
        async (delivery, index, mask) => {
          const headers = await sign(delivery);
          const standard = Buffer.from(headers['webhook-signature'].slice(3), 'base64');
          standard[index] = (standard[index] as number) ^ mask;
          await expectMismatch(
            verifyWebhook({
              payload: delivery.body,
              headers: { ...headers, 'webhook-signature': `v1,${standard.toString('base64')}` },
              secret: delivery.secret,
            }),
          );

          const reference = Buffer.from(headers['x-cyberfortress-signature'].slice(7), 'hex');
          reference[index] = (reference[index] as number) ^ mask;
          await expectMismatch(
            verifyWebhook({
              payload: delivery.body,
              headers: { 'x-cyberfortress-signature': `sha256=${reference.toString('hex')}` },
              secret: delivery.secret,
            }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses any other signature string, as malformed or mismatched', async () => {
    await fc.assert(
      fc.asyncProperty(
        deliveryArb,
        fc.string({ unit: 'binary', maxLength: 80 }),
        async (delivery, signature) => {
          const headers = await sign(delivery);
          fc.pre(signature.trim() !== headers['webhook-signature']);
          const error = await verifyWebhook({
            payload: delivery.body,
            headers: { ...headers, 'webhook-signature': signature },
            secret: delivery.secret,
          }).catch((e: unknown) => e);
          // A blank value means no Standard Webhooks signature: the reference header beside it is
          // then the one checked, and it is genuine.
          if (signature.trim() === '') return;
          expect(
            error instanceof MalformedSignatureError || error instanceof SignatureMismatchError,
          ).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('verifyWebhook on arbitrary input', () => {
  const anything = fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withUnicodeString: true,
  });

  const headerName = fc.constantFrom(
    'webhook-id',
    'Webhook-Timestamp',
    'WEBHOOK-SIGNATURE',
    'x-cyberfortress-signature',
    'X-CyberFortress-Signature',
  );

  const headerValue = fc.oneof(
    fc.string(),
    fc.array(fc.string()),
    fc.constantFrom('v1,', 'v1,AAAA', 'sha256=', `sha256=${'a'.repeat(64)}`, String(nowSeconds())),
    anything,
  );

  const headersArb = fc.oneof(
    anything,
    fc.dictionary(headerName, headerValue),
    fc.dictionary(headerName, fc.string()).map((entries) => new Headers(entries)),
  );

  const payloadArb = fc.oneof(anything, fc.string(), fc.uint8Array());
  const secretArb = fc.oneof(
    anything,
    fc.string(),
    fc.array(fc.oneof(fc.string(), anything)),
    fc.constantFrom('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_!!'),
  );

  it('never throws, and never rejects with anything but a typed webhook error', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, headersArb, secretArb, async (payload, headers, secret) => {
        let promise: Promise<string>;
        try {
          promise = verifyWebhook({ payload, headers, secret } as never);
        } catch (error) {
          throw new Error(`threw synchronously: ${String(error)}`);
        }

        const outcome = await promise.then(
          () => 'resolved',
          (error: unknown) => error,
        );
        expect(outcome === 'resolved' || isWebhookVerificationError(outcome), String(outcome)).toBe(
          true,
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('constructEvent on arbitrary genuine bodies', () => {
  const eventName = fc.oneof(
    fc.constantFrom('threat.critical', 'webhook.test', 'system.status', '__proto__', 'constructor'),
    fc.string(),
  );
  const bodyArb = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.json(),
    fc
      .record(
        {
          event: fc.oneof(eventName, fc.jsonValue()),
          timestamp: fc.oneof(fc.string(), fc.jsonValue()),
          data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
          signature: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
    fc.constant('{"event":"x","timestamp":"t","data":{"__proto__":{"polluted":true}}}'),
  );

  it('resolves to an event or rejects with InvalidPayloadError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
        const headers = await signWebhook({ payload: body, secret });
        const outcome: ParsedWebhookEvent | unknown = await constructEvent({
          payload: body,
          headers,
          secret,
        }).catch((error: unknown) => error);
        if (outcome instanceof Error) {
          expect(outcome, String(outcome)).toBeInstanceOf(InvalidPayloadError);
        } else {
          expect(outcome).toMatchObject({ known: expect.any(Boolean) });
          expect(typeof (outcome as ParsedWebhookEvent).event).toBe('string');
        }

        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
