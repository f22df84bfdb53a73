// Interoperability with the `standardwebhooks` library, the specification's own implementation:
// what we sign it accepts, and what it signs we accept.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  SignatureMismatchError,
  StaleTimestampError,
  signWebhook,
  verifyWebhook,
} from '../../src/webhooks/index.js';
import { BODY, WHSEC } from './helpers.js';

describe('signWebhook and the standardwebhooks library', () => {
  it('produces headers that new Webhook(secret).verify accepts', async () => {
    const headers = await signWebhook({ payload: BODY, secret: WHSEC });
    expect(new Webhook(WHSEC).verify(BODY, headers)).toEqual(JSON.parse(BODY));
  });

  it('produces headers the library accepts for bytes and an explicit id and timestamp', async () => {
    const bytes = new TextEncoder().encode(BODY);
    const headers = await signWebhook({
      payload: bytes,
      secret: WHSEC,
      id: 'msg_fixed',
      timestamp: new Date(),
    });
    expect(headers['webhook-id']).toBe('msg_fixed');
    expect(new Webhook(WHSEC).verify(bytes, headers)).toEqual(JSON.parse(BODY));
  });

  it('produces the same signature as the library for the same id, timestamp and body', async () => {
    const timestamp = new Date();
    const headers = await signWebhook({ payload: BODY, secret: WHSEC, id: 'msg_x', timestamp });
    const seconds = new Date(Math.floor(timestamp.getTime() / 1000) * 1000);
    expect(headers['webhook-signature']).toBe(new Webhook(WHSEC).sign('msg_x', seconds, BODY));
  });

  it('is refused by the library when the body changes', async () => {
    const headers = await signWebhook({ payload: BODY, secret: WHSEC });
    expect(() => new Webhook(WHSEC).verify(BODY.replace('92', '93'), headers)).toThrow();
  });
});

describe('verifyWebhook on what the standardwebhooks library signs', () => {
  function librarySigned(timestamp: Date, id = 'msg_lib', body = BODY) {
    const seconds = Math.floor(timestamp.getTime() / 1000);
    return {
      'webhook-id': id,
      'webhook-timestamp': String(seconds),
      'webhook-signature': new Webhook(WHSEC).sign(id, new Date(seconds * 1000), body),
    };
  }

  it('accepts a library-signed delivery', async () => {
    const headers = librarySigned(new Date());
    await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
    await expect(
      verifyWebhook({ payload: BODY, headers: new Headers(headers), secret: WHSEC }),
    ).resolves.toBe(BODY);
  });

  it('accepts a library-signed delivery when the secret is given as raw base64 to the library', async () => {
    const headers = {
      'webhook-id': 'msg_raw',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': '',
    };
    const library = new Webhook(WHSEC.slice('whsec_'.length));
    headers['webhook-signature'] = library.sign(
      'msg_raw',
      new Date(Number(headers['webhook-timestamp']) * 1000),
      BODY,
    );
    await expect(verifyWebhook({ payload: BODY, headers, secret: WHSEC })).resolves.toBe(BODY);
  });

  it('refuses a library-signed delivery that is stale or tampered, as the library does', async () => {
    const stale = librarySigned(new Date(Date.now() - 10 * 60_000));
    await expect(
      verifyWebhook({ payload: BODY, headers: stale, secret: WHSEC }),
    ).rejects.toBeInstanceOf(StaleTimestampError);
    expect(() => new Webhook(WHSEC).verify(BODY, stale)).toThrow(/too old/);

    const fresh = librarySigned(new Date());
    await expect(
      verifyWebhook({ payload: `${BODY} `, headers: fresh, secret: WHSEC }),
    ).rejects.toBeInstanceOf(SignatureMismatchError);
  });
});
