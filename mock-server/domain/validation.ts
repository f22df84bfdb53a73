/**
 * Small guards the domain uses to check input it may receive without a schema in front of it
 * (the control API, direct calls from tests), collecting every problem before refusing.
 */

import { ApiError, type ErrorDetail } from '../http/errors.js';

/** Collects field problems and throws them together. */
export class Problems {
  readonly details: ErrorDetail[] = [];

  add(field: string, issue: string): void {
    this.details.push({ field, issue });
  }

  get empty(): boolean {
    return this.details.length === 0;
  }

  /** @throws ApiError INVALID_REQUEST when any problem was recorded */
  throwIfAny(message?: string): void {
    if (this.details.length > 0) {
      throw ApiError.invalid(this.details, message);
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object, or a refusal naming the whole body. */
export function requireObject(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) {
    throw ApiError.invalid([{ field: 'body', issue: 'Must be a JSON object' }]);
  }

  return value;
}

/** Records every key of `body` that is not in `known`. */
export function refuseUnknown(
  problems: Problems,
  body: Record<string, unknown>,
  known: readonly string[],
  prefix = '',
): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) {
      problems.add(`${prefix}${key}`, 'Unknown field');
    }
  }
}

export function isInteger(value: unknown, min = -Infinity, max = Infinity): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

export function isStringOf(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Parses an RFC 3339 date-time strictly (a real calendar date, an offset), or undefined.
 *
 * @example
 * parseDateTime('2025-01-15T14:30:00Z'); // 1736951400000
 */
export function parseDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }

  const match = DATE_TIME.exec(value);

  if (!match) {
    return undefined;
  }

  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];

  if (
    (month as number) < 1 ||
    (month as number) > 12 ||
    (hour as number) > 23 ||
    (minute as number) > 59 ||
    (second as number) > 60
  ) {
    return undefined;
  }

  // Date.UTC rolls 2025-02-30 over into March; a date that does not round-trip is refused.
  const days = new Date(
    Date.UTC(year as number, (month as number) - 1, day as number),
  ).getUTCDate();

  if (days !== day) {
    return undefined;
  }

  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : ms;
}
