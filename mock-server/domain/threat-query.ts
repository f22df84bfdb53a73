/**
 * Filtering, sorting and paging of the threat list. Each of the six orders is computed once
 * and reused until a threat is added, so a list request is one pass over a ready array that
 * stops copying after the page it returns.
 */

import { LEVEL_RANK } from './levels.js';
import type { Threat, ThreatLevel, ThreatList, ThreatStatus } from './wire.js';

/** What `GET /threats` sorts by. @inline */
export type ThreatSort = 'score' | 'timestamp' | 'severity';
/** Which way it sorts. @inline */
export type SortOrder = 'asc' | 'desc';

/** A parsed `GET /threats` query; every filter is optional and they combine with AND. */
export interface ThreatQuery {
  /** Levels, any of which matches. */
  severity?: readonly ThreatLevel[];
  /** Statuses, any of which matches. */
  status?: readonly ThreatStatus[];
  /** One address in canonical form. */
  ip?: string;
  /** Alpha-2 codes, any of which matches. */
  country?: readonly string[];
  /** Epoch milliseconds, inclusive. */
  from?: number;
  /** Epoch milliseconds, inclusive. */
  to?: number;
  /** Page size. @default 20 */
  limit?: number;
  /** Items skipped. @default 0 */
  offset?: number;
  /** The sort key. @default 'timestamp' */
  sort?: ThreatSort;
  /** The sort direction. @default 'desc' */
  order?: SortOrder;
}

/** What the list needs to know of a stored threat, kept flat for a fast scan. */
export interface IndexedThreat {
  readonly id: string;
  readonly detectedMs: number;
  readonly score: number;
  readonly levelRank: number;
  /** Changes with status updates; read at scan time. */
  readonly status: ThreatStatus;
  readonly ip: string;
  readonly country: string;
  /** The frozen list item (rebuilt by the store when the threat changes). */
  summary(): Readonly<Threat>;
}

type Comparator = (a: IndexedThreat, b: IndexedThreat) => number;

function byId(a: IndexedThreat, b: IndexedThreat): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Primary key in the requested direction, then id ascending so pages are stable. */
function comparator(sort: ThreatSort, order: SortOrder): Comparator {
  const sign = order === 'asc' ? 1 : -1;
  const key: (threat: IndexedThreat) => number =
    sort === 'score'
      ? (threat) => threat.score
      : sort === 'severity'
        ? (threat) => threat.levelRank
        : (threat) => threat.detectedMs;
  return (a, b) => (key(a) - key(b)) * sign || byId(a, b);
}

/** The threats in every order the list offers, computed on first use. */
export class ThreatOrders {
  readonly #cache = new Map<string, IndexedThreat[]>();

  constructor(private readonly all: () => readonly IndexedThreat[]) {}

  /** Forgets every order; call after adding a threat. */
  invalidate(): void {
    this.#cache.clear();
  }

  get(sort: ThreatSort, order: SortOrder): readonly IndexedThreat[] {
    const name = `${sort}:${order}`;
    let sorted = this.#cache.get(name);

    if (!sorted) {
      sorted = [...this.all()].sort(comparator(sort, order));
      this.#cache.set(name, sorted);
    }

    return sorted;
  }
}

/**
 * Runs a query over the ordered threats.
 *
 * @example
 * runQuery(orders, { severity: ['HIGH', 'CRITICAL'], limit: 50 });
 */
export function runQuery(orders: ThreatOrders, query: ThreatQuery): ThreatList {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const sorted = orders.get(query.sort ?? 'timestamp', query.order ?? 'desc');
  const levels =
    query.severity && query.severity.length > 0
      ? new Set(query.severity.map((level) => LEVEL_RANK[level]))
      : undefined;
  const statuses =
    query.status && query.status.length > 0 ? new Set<string>(query.status) : undefined;
  const countries = query.country && query.country.length > 0 ? new Set(query.country) : undefined;
  const { ip, from, to } = query;
  const unfiltered =
    !levels &&
    !statuses &&
    !countries &&
    ip === undefined &&
    from === undefined &&
    to === undefined;
  const data: Threat[] = [];

  // Without filters the total is the array's length and the page is a slice.
  if (unfiltered) {
    for (const threat of sorted.slice(offset, offset + limit)) {
      data.push(threat.summary());
    }

    return {
      data,
      pagination: {
        total: sorted.length,
        limit,
        offset,
        has_more: offset + data.length < sorted.length,
      },
    };
  }

  let total = 0;

  for (const threat of sorted) {
    if (
      (levels && !levels.has(threat.levelRank)) ||
      (countries && !countries.has(threat.country)) ||
      (ip !== undefined && threat.ip !== ip) ||
      (from !== undefined && threat.detectedMs < from) ||
      (to !== undefined && threat.detectedMs > to) ||
      (statuses && !statuses.has(threat.status))
    ) {
      continue;
    }

    if (total >= offset && data.length < limit) {
      data.push(threat.summary());
    }

    total++;
  }

  return { data, pagination: { total, limit, offset, has_more: offset + data.length < total } };
}
