/**
 * The ready-made GraphQL documents, typed from the schema: the reference's three examples and
 * a few common operations (their text is in src/graphql/operations/). Each is a plain object
 * (nothing of `graphql` loads with it); its result and variables types come with it.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

import * as generated from '../generated/graphql.js';

/**
 * The reference's complex query: high and critical threats from CN and RU in the first half of
 * January 2025, 50 at most, highest score first, with their intelligence, ML and response data.
 *
 * @example
 * const { threats } = await client.graphql.request(GetHighRiskThreatsDocument);
 * @category GraphQL
 */
export const GetHighRiskThreatsDocument = generated.GetHighRiskThreatsDocument;
/** The result of `GetHighRiskThreatsDocument`. @category GraphQL */
export type GetHighRiskThreatsQuery = generated.GetHighRiskThreatsQuery;

/**
 * The reference's mutation: blocks `203.0.113.42` for 24 hours as a C2 server.
 *
 * @example
 * const { blockIP } = await client.graphql.request(BlockMaliciousIpDocument);
 * @category GraphQL
 */
export const BlockMaliciousIpDocument = generated.BlockMaliciousIpDocument;
/** The result of `BlockMaliciousIpDocument`. @category GraphQL */
export type BlockMaliciousIpMutation = generated.BlockMaliciousIpMutation;

/**
 * The reference's subscription: every newly detected critical threat.
 *
 * @example
 * for await (const { threatDetected } of client.graphql.subscribe(MonitorCriticalThreatsDocument)) console.log(threatDetected.id);
 * @category GraphQL
 */
export const MonitorCriticalThreatsDocument = generated.MonitorCriticalThreatsDocument;
/** One event of `MonitorCriticalThreatsDocument`. @category GraphQL */
export type MonitorCriticalThreatsSubscription = generated.MonitorCriticalThreatsSubscription;

/**
 * One threat by id, with its country, intelligence, ML and response data; `threat` is `null`
 * when there is no such threat.
 *
 * @example
 * const { threat } = await client.graphql.request(ThreatDocument, { id: 'threat_7h8i9j0k' });
 * @category GraphQL
 */
export const ThreatDocument = generated.ThreatDocument;
/** The result of `ThreatDocument`. @category GraphQL */
export type ThreatQuery = generated.ThreatQuery;
/** The variables of `ThreatDocument`. @category GraphQL */
export type ThreatQueryVariables = generated.ThreatQueryVariables;

/**
 * A page of threats: `filter`, `pagination` and `sort` as variables, every one optional.
 *
 * @example
 * const { threats } = await client.graphql.request(ThreatsDocument, { pagination: { limit: 50, offset: 50 } });
 * @category GraphQL
 */
export const ThreatsDocument = generated.ThreatsDocument;
/** The result of `ThreatsDocument`. @category GraphQL */
export type ThreatsQuery = generated.ThreatsQuery;
/** The variables of `ThreatsDocument`. @category GraphQL */
export type ThreatsQueryVariables = generated.ThreatsQueryVariables;

/**
 * Moves a threat to a new status (with optional notes) and returns its status afterwards.
 *
 * @example
 * await client.graphql.request(UpdateThreatStatusDocument, { id: 'threat_7h8i9j0k', status: 'MITIGATED' });
 * @category GraphQL
 */
export const UpdateThreatStatusDocument = generated.UpdateThreatStatusDocument;
/** The result of `UpdateThreatStatusDocument`. @category GraphQL */
export type UpdateThreatStatusMutation = generated.UpdateThreatStatusMutation;
/** The variables of `UpdateThreatStatusDocument`. @category GraphQL */
export type UpdateThreatStatusMutationVariables = generated.UpdateThreatStatusMutationVariables;

/**
 * Newly detected threats, optionally only those of the given levels.
 *
 * @example
 * client.graphql.subscribe(ThreatDetectedDocument, { severity: ['HIGH', 'CRITICAL'] }, { next: console.log });
 * @category GraphQL
 */
export const ThreatDetectedDocument = generated.ThreatDetectedDocument;
/** One event of `ThreatDetectedDocument`. @category GraphQL */
export type ThreatDetectedSubscription = generated.ThreatDetectedSubscription;
/** The variables of `ThreatDetectedDocument`. @category GraphQL */
export type ThreatDetectedSubscriptionVariables = generated.ThreatDetectedSubscriptionVariables;

/**
 * The monitoring system's mode, engines, counters and resource use.
 *
 * @example
 * const { monitoringStatus } = await client.graphql.request(MonitoringStatusDocument);
 * @category GraphQL
 */
export const MonitoringStatusDocument = generated.MonitoringStatusDocument;
/** The result of `MonitoringStatusDocument`. @category GraphQL */
export type MonitoringStatusQuery = generated.MonitoringStatusQuery;
