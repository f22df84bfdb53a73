import { expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import { SEEDED_THREATS, expectError, expectInvalid, reference, threatTotal } from './support.js';

describeEachTarget('Idempotency-Key', (t) => {
  it('replays the first response with Idempotent-Replayed given the same key and body twice', async () => {
    const headers = { 'idempotency-key': 'report-203.0.113.42-1' };
    const first = await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    const second = await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await threatTotal(t())).toBe(SEEDED_THREATS + 1);
    const counters = (await t().control('GET', '/counters')).body;
    expect(counters.idempotent_replays).toBe(1);
  });

  it('creates one threat per distinct key', async () => {
    for (const key of ['a', 'b', 'c']) {
      const reply = await t().request('POST', '/threats', {
        body: reference.reportThreat,
        headers: { 'idempotency-key': key },
      });
      expect(reply.status).toBe(201);
    }

    expect(await threatTotal(t())).toBe(SEEDED_THREATS + 3);
  });

  it('refuses the same key with another body with 409 IDEMPOTENCY_KEY_REUSED and no second effect', async () => {
    const headers = { 'idempotency-key': 'reused-key' };
    expect(
      (await t().request('POST', '/threats', { body: reference.reportThreat, headers })).status,
    ).toBe(201);
    const other = { ...reference.reportThreat, confidence: 0.5 };
    expectError(
      await t().request('POST', '/threats', { body: other, headers }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectError(
      await t().request('POST', '/network/block', { body: reference.block, headers }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await threatTotal(t())).toBe(SEEDED_THREATS + 1);
    const blocks = await t().request('GET', '/network/blocks?limit=100');
    expect(
      blocks.body.data.some((block: { value: string }) => block.value === 'malicious-domain.com'),
    ).toBe(false);
  });

  it('takes effect once given two concurrent identical requests with one key', async () => {
    const headers = { 'idempotency-key': 'concurrent-1' };
    const replies = await Promise.all([
      t().request('POST', '/threats', { body: reference.reportThreat, headers }),
      t().request('POST', '/threats', { body: reference.reportThreat, headers }),
    ]);
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses[0]).toBe(201);
    const [created, other] = replies[0]!.headers.get('idempotent-replayed')
      ? [replies[1]!, replies[0]!]
      : [replies[0]!, replies[1]!];
    expect(created.status).toBe(201);
    if (other.status === 201) {
      expect(other.headers.get('idempotent-replayed')).toBe('true');
      expect(other.body).toEqual(created.body);
    } else {
      expectError(other, 409, 'IDEMPOTENCY_KEY_IN_USE');
    }

    expect(await threatTotal(t())).toBe(SEEDED_THREATS + 1);
  });

  it('takes effect once for a block retried with its key', async () => {
    const headers = { 'idempotency-key': 'block-retry' };
    const first = await t().request('POST', '/network/block', { body: reference.block, headers });
    const second = await t().request('POST', '/network/block', { body: reference.block, headers });
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const blocks = await t().request('GET', '/network/blocks?limit=100');
    const matching = blocks.body.data.filter(
      (block: { value: string }) => block.value === '203.0.113.42',
    );
    expect(matching).toHaveLength(1);
  });

  it('replays a stored response even after the state changed', async () => {
    const headers = { 'idempotency-key': 'replay-after-change' };
    const first = await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    await t().request('PATCH', `/threats/${first.body.id}`, { body: { status: 'investigating' } });
    const second = await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    expect(second.body).toEqual(first.body);
    expect(second.body.status).toBe('active');
  });

  it('refuses with 400 naming the header given a key over 255 characters or with control characters', async () => {
    const long = { 'idempotency-key': 'k'.repeat(256) };
    expectInvalid(
      await t().request('POST', '/threats', { body: reference.reportThreat, headers: long }),
      'Idempotency-Key',
    );
    const tab = { 'idempotency-key': 'tab\there' };
    expectInvalid(
      await t().request('POST', '/threats', { body: reference.reportThreat, headers: tab }),
      'Idempotency-Key',
    );
    expect(await threatTotal(t())).toBe(SEEDED_THREATS);
  });

  it('accepts a key of exactly 255 printable characters', async () => {
    const headers = { 'idempotency-key': '~'.repeat(255) };
    expect(
      (await t().request('POST', '/threats', { body: reference.reportThreat, headers })).status,
    ).toBe(201);
  });

  it('forgets stored keys on reset', async () => {
    const headers = { 'idempotency-key': 'across-reset' };
    await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    await t().control('POST', '/reset');
    const again = await t().request('POST', '/threats', { body: reference.reportThreat, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await threatTotal(t())).toBe(SEEDED_THREATS + 1);
  });
});
