import { describe, expect, it } from 'vitest';
import {
  ReplayedDeliveryError,
  SignatureMismatchError,
  constructEvent,
  createReplayGuard,
  signWebhook,
  verifyWebhook,
} from '../../src/webhooks/index.js';
import { BODY, PLAIN, WHSEC, referenceSignature } from './helpers.js';

describe('createReplayGuard', () => {
  it('rejects a second delivery of the same webhook-id with ReplayedDeliveryError', async () => {
    const replayGuard = createReplayGuard();
    const headers = await signWebhook({ payload: BODY, secret: WHSEC, id: 'msg_once' });
    await expect(
      verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard }),
    ).resolves.toBe(BODY);

    const error = await verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReplayedDeliveryError);
    expect((error as ReplayedDeliveryError).code).toBe('WEBHOOK_REPLAYED_DELIVERY');
    expect((error as ReplayedDeliveryError).deliveryId).toBe('msg_once');
  });

  it('refuses a retry with the same id even when re-signed with a new timestamp', async () => {
    const replayGuard = createReplayGuard();
    const now = Math.floor(Date.now() / 1000);
    const first = await signWebhook({
      payload: BODY,
      secret: WHSEC,
      id: 'msg_r',
      timestamp: now - 10,
    });
    const second = await signWebhook({ payload: BODY, secret: WHSEC, id: 'msg_r', timestamp: now });
    await constructEvent({ payload: BODY, headers: first, secret: WHSEC, replayGuard });
    await expect(
      constructEvent({ payload: BODY, headers: second, secret: WHSEC, replayGuard }),
    ).rejects.toBeInstanceOf(ReplayedDeliveryError);
  });

  it('accepts different ids, and an id again once released', async () => {
    const replayGuard = createReplayGuard();
    for (const id of ['msg_a', 'msg_b']) {
      const headers = await signWebhook({ payload: BODY, secret: WHSEC, id });
      await verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard });
    }

    expect(replayGuard.size).toBe(2);
    replayGuard.release('msg_a');
    const headers = await signWebhook({ payload: BODY, secret: WHSEC, id: 'msg_a' });
    await expect(
      verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard }),
    ).resolves.toBe(BODY);
  });

  it('records nothing for a delivery that failed verification', async () => {
    const replayGuard = createReplayGuard();
    const headers = await signWebhook({ payload: BODY, secret: WHSEC, id: 'msg_forged' });
    await expect(
      verifyWebhook({ payload: `${BODY} `, headers, secret: WHSEC, replayGuard }),
    ).rejects.toBeInstanceOf(SignatureMismatchError);
    expect(replayGuard.size).toBe(0);
    await expect(
      verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard }),
    ).resolves.toBe(BODY);
  });

  it('knows a reference-only delivery by its signature', async () => {
    const replayGuard = createReplayGuard();
    const headers = { 'x-cyberfortress-signature': referenceSignature(PLAIN, BODY) };
    await verifyWebhook({ payload: BODY, headers, secret: PLAIN, replayGuard });
    await expect(
      verifyWebhook({ payload: BODY, headers, secret: PLAIN, replayGuard }),
    ).rejects.toBeInstanceOf(ReplayedDeliveryError);
  });

  it('forgets ids once their window has passed', () => {
    let now = 1_000_000;
    const guard = createReplayGuard({ tolerance: 300, now: () => now });
    expect(guard.claim('msg_1', now + 300_000)).toBe(true);
    expect(guard.claim('msg_1', now + 300_000)).toBe(false);
    now += 299_000;
    expect(guard.claim('msg_1', now + 300_000)).toBe(false);
    now += 2_000;
    expect(guard.size).toBe(0);
    expect(guard.claim('msg_1', now + 300_000)).toBe(true);
  });

  it('keeps an id at least its own tolerance even when the delivery expires sooner', () => {
    let now = 0;
    const guard = createReplayGuard({ tolerance: 60, now: () => now });
    guard.claim('msg_1', 1_000);
    now = 59_000;
    expect(guard.claim('msg_1', 0)).toBe(false);
  });

  it('stays within maxEntries, forgetting the oldest ids first', () => {
    const guard = createReplayGuard({ maxEntries: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) expect(guard.claim(id, 1e9)).toBe(true);
    expect(guard.size).toBe(3);
    expect(guard.claim('a', 1e9)).toBe(true);
    expect(guard.claim('d', 1e9)).toBe(false);
    guard.clear();
    expect(guard.size).toBe(0);
  });

  it('rejects malformed options with a TypeError naming the option', () => {
    expect(() => createReplayGuard({ tolerance: -1 })).toThrow(/`tolerance`/);
    expect(() => createReplayGuard({ maxEntries: 0 })).toThrow(/`maxEntries`/);
  });

  it('accepts a custom asynchronous store through the ReplayGuard interface', async () => {
    const seen = new Set<string>();
    const replayGuard = {
      claim: async (id: string) => !seen.has(id) && Boolean(seen.add(id)),
    };
    const headers = await signWebhook({ payload: BODY, secret: WHSEC });
    await verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard });
    await expect(
      verifyWebhook({ payload: BODY, headers, secret: WHSEC, replayGuard }),
    ).rejects.toBeInstanceOf(ReplayedDeliveryError);
  });
});
