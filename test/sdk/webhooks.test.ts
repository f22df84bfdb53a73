import { describe, expect, it } from 'vitest';
import type { CyberFortress } from '../../src/index.js';
import { describeEachTarget } from './support.js';

const SECRET = 'whsec_0123456789abcdef';

function createWebhook(client: CyberFortress, url = 'http://127.0.0.1:9/webhook') {
  return client.webhooks.create({
    url,
    events: ['threat.critical', 'threat.high'],
    secret: SECRET,
    retryPolicy: { maxAttempts: 1, backoffMultiplier: 2 },
    description: 'SOC receiver',
  });
}

describeEachTarget('webhooks', (target) => {
  describe('webhooks.create', () => {
    it('returns the webhook without its secret given the reference body', async () => {
      const webhook = await createWebhook(target().client());
      expect(webhook).toMatchObject({
        id: expect.stringMatching(/^wh_/),
        events: ['threat.critical', 'threat.high'],
        retryPolicy: { maxAttempts: 1, backoffMultiplier: 2 },
        status: 'enabled',
        secretHint: SECRET.slice(-4),
      });
      expect(JSON.stringify(webhook)).not.toContain(SECRET);
    });
  });

  describe('webhooks.list', () => {
    it('returns every webhook across pages given a small limit', async () => {
      const client = target().client();
      const created = [];
      for (let i = 0; i < 5; i++) created.push((await createWebhook(client)).id);
      const page = await client.webhooks.list({ limit: 2 });
      expect(page.data).toHaveLength(2);
      expect(page.hasNextPage()).toBe(true);
      const ids: string[] = [];
      for await (const webhook of client.webhooks.list({ limit: 2 })) ids.push(webhook.id);
      expect(ids.sort()).toEqual(created.sort());
    });
  });

  describe('webhooks.delete', () => {
    it('returns the deleted webhook given its id', async () => {
      const client = target().client();
      const webhook = await createWebhook(client);
      const deleted = await client.webhooks.delete(webhook.id);
      expect(deleted.id).toBe(webhook.id);
      expect((await client.webhooks.list()).data.map((w) => w.id)).not.toContain(webhook.id);
    });
  });

  describe('webhooks.test', () => {
    it('returns a queued delivery given a webhook id', async () => {
      const client = target().client();
      const webhook = await createWebhook(client);
      const result = await client.webhooks.test(webhook.id);
      expect(result.deliveryId).toMatch(/^whd_/);
      expect(['pending', 'retrying', 'succeeded', 'failed']).toContain(result.status);
    });
  });

  describe('webhooks.deliveries', () => {
    it("returns the test delivery given the webhook's id", async () => {
      const client = target().client();
      const webhook = await createWebhook(client);
      const { deliveryId } = await client.webhooks.test(webhook.id);
      const page = await client.webhooks.deliveries(webhook.id, { limit: 10 });
      expect(page.data.map((delivery) => delivery.id)).toContain(deliveryId);
      const delivery = page.data.find((d) => d.id === deliveryId)!;
      expect(delivery).toMatchObject({ webhookId: webhook.id, event: 'webhook.test' });
      const all = [];
      for await (const item of client.webhooks.deliveries(webhook.id)) all.push(item);
      expect(all).toHaveLength(page.pagination.total);
    });
  });
});
