import { describe, expect, it } from 'vitest';
import { Page, PagePromise } from '../../src/index.js';
import { SEEDED_THREATS, describeEachTarget } from './support.js';

describeEachTarget('pagination', (target) => {
  describe('threats.list iteration', () => {
    it('walks all seeded threats exactly once given limit 100', async () => {
      const client = target().client();
      const ids = new Set<string>();
      let count = 0;
      for await (const threat of client.threats.list({ limit: 100 })) {
        ids.add(threat.id);
        count += 1;
      }

      expect(count).toBe(SEEDED_THREATS);
      expect(ids.size).toBe(SEEDED_THREATS);
      expect(target().counters().by_operation.listThreats).toBe(13);
    });

    it('keeps the filters on every page given several severities', async () => {
      const client = target().client();
      const first = await client.threats.list({ severity: ['critical'], limit: 100 });
      let count = 0;
      for await (const threat of client.threats.list({ severity: ['critical'], limit: 100 })) {
        expect(threat.threatLevel).toBe('CRITICAL');
        count += 1;
      }

      expect(count).toBe(first.pagination.total);
    });

    it('stops early without fetching more pages given a break', async () => {
      const client = target().client();
      let seen = 0;
      for await (const _threat of client.threats.list({ limit: 10 })) {
        if (++seen === 15) break;
      }

      expect(target().counters().by_operation.listThreats).toBe(2);
    });
  });

  describe('page.getNextPage', () => {
    it('returns the following page given a page with more', async () => {
      const client = target().client();
      const list = client.threats.list({ limit: 5, offset: 3 });
      expect(list).toBeInstanceOf(PagePromise);
      const page = await list;
      expect(page).toBeInstanceOf(Page);
      expect(page.hasNextPage()).toBe(true);
      const next = await page.getNextPage();
      expect(next.pagination.offset).toBe(8);
      const reference = await client.threats.list({ limit: 10, offset: 3 });
      expect([...page.data, ...next.data].map((t) => t.id)).toEqual(
        reference.data.map((t) => t.id),
      );
    });

    it('reports no next page given the last page', async () => {
      const page = await target()
        .client()
        .threats.list({ limit: 100, offset: SEEDED_THREATS - 7 });
      expect(page.data).toHaveLength(7);
      expect(page.hasNextPage()).toBe(false);
      expect(() => page.getNextPage()).toThrow(RangeError);
    });

    it('iterates from a page onward given an awaited page', async () => {
      const page = await target()
        .client()
        .threats.list({ limit: 100, offset: SEEDED_THREATS - 150 });
      let count = 0;
      for await (const _threat of page) count += 1;
      expect(count).toBe(150);
    });
  });
});
