/**
 * Query-string reading for the route handlers: multi-valued parameters (repeated or
 * comma-separated), bounded integers, enums, date-times, IPs and country codes. Every problem is
 * collected, and `finish()` refuses them together (plus any parameter the route does not know)
 * as one INVALID_REQUEST with a detail per parameter.
 */

import { isAssignedCountryCode } from '../domain/data/country-codes.js';
import { canonicalIp } from '../domain/ip.js';
import { parseDateTime } from '../domain/validation.js';
import { ApiError, type ErrorDetail } from './errors.js';

/**
 * Reads one request's query.
 *
 * @example
 * const q = new QueryReader(context.query);
 * const limit = q.int('limit', { min: 1, max: 100, default: 20 });
 * q.finish();
 */
export class QueryReader {
  readonly #query: URLSearchParams;
  readonly #known = new Set<string>();
  readonly #details: ErrorDetail[] = [];

  constructor(query: URLSearchParams) {
    this.#query = query;
  }

  /** Records a problem found by the handler itself (such as `from` after `to`). */
  problem(field: string, issue: string): void {
    this.#details.push({ field, issue });
  }

  /** A single-valued parameter's raw text; given twice is a problem. */
  one(name: string): string | undefined {
    this.#known.add(name);
    const values = this.#query.getAll(name);

    if (values.length > 1) {
      this.problem(name, 'Must be given at most once');
      return undefined;
    }

    return values[0];
  }

  /** A multi-valued parameter: `a=x&a=y` or `a=x,y`; empty entries are problems. */
  many(name: string): string[] | undefined {
    this.#known.add(name);
    const values = this.#query.getAll(name).flatMap((value) => value.split(','));

    if (values.length === 0) {
      return undefined;
    }

    if (values.some((value) => value.trim() === '')) {
      this.problem(name, 'Must not contain empty values');
      return undefined;
    }

    return values.map((value) => value.trim());
  }

  /** A multi-valued enum, compared case-insensitively and returned in the enum's spelling. */
  enums<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const values = this.many(name);

    if (!values) {
      return undefined;
    }

    const byLower = new Map(allowed.map((value) => [value.toLowerCase(), value]));
    const out: T[] = [];

    for (const value of values) {
      const match = byLower.get(value.toLowerCase());

      if (!match) {
        this.problem(name, `Unknown value '${value}': use ${allowed.join(', ')}`);
        return undefined;
      }

      if (!out.includes(match)) {
        out.push(match);
      }
    }

    return out;
  }

  /** A single-valued enum with a default. */
  enum<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  enum<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  enum<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.one(name);

    if (value === undefined) {
      return fallback;
    }

    if (!allowed.includes(value as T)) {
      this.problem(name, `Must be one of ${allowed.join(', ')}`);
      return fallback;
    }

    return value as T;
  }

  /** A whole number within bounds. */
  int(name: string, options: { min: number; max?: number; default: number }): number {
    const value = this.one(name);

    if (value === undefined) {
      return options.default;
    }

    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const number = /^-?[0-9]{1,16}$/.test(value) ? Number(value) : Number.NaN;

    if (!Number.isSafeInteger(number) || number < options.min || number > max) {
      this.problem(
        name,
        options.max === undefined
          ? `Must be an integer >= ${options.min}`
          : `Must be an integer from ${options.min} to ${options.max}`,
      );
      return options.default;
    }

    return number;
  }

  /** An RFC 3339 date-time, as epoch milliseconds. */
  date(name: string): number | undefined {
    const value = this.one(name);

    if (value === undefined) {
      return undefined;
    }

    const ms = parseDateTime(value);

    if (ms === undefined) {
      this.problem(name, 'Must be an RFC 3339 date-time such as 2025-01-15T14:30:00Z');
    }

    return ms;
  }

  /** One IPv4 or IPv6 address in canonical form. */
  ip(name: string): string | undefined {
    const value = this.one(name);

    if (value === undefined) {
      return undefined;
    }

    const ip = canonicalIp(value);

    if (ip === undefined) {
      this.problem(name, 'Invalid IP address format');
    }

    return ip;
  }

  /** Assigned ISO 3166-1 alpha-2 codes, uppercase as assigned. */
  countries(name: string): string[] | undefined {
    const values = this.many(name);

    if (!values) {
      return undefined;
    }

    const wrong = values.filter((value) => !isAssignedCountryCode(value));

    if (wrong.length > 0) {
      this.problem(
        name,
        `Not an assigned ISO 3166-1 alpha-2 code (uppercase, e.g. CN): ${wrong.join(', ')}`,
      );
      return undefined;
    }

    return [...new Set(values)];
  }

  /** `limit` (1..100, default 20) and `offset` (>= 0, default 0). */
  pagination(): { limit: number; offset: number } {
    return {
      limit: this.int('limit', { min: 1, max: 100, default: 20 }),
      offset: this.int('offset', { min: 0, default: 0 }),
    };
  }

  /**
   * Refuses unknown parameters and every recorded problem at once.
   *
   * @throws ApiError INVALID_REQUEST with one detail per problem
   */
  finish(): void {
    const unknown = new Set<string>();

    for (const name of this.#query.keys()) {
      if (!this.#known.has(name) && !unknown.has(name)) {
        unknown.add(name);
        this.problem(name, 'Unknown query parameter');
      }
    }

    if (this.#details.length > 0) {
      throw ApiError.invalid(this.#details, 'The query parameters are invalid');
    }
  }
}

/** Refuses any query parameter on a route that takes none. */
export function noQuery(query: URLSearchParams): void {
  new QueryReader(query).finish();
}
