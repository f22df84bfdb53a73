/**
 * What happens to a threat that arrives from outside (a report or an injection): its input is
 * checked, its score computed from what the reporter saw, and its address placed in a country.
 */

import {
  CATALOG_BY_CODE,
  CATALOG_BY_IPV4_PREFIX,
  COUNTRY_CATALOG,
} from './data/country-catalog.js';
import { COUNTRY_CODES } from './data/country-codes.js';
import { THREAT_PROFILES } from './data/threat-catalog.js';
import { parseIp } from './ip.js';
import { clamp } from './levels.js';
import { Random, type Weighted } from './random.js';
import {
  isInteger,
  isNumberIn,
  isRecord,
  isStringOf,
  Problems,
  refuseUnknown,
} from './validation.js';
import type { Country, ReportThreatRequest, ThreatContext, ThreatType } from './wire.js';

/** Ports that legitimate software rarely uses and implants often do. */
const SUSPICIOUS_PORTS = new Set([1337, 3333, 4444, 5555, 6667, 9001, 14444, 31337, 45700]);
const SUSPICIOUS_PROCESSES =
  /^(powershell|rundll32|mshta|regsvr32|certutil|bitsadmin|mimikatz|psexec|nc|xmrig)(\.exe)?$/i;

/** A report after checking: the address in canonical form and the rest as given. */
export interface CheckedReport {
  ip: string;
  type: ThreatType;
  confidence: number;
  process: { name: string; pid?: number } | null;
  connection: { port?: number; bytesSent?: number; duration?: number };
  context: ThreatContext | null;
}

export function isThreatType(value: unknown): value is ThreatType {
  return typeof value === 'string' && Object.hasOwn(THREAT_PROFILES, value);
}

/**
 * Checks a report body fully (the schema normally has already), so nothing is created from a
 * body that is wrong anywhere.
 *
 * @throws ApiError INVALID_REQUEST with one detail per wrong field
 */
export function checkReport(input: unknown): CheckedReport {
  const problems = new Problems();
  const body = isRecord(input) ? input : {};

  if (!isRecord(input)) {
    problems.add('body', 'Must be a JSON object');
  }

  refuseUnknown(problems, body, ['ip_address', 'threat_type', 'confidence', 'evidence', 'context']);
  const ip = parseIp(body.ip_address);

  if (!ip) {
    problems.add(
      'ip_address',
      body.ip_address === undefined ? 'Required' : 'Invalid IP address format',
    );
  }

  if (!isThreatType(body.threat_type)) {
    problems.add('threat_type', 'Must be one of the threat types');
  }

  if (!isNumberIn(body.confidence, 0, 1)) {
    problems.add('confidence', 'Must be a number from 0 to 1');
  }

  const evidence = isRecord(body.evidence) ? body.evidence : {};

  if (body.evidence !== undefined && !isRecord(body.evidence)) {
    problems.add('evidence', 'Must be an object');
  }

  refuseUnknown(
    problems,
    evidence,
    ['process_name', 'process_id', 'network_activity'],
    'evidence.',
  );

  if (evidence.process_name !== undefined && !isStringOf(evidence.process_name, 1, 255)) {
    problems.add('evidence.process_name', 'Must be a string of 1 to 255 characters');
  }

  if (evidence.process_id !== undefined && !isInteger(evidence.process_id, 0)) {
    problems.add('evidence.process_id', 'Must be an integer >= 0');
  }

  const activity = isRecord(evidence.network_activity) ? evidence.network_activity : {};

  if (evidence.network_activity !== undefined && !isRecord(evidence.network_activity)) {
    problems.add('evidence.network_activity', 'Must be an object');
  }

  refuseUnknown(
    problems,
    activity,
    ['destination_port', 'bytes_sent', 'connection_duration'],
    'evidence.network_activity.',
  );

  if (activity.destination_port !== undefined && !isInteger(activity.destination_port, 0, 65_535)) {
    problems.add(
      'evidence.network_activity.destination_port',
      'Must be an integer from 0 to 65535',
    );
  }

  for (const field of ['bytes_sent', 'connection_duration'] as const) {
    if (activity[field] !== undefined && !isInteger(activity[field], 0)) {
      problems.add(`evidence.network_activity.${field}`, 'Must be an integer >= 0');
    }
  }

  const context = checkContext(problems, body.context);
  problems.throwIfAny('The request body is invalid');

  const report = body as unknown as ReportThreatRequest;
  const given = report.evidence ?? {};
  const network = given.network_activity ?? {};
  const hasProcess = given.process_name !== undefined || given.process_id !== undefined;
  return {
    ip: (ip as { text: string }).text,
    type: report.threat_type,
    confidence: report.confidence,
    process: hasProcess
      ? {
          name: given.process_name ?? 'unknown',
          ...(given.process_id !== undefined ? { pid: given.process_id } : {}),
        }
      : null,
    connection: {
      ...(network.destination_port !== undefined ? { port: network.destination_port } : {}),
      ...(network.bytes_sent !== undefined ? { bytesSent: network.bytes_sent } : {}),
      ...(network.connection_duration !== undefined
        ? { duration: network.connection_duration }
        : {}),
    },
    context,
  };
}

function checkContext(problems: Problems, value: unknown): ThreatContext | null {
  if (value === undefined || value === null) {
    return null;
  }

  if (!isRecord(value)) {
    problems.add('context', 'Must be an object');
    return null;
  }

  refuseUnknown(problems, value, ['detection_source', 'hostname'], 'context.');
  const context: ThreatContext = {};

  for (const field of ['detection_source', 'hostname'] as const) {
    if (value[field] === undefined) {
      continue;
    }

    if (isStringOf(value[field], 0, 255)) {
      context[field] = value[field];
    } else {
      problems.add(`context.${field}`, 'Must be a string of at most 255 characters');
    }
  }

  return context;
}

/**
 * The score of a reported threat: the type's base weighted by the reporter's confidence, plus
 * what the evidence shows (volume, a long-lived connection, an implant's port or tool, an
 * address already known as bad).
 */
export function scoreReport(report: CheckedReport, knownBad: boolean): number {
  const base = THREAT_PROFILES[report.type].base * (0.5 + 0.5 * report.confidence);
  const { bytesSent = 0, duration = 0, port } = report.connection;
  let bonus =
    bytesSent >= 100_000_000 ? 15 : bytesSent >= 1_000_000 ? 10 : bytesSent >= 10_000 ? 5 : 0;
  bonus += duration >= 3600 ? 8 : duration >= 600 ? 4 : 0;
  bonus += port !== undefined && SUSPICIOUS_PORTS.has(port) ? 6 : 0;
  bonus += report.process && SUSPICIOUS_PROCESSES.test(report.process.name) ? 3 : 0;
  bonus += knownBad ? 10 : 0;
  return clamp(Math.round(base + bonus), 0, 100);
}

const CATALOG_WEIGHTS: readonly Weighted<(typeof COUNTRY_CATALOG)[number]>[] = COUNTRY_CATALOG.map(
  (country) => [country, country.weight],
);

/**
 * Places an address: in the catalogue country whose block holds it, else in a country chosen
 * by a hash of the address (so the same address always lands in the same place).
 */
export function countryForIp(seed: number, ip: string): Country {
  const parsed = parseIp(ip);
  let country = undefined as (typeof COUNTRY_CATALOG)[number] | undefined;

  if (parsed?.version === 4) {
    country = CATALOG_BY_IPV4_PREFIX.get(ip.split('.').slice(0, 2).join('.'));
  } else if (parsed) {
    const prefix = ((parsed.value >> 96n) & 0xffffffffn).toString(16).padStart(8, '0');
    const text = `${prefix.slice(0, 4)}:${prefix.slice(4)}`;
    country = COUNTRY_CATALOG.find((entry) => entry.ipv6.includes(text));
  }

  const random = Random.from(seed, 'geo', ip);
  country ??= random.weighted(CATALOG_WEIGHTS);
  return { code: country.code, name: country.name, city: random.pick(country.cities) };
}

/** A country object for an assigned code: a catalogue city when we have one, else the capital. */
export function countryForCode(random: Random, code: string): Country | undefined {
  const entry = CATALOG_BY_CODE.get(code);

  if (entry) {
    return { code, name: entry.name, city: random.pick(entry.cities) };
  }

  const assigned = COUNTRY_CODES.get(code);
  return assigned ? { code, name: assigned.name, city: assigned.capital } : undefined;
}
