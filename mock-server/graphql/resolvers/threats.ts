/**
 * Threat reads and the status mutation, over the same domain calls as `GET /threats`,
 * `GET /threats/{id}`, `PATCH /threats/{id}` and `GET /evidence/{id}`. Arguments are checked
 * with the same helpers as REST's query reader; problems name the GraphQL argument path.
 */

import { isAssignedCountryCode } from '../../domain/data/country-codes.js';
import { canonicalIp } from '../../domain/ip.js';
import type { ThreatQuery, ThreatSort } from '../../domain/threat-query.js';
import { parseDateTime } from '../../domain/validation.js';
import type { Evidence, ThreatDetail, ThreatLevel, ThreatStatus } from '../../domain/wire.js';
import { requireScope } from '../../http/auth.js';
import { ApiError, type ErrorDetail } from '../../http/errors.js';
import { scoped, type GraphqlContext } from '../context.js';

interface ThreatsArgs {
  filter?: {
    severity?: ThreatLevel[] | null;
    status?: string[] | null;
    countries?: string[] | null;
    dateRange?: { from?: string | null; to?: string | null } | null;
    ip?: string | null;
  } | null;
  pagination?: { limit?: number | null; offset?: number | null } | null;
  sort?: { field: string; order?: string | null } | null;
}

const SORT_FIELDS: Readonly<Record<string, ThreatSort>> = {
  THREAT_SCORE: 'score',
  DETECTED_AT: 'timestamp',
  SEVERITY: 'severity',
};

/** An opaque cursor for the edge at `position` in the whole result. */
function cursorAt(position: number): string {
  return Buffer.from(`offset:${position}`).toString('base64url');
}

/** The GraphQL arguments of `threats` as the domain's list query (what REST's reader makes). */
export function threatQuery(args: ThreatsArgs): ThreatQuery {
  const problems: ErrorDetail[] = [];
  const filter = args.filter ?? {};
  const query: ThreatQuery = {
    limit: args.pagination?.limit ?? 20,
    offset: args.pagination?.offset ?? 0,
    sort: args.sort ? SORT_FIELDS[args.sort.field] : 'timestamp',
    order: args.sort?.order === 'ASC' ? 'asc' : 'desc',
  };

  if (
    !Number.isInteger(query.limit) ||
    (query.limit as number) < 1 ||
    (query.limit as number) > 100
  ) {
    problems.push({ field: 'pagination.limit', issue: 'Must be an integer from 1 to 100' });
  }

  if ((query.offset as number) < 0) {
    problems.push({ field: 'pagination.offset', issue: 'Must be 0 or more' });
  }

  if (filter.severity && filter.severity.length > 0) query.severity = filter.severity;
  if (filter.status && filter.status.length > 0) {
    query.status = filter.status.map((status) => status.toLowerCase() as ThreatStatus);
  }

  if (filter.countries && filter.countries.length > 0) {
    const wrong = filter.countries.filter((code) => !isAssignedCountryCode(code));
    if (wrong.length > 0) {
      problems.push({
        field: 'filter.countries',
        issue: `Not an assigned ISO 3166-1 alpha-2 code (uppercase, e.g. CN): ${wrong.join(', ')}`,
      });
    }

    query.country = [...new Set(filter.countries)];
  }

  if (filter.ip !== undefined && filter.ip !== null) {
    query.ip = canonicalIp(filter.ip);
    if (query.ip === undefined)
      problems.push({ field: 'filter.ip', issue: 'Invalid IP address format' });
  }

  for (const bound of ['from', 'to'] as const) {
    const value = filter.dateRange?.[bound];
    if (value === undefined || value === null) continue;
    query[bound] = parseDateTime(value);
    if (query[bound] === undefined) {
      problems.push({
        field: `filter.dateRange.${bound}`,
        issue: 'Must be an RFC 3339 date-time such as 2025-01-15T14:30:00Z',
      });
    }
  }

  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    problems.push({ field: 'filter.dateRange.from', issue: 'Must not be after to' });
  }

  if (problems.length > 0) throw ApiError.invalid(problems);
  return query;
}

/** The full detail behind a threat object: itself when it is one, else loaded once per operation. */
export function detailOf(source: { id: string }, context: GraphqlContext): ThreatDetail {
  if ('full_analysis' in source) return source as ThreatDetail;
  let detail = context.details.get(source.id);
  if (!detail) {
    detail = context.backend.threats.get(source.id);
    context.details.set(source.id, detail);
  }

  return detail;
}

/** The evidence records a threat refers to, read as `GET /evidence/{id}` reads them. */
function evidenceOf(detail: ThreatDetail, context: GraphqlContext): Evidence[] {
  const refs = detail.full_analysis.evidence;
  const ids = [refs.memory_dump, refs.network_capture, refs.process_tree];
  return ids
    .filter((id): id is string => id !== null)
    .map((id) => context.backend.evidence.get(id, context.origin, context.principal.id));
}

/** Resolvers of `Query.threats`, `Query.threat` and `Query.evidence`. @internal */
export const threatQueries = {
  threats: scoped('threats:read', (args: ThreatsArgs, { backend }) => {
    const list = backend.threats.list(threatQuery(args));
    const { total, offset, has_more } = list.pagination;
    const edges = list.data.map((node, index) => ({ node, cursor: cursorAt(offset + index) }));
    return {
      edges,
      page_info: {
        has_next_page: has_more,
        has_previous_page: offset > 0,
        total_count: total,
        start_cursor: edges[0]?.cursor ?? null,
        end_cursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }),

  threat: scoped('threats:read', ({ id }: { id: string }, context) => {
    try {
      const detail = context.backend.threats.get(id);
      context.details.set(id, detail);
      return detail;
    } catch (error) {
      // The schema makes an unknown id a null, not an error.
      if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }),

  evidence: scoped('evidence:read', ({ threatId }: { threatId: string }, context) =>
    evidenceOf(context.backend.threats.get(threatId), context),
  ),
};

/** Resolver of `Mutation.updateThreatStatus` (`PATCH /threats/{id}`). @internal */
export const threatMutations = {
  updateThreatStatus: scoped(
    'threats:write',
    (args: { id: string; status: string; notes?: string | null }, context) => {
      const body = {
        status: args.status.toLowerCase(),
        ...(args.notes === undefined || args.notes === null ? {} : { notes: args.notes }),
      };
      const detail = context.backend.threats.update(args.id, body);
      context.counters?.recordEffect('updateThreat');
      context.details.set(detail.id, detail);
      return detail;
    },
  ),
};

type ThreatSource = { id: string };

/** Fields of `Threat` that only the detail has (the list item and event payloads lack them). */
export const threatFields = {
  networkAnalysis: (source: ThreatSource, _: unknown, context: GraphqlContext) =>
    detailOf(source, context).full_analysis.network_analysis,
  timeline: (source: ThreatSource, _: unknown, context: GraphqlContext) =>
    detailOf(source, context).timeline,
  resolution: (source: ThreatSource, _: unknown, context: GraphqlContext) =>
    detailOf(source, context).resolution,
  notes: (source: ThreatSource, _: unknown, context: GraphqlContext) =>
    detailOf(source, context).notes,
  context: (source: ThreatSource, _: unknown, context: GraphqlContext) =>
    detailOf(source, context).context,
  // Reading the records themselves needs the scope of `GET /evidence/{id}`.
  evidence: (source: ThreatSource, _: unknown, context: GraphqlContext) => {
    requireScope(context.principal, 'evidence:read');
    return evidenceOf(detailOf(source, context), context);
  },
};
