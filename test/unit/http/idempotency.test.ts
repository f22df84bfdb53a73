import { afterEach, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../mock-server/http/idempotency.js';
import { createFakeMock, gate } from './support.js';

const body = { ip_address: '203.0.113.42', threat_type: 'MALWARE', confidence: 0.5 };

describe('Idempotency-Key', () => {
  afterEach(() => gate.release());

  it('replays the first response for the same key and body, with no second effect', async () => {
    const mock = createFakeMock();
    const headers = { 'idempotency-key': 'report-1' };
    const first = await mock.send('POST', '/v1/threats', { json: body, headers });
    const second = await mock.send('POST', '/v1/threats', { json: body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(mock.backend.store.size).toBe(1);
    expect(mock.runtime.state.counters.snapshot().idempotent_replays).toBe(1);
  });

  it('keeps keys apart per credential holder', async () => {
    const mock = createFakeMock({ apiKeys: ['second-key-1234'] });
    const headers = { 'idempotency-key': 'same' };
    await mock.send('POST', '/v1/threats', { json: body, headers });
    const other = await mock.send('POST', '/v1/threats', {
      json: body,
      headers,
      token: 'second-key-1234',
    });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(mock.backend.store.size).toBe(2);
  });

  it('returns 409 IDEMPOTENCY_KEY_REUSED for the same key with a different body', async () => {
    const mock = createFakeMock();
    const headers = { 'idempotency-key': 'report-2' };
    await mock.send('POST', '/v1/threats', { json: body, headers });
    const reused = await mock.send('POST', '/v1/threats', {
      json: { ...body, confidence: 0.9 },
      headers,
    });
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(mock.backend.store.size).toBe(1);
  });

  it('returns 409 IDEMPOTENCY_KEY_IN_USE while the first request is still running', async () => {
    const mock = createFakeMock();
    const headers = { 'idempotency-key': 'slow-1' };
    const waiting = gate.wait();
    void waiting;
    const first = mock.send('POST', '/v1/slow', { headers });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = await mock.send('POST', '/v1/slow', { headers });
    expect(concurrent.status).toBe(409);
    expect((await concurrent.json()).error.code).toBe('IDEMPOTENCY_KEY_IN_USE');

    gate.release();
    expect((await first).status).toBe(201);
    const replay = await mock.send('POST', '/v1/slow', { headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(mock.backend.store.size).toBe(1);
  });

  it('stores 4xx answers but not 5xx ones, so a retry after a server error runs again', async () => {
    const mock = createFakeMock();
    const invalidHeaders = { 'idempotency-key': 'bad-body' };
    await mock.send('POST', '/v1/threats', { json: { nope: 1 }, headers: invalidHeaders });
    const replayedInvalid = await mock.send('POST', '/v1/threats', {
      json: { nope: 1 },
      headers: invalidHeaders,
    });
    expect(replayedInvalid.status).toBe(400);
    expect(replayedInvalid.headers.get('idempotent-replayed')).toBe('true');

    const failHeaders = { 'idempotency-key': 'fail-1' };
    expect((await mock.send('POST', '/v1/fail', { headers: failHeaders })).status).toBe(503);
    const retried = await mock.send('POST', '/v1/fail', { headers: failHeaders });
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(mock.backend.store.size).toBe(2);
  });

  it('returns 400 naming the header for an invalid key', async () => {
    const mock = createFakeMock();
    for (const key of ['x'.repeat(256), 'tab\there', 'ü']) {
      const response = await mock.send('POST', '/v1/threats', {
        json: body,
        headers: { 'idempotency-key': key },
      });
      expect(response.status, key).toBe(400);
      expect((await response.json()).error.details[0].field).toBe('Idempotency-Key');
    }

    expect(mock.backend.store.size).toBe(0);
  });

  it('forgets keys after 24 hours of mock time', async () => {
    const mock = createFakeMock();
    const headers = { 'idempotency-key': 'daily' };
    await mock.send('POST', '/v1/threats', { json: body, headers });
    mock.backend.clock.advance(24 * 3_600_000);
    const later = await mock.send('POST', '/v1/threats', { json: body, headers });
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(mock.backend.store.size).toBe(2);
  });
});

describe('IdempotencyStore', () => {
  it('releases a claim so the key can be used again', () => {
    const store = new IdempotencyStore(() => 0);
    const claim = store.begin('p', 'k', 'f1');
    expect(claim.kind).toBe('claimed');
    if (claim.kind === 'claimed') claim.release();
    expect(store.begin('p', 'k', 'f2').kind).toBe('claimed');
  });
});
