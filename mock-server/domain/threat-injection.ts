/**
 * The control API's threat injection: a partial description (any of address, score, level,
 * type, country, status) completed with seeded values that agree with it.
 */

import type { DomainContext } from './context.js';
import { COUNTRY_CATALOG } from './data/country-catalog.js';
import { THREAT_PROFILES, THREAT_TYPES } from './data/threat-catalog.js';
import { addressIn } from './dataset.js';
import { parseIp } from './ip.js';
import { LEVEL_SCORE_RANGE, levelFromScore } from './levels.js';
import type { Weighted } from './random.js';
import type { ThreatFacts } from './threat-factory.js';
import { countryForCode, countryForIp, isThreatType } from './threat-intake.js';
import { isInteger, isRecord, Problems, refuseUnknown } from './validation.js';
import type { ThreatLevel, ThreatStatus, ThreatType } from './wire.js';

/** What `POST /__mock/threats` accepts; every field is optional. */
export interface InjectThreatInput {
  /** An IPv4 or IPv6 address; a seeded one when absent. */
  ip_address?: string;
  /** An integer from 0 to 100; drawn within `threat_level`'s range when absent. */
  threat_score?: number;
  /** The level; must agree with `threat_score` when both are given. */
  threat_level?: ThreatLevel;
  /** The kind of threat; a seeded one when absent. */
  threat_type?: ThreatType;
  /** ISO 3166-1 alpha-2 code. */
  country?: string;
  /** The starting status. @default 'active' */
  status?: ThreatStatus;
}

const LEVELS: readonly ThreatLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const STATUSES: readonly ThreatStatus[] = [
  'active',
  'investigating',
  'mitigated',
  'false_positive',
];
const TYPE_WEIGHTS: readonly Weighted<ThreatType>[] = THREAT_TYPES.map((type) => [
  type,
  THREAT_PROFILES[type].weight,
]);
const COUNTRY_WEIGHTS = COUNTRY_CATALOG.map((country) => [country, country.weight] as const);

export interface CheckedInjection {
  facts: Omit<ThreatFacts, 'id' | 'detectedMs' | 'autoResponse' | 'newEvidenceId'>;
  status: ThreatStatus;
}

/**
 * Checks and completes an injection.
 *
 * @throws ApiError INVALID_REQUEST naming each wrong field (a level that contradicts the score
 * is refused too)
 */
export function checkInjection(context: DomainContext, input: unknown): CheckedInjection {
  const problems = new Problems();
  const body = isRecord(input) ? input : {};

  if (input !== undefined && input !== null && !isRecord(input)) {
    problems.add('body', 'Must be a JSON object');
  }

  refuseUnknown(problems, body, [
    'ip_address',
    'threat_score',
    'threat_level',
    'threat_type',
    'country',
    'status',
  ]);
  const ip = body.ip_address === undefined ? undefined : parseIp(body.ip_address);

  if (body.ip_address !== undefined && !ip) {
    problems.add('ip_address', 'Invalid IP address format');
  }

  if (body.threat_score !== undefined && !isInteger(body.threat_score, 0, 100)) {
    problems.add('threat_score', 'Must be an integer from 0 to 100');
  }

  if (body.threat_level !== undefined && !LEVELS.includes(body.threat_level as ThreatLevel)) {
    problems.add('threat_level', `Must be one of ${LEVELS.join(', ')}`);
  } else if (
    body.threat_level !== undefined &&
    isInteger(body.threat_score, 0, 100) &&
    levelFromScore(body.threat_score) !== body.threat_level
  ) {
    problems.add(
      'threat_level',
      `Does not match threat_score ${body.threat_score} (which is ${levelFromScore(body.threat_score)})`,
    );
  }

  if (body.threat_type !== undefined && !isThreatType(body.threat_type)) {
    problems.add('threat_type', 'Must be one of the threat types');
  }

  const country =
    typeof body.country === 'string' ? countryForCode(context.random, body.country) : undefined;

  if (body.country !== undefined && !country) {
    problems.add('country', 'Must be an assigned ISO 3166-1 alpha-2 code in uppercase');
  }

  if (body.status !== undefined && !STATUSES.includes(body.status as ThreatStatus)) {
    problems.add('status', `Must be one of ${STATUSES.join(', ')}`);
  }

  problems.throwIfAny('The injected threat is invalid');
  const given = body as InjectThreatInput;
  const random = context.random;
  const type = given.threat_type ?? random.weighted(TYPE_WEIGHTS);
  let score = given.threat_score;

  if (score === undefined) {
    const [min, max] = given.threat_level
      ? LEVEL_SCORE_RANGE[given.threat_level]
      : THREAT_PROFILES[type].scoreRange;
    score = random.int(min, max);
  }

  // Without an address, draw one from the given (or a weighted) country so the two agree.
  const home =
    COUNTRY_CATALOG.find((entry) => entry.code === country?.code) ??
    (country ? undefined : random.weighted(COUNTRY_WEIGHTS));
  const address =
    ip?.text ??
    (home ? addressIn(random, home, random.chance(0.15)) : `203.0.113.${random.int(1, 254)}`);
  return {
    facts: {
      ip: address,
      country:
        country ??
        (home && !ip
          ? { code: home.code, name: home.name, city: random.pick(home.cities) }
          : countryForIp(context.seed, address)),
      type,
      score,
    },
    status: given.status ?? 'active',
  };
}
