import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CyberFortressError } from '../../src/index.js';
import {
  InvalidSecretError,
  MalformedSignatureError,
  MissingHeaderError,
  ParsedPayloadError,
  SignatureMismatchError,
  StaleTimestampError,
  WebhookVerificationError,
  isWebhookVerificationError,
  signWebhook,
  verifyWebhook,
} from '../../src/webhooks/index.js';
import {
  BODY,
  PLAIN,
  WHSEC,
  nowSeconds,
  referenceSignature,
  standardSignature,
} from './helpers.js';

/** Standard Webhooks headers only, signed independently of the SDK. */
function standardHeaders(secret: string, timestamp = nowSeconds(), id = 'msg_2Lx1', body = BODY) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature(secret, id, timestamp, body),
  };
}

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect(error).toBeInstanceOf(CyberFortressError);
  return error as WebhookVerificationError;
}

describe('verifyWebhook', () => {
  describe('accepts', () => {
    it('resolves to the raw body given Standard Webhooks headers', async () => {
      await expect(
        verifyWebhook({ payload: BODY, headers: standardHeaders(WHSEC), secret: WHSEC }),
      ).resolves.toBe(BODY);
    });

    it('resolves given only the reference header, with a plain secret used as UTF-8', async () => {
      const headers = { 'X-CyberFortress-Signature': referenceSignature(PLAIN, BODY) };
      await expect(verifyWebhook({ payload: BODY, headers, secret: PLAIN })).resolves.toBe(BODY);
    });

    it('resolves given only the reference header and a whsec_ secret (keyed as written, as the reference verifier does)', async () => {
      const headers = { 'x-cyberfortress-signature': referenceSignature(WHSEC, BODY) };
      await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    });

    it('resolves given the headers of signWebhook, with either secret convention', async () => {
      for (const secret of [WHSEC, PLAIN]) {
        const headers = await signWebhook({ payload: BODY, secret });
        await expect(verifyWebhook({ payload: BODY, headers, secret })).resolves.toBe(BODY);
      }
    });

    it('resolves given bytes: Uint8Array, Buffer, ArrayBuffer and a DataView', async () => {
      const headers = standardHeaders(WHSEC);
      const bytes = new TextEncoder().encode(BODY);
      const payloads = [bytes, Buffer.from(BODY), bytes.buffer, new DataView(bytes.buffer)];
      for (const payload of payloads) {
        await expect(
          verifyWebhook({ payload: payload as Uint8Array, headers, secret: WHSEC }),
        ).resolves.toBe(BODY);
      }
    });

    it('verifies bytes that are not valid UTF-8 over the bytes themselves', async () => {
      const bytes = new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]);
      const headers = await signWebhook({ payload: bytes, secret: WHSEC });
      await expect(verifyWebhook({ payload: bytes, headers, secret: WHSEC })).resolves.toBeTypeOf(
        'string',
      );
      await expect(
        verifyWebhook({
          payload: new Uint8Array([0xff, 0xfe, 0x7b, 0x7e]),
          headers,
          secret: WHSEC,
        }),
      ).rejects.toBeInstanceOf(SignatureMismatchError);
    });

    it('reads headers in any case from a plain object, arrays included', async () => {
      const signed = standardHeaders(WHSEC);
      const headers = {
        'WEBHOOK-ID': signed['webhook-id'],
        'Webhook-Timestamp': [signed['webhook-timestamp']],
        'wEbHoOk-SiGnAtUrE': [
          'v1,bm90IGEgc2lnbmF0dXJlIG9mIDMyIGJ5dGVzISEhISEhISEhISE=',
          signed['webhook-signature'],
        ],
      };
      await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    });

    it('reads a Headers object, with repeated signature headers joined by the runtime', async () => {
      const signed = standardHeaders(WHSEC);
      const headers = new Headers();
      headers.set('Webhook-Id', signed['webhook-id']);
      headers.set('Webhook-Timestamp', signed['webhook-timestamp']);
      headers.append('Webhook-Signature', 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      headers.append('Webhook-Signature', signed['webhook-signature']);
      await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    });

    it('reads [name, value] pairs, as new Headers() takes them', async () => {
      const pairs = Object.entries(standardHeaders(WHSEC)).map(
        ([name, value]) => [name.toUpperCase(), value] as [string, string],
      );
      await expect(verifyWebhook({ payload: BODY, headers: pairs, secret: WHSEC })).resolves.toBe(
        BODY,
      );
    });

    it('reads a Map of headers', async () => {
      const headers = new Map(Object.entries(standardHeaders(WHSEC)));
      await expect(
        verifyWebhook({ payload: BODY, headers: headers as never, secret: WHSEC }),
      ).resolves.toBe(BODY);
    });

    it('accepts a space-separated list of signatures, skipping other versions', async () => {
      const signed = standardHeaders(WHSEC);
      const headers = {
        ...signed,
        'webhook-signature': `v1a,c29tZXRoaW5nIGVsc2U= v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${signed['webhook-signature']}`,
      };
      await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    });
  });

  describe('rotation', () => {
    it('passes when any of several secrets signed the delivery, in either format', async () => {
      const secrets = ['whsec_b2xkIHNlY3JldCBrZXkgYnl0ZXM=', WHSEC, PLAIN];
      for (const secret of [WHSEC, PLAIN]) {
        const headers = await signWebhook({ payload: BODY, secret });
        await expect(verifyWebhook({ payload: BODY, headers, secret: secrets })).resolves.toBe(
          BODY,
        );
        const reference = { 'x-cyberfortress-signature': headers['x-cyberfortress-signature'] };
        await expect(
          verifyWebhook({ payload: BODY, headers: reference, secret: secrets }),
        ).resolves.toBe(BODY);
      }
    });

    it('passes when the sender lists signatures by the old and the new secret', async () => {
      const id = 'msg_rotate';
      const timestamp = nowSeconds();
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': `${standardSignature('whsec_b2xkIHNlY3JldA==', id, timestamp, BODY)} ${standardSignature(WHSEC, id, timestamp, BODY)}`,
      };
      await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    });

    it('fails with SignatureMismatchError when none of the secrets signed it', async () => {
      const headers = await signWebhook({ payload: BODY, secret: WHSEC });
      const error = await rejection(
        verifyWebhook({ payload: BODY, headers, secret: [PLAIN, 'another_secret_value'] }),
      );
      expect(error).toBeInstanceOf(SignatureMismatchError);
      expect(error.code).toBe('WEBHOOK_SIGNATURE_MISMATCH');
    });
  });

  describe('tolerance', () => {
    it('accepts timestamps just inside the default 300 s, in the past and in the future', async () => {
      for (const drift of [-295, 295]) {
        const headers = standardHeaders(WHSEC, nowSeconds() + drift);
        await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
      }
    });

    it('rejects timestamps beyond it, in the past and in the future, with StaleTimestampError', async () => {
      for (const drift of [-310, 310]) {
        const timestamp = nowSeconds() + drift;
        const error = await rejection(
          verifyWebhook({
            payload: BODY,
            headers: standardHeaders(WHSEC, timestamp),
            secret: WHSEC,
          }),
        );
        expect(error).toBeInstanceOf(StaleTimestampError);
        expect(error.code).toBe('WEBHOOK_STALE_TIMESTAMP');
        const stale = error as StaleTimestampError;
        expect(stale.timestamp).toBe(timestamp);
        expect(stale.tolerance).toBe(300);
        expect(Math.abs(stale.now - nowSeconds())).toBeLessThanOrEqual(2);
        expect(stale.message).toMatch(drift < 0 ? /in the past/ : /in the future/);
      }
    });

    it('honours a custom tolerance', async () => {
      const headers = standardHeaders(WHSEC, nowSeconds() - 60);
      await expect(
        verifyWebhook({ payload: BODY, headers, secret: WHSEC, tolerance: 30 }),
      ).rejects.toBeInstanceOf(StaleTimestampError);
      await expect(
        verifyWebhook({ payload: BODY, headers, secret: WHSEC, tolerance: 90 }),
      ).resolves.toBe(BODY);
    });

    it('still checks webhook-timestamp beside the reference header', async () => {
      const headers = {
        'x-cyberfortress-signature': referenceSignature(PLAIN, BODY),
        'webhook-timestamp': String(nowSeconds() - 3600),
      };
      await expect(verifyWebhook({ payload: BODY, headers, secret: PLAIN })).rejects.toBeInstanceOf(
        StaleTimestampError,
      );
    });

    it('refuses a reference-only delivery when requireTimestamp is set', async () => {
      const headers = { 'x-cyberfortress-signature': referenceSignature(PLAIN, BODY) };
      const error = await rejection(
        verifyWebhook({ payload: BODY, headers, secret: PLAIN, requireTimestamp: true }),
      );
      expect(error).toBeInstanceOf(MissingHeaderError);
      expect((error as MissingHeaderError).header).toBe('webhook-timestamp');
    });

    it('rejects a malformed tolerance with a TypeError naming the option', async () => {
      await expect(
        verifyWebhook({ payload: BODY, headers: {}, secret: WHSEC, tolerance: -1 }),
      ).rejects.toThrow(/`tolerance`/);
    });
  });

  describe('failure modes', () => {
    it('MissingHeaderError when no signature header is present', async () => {
      const error = await rejection(verifyWebhook({ payload: BODY, headers: {}, secret: WHSEC }));
      expect(error).toBeInstanceOf(MissingHeaderError);
      expect(error.code).toBe('WEBHOOK_MISSING_HEADER');
      expect((error as MissingHeaderError).header).toBe('webhook-signature');
      expect(error.message).toMatch(/X-CyberFortress-Signature/);
    });

    it('MissingHeaderError naming webhook-id or webhook-timestamp when the signature lacks it', async () => {
      for (const header of ['webhook-id', 'webhook-timestamp'] as const) {
        const headers: Record<string, string> = standardHeaders(WHSEC);
        delete headers[header];
        const error = await rejection(verifyWebhook({ payload: BODY, headers, secret: WHSEC }));
        expect(error).toBeInstanceOf(MissingHeaderError);
        expect((error as MissingHeaderError).header).toBe(header);
      }
    });

    it('MalformedSignatureError for a signature in neither format', async () => {
      const cases = [
        { 'webhook-signature': 'not-a-signature' },
        { 'webhook-signature': 'v1,@@@' },
        { 'webhook-signature': 'v1,c2hvcnQ=' },
        { 'webhook-signature': 'v2,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
        { 'x-cyberfortress-signature': 'sha1=abc' },
        { 'x-cyberfortress-signature': `sha256=${'g'.repeat(64)}` },
        { 'x-cyberfortress-signature': referenceSignature(PLAIN, BODY).slice(0, -2) },
      ];
      for (const signature of cases) {
        const headers = {
          'webhook-id': 'msg_1',
          'webhook-timestamp': String(nowSeconds()),
          ...signature,
        };
        const error = await rejection(verifyWebhook({ payload: BODY, headers, secret: PLAIN }));
        expect(error, JSON.stringify(signature)).toBeInstanceOf(MalformedSignatureError);
        expect(error.code).toBe('WEBHOOK_MALFORMED_SIGNATURE');
      }
    });

    it('MalformedSignatureError naming webhook-timestamp when it is not unix seconds', async () => {
      for (const timestamp of ['2025-01-15T14:30:00Z', '-5', '1.5e9', 'soon']) {
        const headers = { ...standardHeaders(WHSEC), 'webhook-timestamp': timestamp };
        const error = await rejection(verifyWebhook({ payload: BODY, headers, secret: WHSEC }));
        expect(error).toBeInstanceOf(MalformedSignatureError);
        expect((error as MalformedSignatureError).header).toBe('webhook-timestamp');
      }
    });

    it('SignatureMismatchError for a changed body, id, timestamp or wrong secret', async () => {
      const timestamp = nowSeconds();
      const headers = standardHeaders(WHSEC, timestamp);
      const attempts = [
        { payload: BODY.replace('92', '93'), headers, secret: WHSEC },
        { payload: BODY, headers: { ...headers, 'webhook-id': 'msg_other' }, secret: WHSEC },
        {
          payload: BODY,
          headers: { ...headers, 'webhook-timestamp': String(timestamp - 1) },
          secret: WHSEC,
        },
        { payload: BODY, headers, secret: 'whsec_d3Jvbmcgc2VjcmV0' },
        {
          payload: `${BODY} `,
          headers: { 'x-cyberfortress-signature': referenceSignature(PLAIN, BODY) },
          secret: PLAIN,
        },
      ];
      for (const attempt of attempts) {
        const error = await rejection(verifyWebhook(attempt));
        expect(error).toBeInstanceOf(SignatureMismatchError);
      }
    });

    it('checks only webhook-signature when it is present, not the reference header beside it', async () => {
      const headers = {
        ...standardHeaders(WHSEC),
        'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        'x-cyberfortress-signature': referenceSignature(WHSEC, BODY),
      };
      const error = await rejection(verifyWebhook({ payload: BODY, headers, secret: WHSEC }));
      expect(error).toBeInstanceOf(SignatureMismatchError);
      expect((error as SignatureMismatchError).header).toBe('webhook-signature');
    });

    it('InvalidSecretError for an empty secret, an empty list or a whsec_ that is not base64', async () => {
      const headers = standardHeaders(WHSEC);
      for (const secret of ['', [], 'whsec_', 'whsec_not base64!', [WHSEC, 42]]) {
        const error = await rejection(
          verifyWebhook({ payload: BODY, headers, secret: secret as string }),
        );
        expect(error).toBeInstanceOf(InvalidSecretError);
        expect(error.code).toBe('WEBHOOK_INVALID_SECRET');
        expect(error.message).not.toContain(WHSEC);
      }
    });
  });

  describe('ParsedPayloadError', () => {
    it('is raised for a parsed object, with how to get the raw body in each framework', async () => {
      const headers = await signWebhook({ payload: BODY, secret: WHSEC });
      const error = await rejection(
        verifyWebhook({ payload: JSON.parse(BODY) as string, headers, secret: WHSEC }),
      );
      expect(error).toBeInstanceOf(ParsedPayloadError);
      expect(error.code).toBe('WEBHOOK_PARSED_PAYLOAD');
      expect((error as ParsedPayloadError).received).toBe('object');
      expect(error.message).toContain("express.raw({ type: 'application/json' })");
      expect(error.message).toContain('addContentTypeParser');
      expect(error.message).toContain("parseAs: 'string'");
      expect(error.message).toContain('bodyParser: false');
      expect(error.message).toContain('await request.text()');
    });

    it('is raised for an array, undefined (no body parser) and other non-text values', async () => {
      const headers = await signWebhook({ payload: BODY, secret: WHSEC });
      const cases: [unknown, string][] = [
        [[1, 2], 'array'],
        [undefined, 'undefined'],
        [null, 'null'],
        [42, 'number'],
      ];
      for (const [payload, received] of cases) {
        const error = await rejection(
          verifyWebhook({ payload: payload as string, headers, secret: WHSEC }),
        );
        expect(error).toBeInstanceOf(ParsedPayloadError);
        expect((error as ParsedPayloadError).received).toBe(received);
      }
    });

    it('comes before any header or secret problem, since it is the usual cause', async () => {
      const error = await rejection(
        verifyWebhook({ payload: {} as string, headers: {}, secret: '' }),
      );
      expect(error).toBeInstanceOf(ParsedPayloadError);
    });
  });

  describe('a re-serialised string payload', () => {
    it('fails with SignatureMismatchError whose message hints at the raw body', async () => {
      const sent = JSON.stringify(JSON.parse(BODY), null, 2);
      const headers = await signWebhook({ payload: sent, secret: WHSEC });
      const reserialised = JSON.stringify(JSON.parse(sent));
      const error = await rejection(
        verifyWebhook({ payload: reserialised, headers, secret: WHSEC }),
      );
      expect(error).toBeInstanceOf(SignatureMismatchError);
      expect(error.message).toMatch(/JSON\.stringify output/);
      expect(error.message).toContain("express.raw({ type: 'application/json' })");
    });

    it('gives no such hint when the payload is not what JSON.stringify writes', async () => {
      const headers = await signWebhook({ payload: BODY, secret: WHSEC });
      const error = await rejection(
        verifyWebhook({ payload: `${BODY}\n`, headers, secret: WHSEC }),
      );
      expect(error).toBeInstanceOf(SignatureMismatchError);
      expect(error.message).not.toMatch(/JSON\.stringify/);
    });
  });

  describe('portability', () => {
    it('uses no Node API in src/webhooks (Web Crypto and TextEncoder only)', () => {
      const folder = new URL('../../src/webhooks/', import.meta.url);
      for (const file of readdirSync(folder)) {
        // Code only: the JSDoc examples show Node receivers on purpose.
        const source = readFileSync(new URL(file, folder), 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line))
          .join('\n');
        expect(source, file).not.toMatch(/from ['"]node:|require\(|\bBuffer\.|process\./);
      }
    });
  });

  describe('isWebhookVerificationError', () => {
    it('matches by class and by name', async () => {
      const error = await rejection(verifyWebhook({ payload: BODY, headers: {}, secret: WHSEC }));
      expect(isWebhookVerificationError(error)).toBe(true);
      const foreign = Object.assign(new Error('x'), { name: 'SignatureMismatchError' });
      expect(isWebhookVerificationError(foreign)).toBe(true);
      expect(isWebhookVerificationError(new Error('x'))).toBe(false);
    });
  });
});
