import { describe, expectTypeOf, it } from 'vitest';
import type { APIPromise } from '../../src/core/api-promise.js';
import {
  GetHighRiskThreatsDocument,
  MonitorCriticalThreatsDocument,
  ThreatDocument,
  ThreatsDocument,
  UpdateThreatStatusDocument,
  type GetHighRiskThreatsQuery,
  type MonitorCriticalThreatsSubscription,
  type ThreatQuery,
} from '../../src/generated/graphql.js';
import type { GraphQL } from '../../src/graphql/index.js';
import type { GraphQLSubscription } from '../../src/graphql/iterator.js';

declare const graphql: GraphQL;

type HighRiskNode = GetHighRiskThreatsQuery['threats']['edges'][number]['node'];

describe('generated documents', () => {
  it('types the GetHighRiskThreats result from the schema', () => {
    expectTypeOf<HighRiskNode['threatScore']>().toEqualTypeOf<number>();
    expectTypeOf<HighRiskNode['ipAddress']>().toEqualTypeOf<string>();
    expectTypeOf<HighRiskNode['detectedAt']>().toEqualTypeOf<string>();
    // Enum values stay GraphQL's UPPER_CASE.
    expectTypeOf<HighRiskNode['threatLevel']>().toEqualTypeOf<
      'CRITICAL' | 'HIGH' | 'LOW' | 'MEDIUM'
    >();
    expectTypeOf<HighRiskNode>().not.toHaveProperty('threat_score');
    expectTypeOf<
      GetHighRiskThreatsQuery['threats']['pageInfo']['totalCount']
    >().toEqualTypeOf<number>();
  });

  it('types a nullable root field as nullable', () => {
    expectTypeOf<ThreatQuery['threat']>().toBeNullable();
  });
});

describe('graphql.request', () => {
  it('resolves to the document’s result type', () => {
    expectTypeOf(graphql.request(GetHighRiskThreatsDocument)).toEqualTypeOf<
      APIPromise<GetHighRiskThreatsQuery>
    >();
    expectTypeOf(graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' })).toEqualTypeOf<
      APIPromise<ThreatQuery>
    >();
  });

  it('lets optional variables be left out, and requires required ones', () => {
    graphql.request(ThreatsDocument);
    graphql.request(ThreatsDocument, { pagination: { limit: 50 } }, { timeout: 5_000 });
    graphql.request(UpdateThreatStatusDocument, { id: 'threat_7h8i9j0k', status: 'MITIGATED' });

    // @ts-expect-error `id` is required
    graphql.request(ThreatDocument);
    // @ts-expect-error `id` is required
    graphql.request(ThreatDocument, {});
  });

  it('rejects a wrong variable', () => {
    // @ts-expect-error no such variable
    graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k', idd: 'x' });
    // @ts-expect-error statuses are GraphQL's UPPER_CASE enum values
    graphql.request(UpdateThreatStatusDocument, { id: 'threat_7h8i9j0k', status: 'mitigated' });
    // @ts-expect-error `limit` is a number
    graphql.request(ThreatsDocument, { pagination: { limit: '50' } });
    // @ts-expect-error the document takes no variables
    graphql.request(GetHighRiskThreatsDocument, { limit: 5 });
  });

  it('types GraphQL text by the caller', () => {
    expectTypeOf(graphql.request<{ a: number }>('{ a }')).toEqualTypeOf<
      APIPromise<{ a: number }>
    >();
    expectTypeOf(graphql.request('{ a }')).toEqualTypeOf<APIPromise<unknown>>();
  });
});

describe('graphql.subscribe', () => {
  it('returns an async iterator of the subscription’s data', () => {
    expectTypeOf(graphql.subscribe(MonitorCriticalThreatsDocument)).toEqualTypeOf<
      GraphQLSubscription<MonitorCriticalThreatsSubscription>
    >();
  });

  it('types the callback form’s data and returns an unsubscribe function', () => {
    const stop = graphql.subscribe(MonitorCriticalThreatsDocument, undefined, {
      next: (data) => expectTypeOf(data.threatDetected.threatScore).toEqualTypeOf<number>(),
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
  });
});
