import { describe, expect, expectTypeOf, it } from 'vitest';
import CyberFortress from '../../src/index.js';
import {
  InvalidPayloadError,
  SignatureMismatchError,
  constructEvent,
  signWebhook,
  type ParsedWebhookEvent,
} from '../../src/webhooks/index.js';
import { BODY, PLAIN, WHSEC } from './helpers.js';

async function signed(body: string, secret = WHSEC) {
  return {
    payload: body,
    headers: await signWebhook({ payload: body, secret, id: 'msg_evt1' }),
    secret,
  };
}

describe('constructEvent', () => {
  it('returns a known event with camelCased, typed data and the delivery id', async () => {
    const event = await constructEvent(await signed(BODY));
    expect(event).toEqual({
      event: 'threat.critical',
      timestamp: '2025-01-15T14:30:00Z',
      data: {
        threatId: 'threat_7h8i9j0k',
        ipAddress: '203.0.113.42',
        threatScore: 92,
        threatLevel: 'CRITICAL',
        automatedResponse: { actionsTaken: ['BLOCK_IP', 'QUARANTINE_PROCESS'] },
      },
      deliveryId: 'msg_evt1',
      known: true,
    });

    if (event.known && event.event === 'threat.critical') {
      expectTypeOf(event.data.threatScore).toEqualTypeOf<number>();
      expectTypeOf(event.data.ipAddress).toEqualTypeOf<string>();
    }
  });

  it('keeps the payload signature field and extra data fields', async () => {
    const body = JSON.stringify({
      event: 'crypto.high_risk_transaction',
      timestamp: '2025-01-15T14:30:00Z',
      data: { chain: 'ethereum', address: '0xabc', risk_score: 88, flags: ['MIXER'], new_field: 1 },
      signature: 'sha256=00',
    });
    const event = await constructEvent(await signed(body));
    expect(event).toMatchObject({
      event: 'crypto.high_risk_transaction',
      known: true,
      signature: 'sha256=00',
      data: { chain: 'ethereum', riskScore: 88, flags: ['MIXER'], newField: 1 },
    });
  });

  it('parses each event the mock sends', async () => {
    const samples: [string, Record<string, unknown>][] = [
      ['webhook.test', { webhook_id: 'wh_1', delivery_id: 'whd_1', message: 'Test delivery' }],
      [
        'threat.mitigated',
        {
          threat_id: 't',
          ip_address: '1.2.3.4',
          threat_score: 10,
          threat_level: 'LOW',
          resolution: null,
        },
      ],
      ['system.status', { mode: 'active', engines: { ml_engine: 'running' } }],
      ['evidence.collected', { id: 'ev_1', type: 'memory_dump', threat_id: null, size_bytes: 10 }],
      ['ml.anomaly', { threat_id: 't', ip_address: '1.2.3.4' }],
      [
        'auto_response.executed',
        {
          threat_id: 't',
          automated_response: { actions_taken: ['BLOCK_IP'], response_time_ms: 40 },
        },
      ],
      ['system.emergency', { action: 'emergency_block_all', blocked: 3 }],
    ];
    for (const [name, data] of samples) {
      const body = JSON.stringify({ event: name, timestamp: '2025-01-15T15:00:00Z', data });
      const event = await constructEvent(await signed(body, PLAIN));
      expect(event.known, name).toBe(true);
      expect(event.event).toBe(name);
    }
  });

  it('accepts an unknown enum value in a known event, as the rest of the SDK does', async () => {
    const body = BODY.replace('"CRITICAL"', '"SEVERE"');
    const event = await constructEvent(await signed(body));
    expect(event).toMatchObject({ known: true, data: { threatLevel: 'SEVERE' } });
  });

  it('keeps an unknown event readable with known: false instead of throwing', async () => {
    const body = JSON.stringify({
      event: 'quantum.breach',
      timestamp: '2026-01-01T00:00:00Z',
      data: { qubit_count: 7, nested_thing: { some_key: true } },
    });
    const event: ParsedWebhookEvent = await constructEvent(await signed(body));
    expect(event).toEqual({
      event: 'quantum.breach',
      timestamp: '2026-01-01T00:00:00Z',
      data: { qubitCount: 7, nestedThing: { someKey: true } },
      deliveryId: 'msg_evt1',
      known: false,
    });
  });

  it('rejects a genuine body that is not JSON or not an envelope with InvalidPayloadError', async () => {
    for (const body of [
      'not json',
      '[]',
      '{"event":"threat.high"}',
      '{"event":1,"timestamp":"x","data":{}}',
    ]) {
      const error = await constructEvent(await signed(body)).catch((e: unknown) => e);
      expect(error, body).toBeInstanceOf(InvalidPayloadError);
      expect((error as InvalidPayloadError).code).toBe('WEBHOOK_INVALID_PAYLOAD');
    }
  });

  it('rejects a known event whose data breaks its schema, naming the path', async () => {
    const body = JSON.stringify({
      event: 'threat.high',
      timestamp: '2025-01-15T14:30:00Z',
      data: { threat_id: 't', ip_address: '1.2.3.4', threat_score: 'high', threat_level: 'HIGH' },
    });
    const error = (await constructEvent(await signed(body)).catch(
      (e: unknown) => e,
    )) as InvalidPayloadError;
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.issues[0]?.path).toEqual(['data', 'threat_score']);
  });

  it('verifies before it parses', async () => {
    const params = await signed(BODY);
    await expect(
      constructEvent({ ...params, payload: BODY.replace('92', '99') }),
    ).rejects.toBeInstanceOf(SignatureMismatchError);
  });
});

describe('client.webhooks', () => {
  const client = new CyberFortress({
    apiKey: 'cf_test_aaaaaaaaaaaaaaaaaaaaaaaa',
    baseURL: 'http://127.0.0.1:9',
  });

  it('verify resolves to the raw body and rejects a tampered one', async () => {
    const params = await signed(BODY);
    await expect(client.webhooks.verify(params)).resolves.toBe(BODY);
    await expect(
      client.webhooks.verify({ ...params, payload: `${BODY}\n` }),
    ).rejects.toBeInstanceOf(SignatureMismatchError);
  });

  it('constructEvent returns the typed event', async () => {
    const event = await client.webhooks.constructEvent(await signed(BODY));
    expect(event).toMatchObject({
      event: 'threat.critical',
      known: true,
      data: { threatScore: 92 },
    });
  });
});
