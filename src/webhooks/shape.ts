/**
 * A small structural checker for webhook payloads, so that `@cyberfortress/sdk/webhooks` needs
 * no schema library: a receiver that only verifies and parses deliveries stays a few kilobytes
 * (see scripts/size.ts for the budget).
 *
 * It follows the SDK's tolerant validation (src/core/validate.ts): unknown fields are kept, and
 * an enum is checked only for being a string, so that a value the API adds later passes. Issues
 * use the same codes and paths as the REST client's `ResponseValidationError`.
 *
 * @internal
 * @module
 */

import type { ValidationIssue } from '../core/errors.js';

type Path = (string | number)[];

/**
 * Checks a value and appends what is wrong to `issues`.
 *
 * @internal
 */
export interface Checker {
  (value: unknown, path: Path, issues: ValidationIssue[]): void;
  /** Set by `optional()`: an object field that may be missing (or `undefined`). */
  readonly optional?: true;
}

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : typeof value;
}

function expect(expected: string, value: unknown, path: Path, issues: ValidationIssue[]): void {
  issues.push({
    path,
    code: 'invalid_type',
    message: `Invalid input: expected ${expected}, received ${received(value)}`,
  });
}

/**
 * A string; also every enum, whose new members a newer API may send.
 *
 * @internal
 */
export const string: Checker = (value, path, issues) => {
  if (typeof value !== 'string') expect('string', value, path, issues);
};

/**
 * A finite number (an integer when `integer` is set) within `[min, max]`.
 *
 * @internal
 */
export function number(bounds: { integer?: boolean; min?: number; max?: number } = {}): Checker {
  const { integer = false, min = -Infinity, max = Infinity } = bounds;
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      expect('number', value, path, issues);
    } else if (integer && !Number.isInteger(value)) {
      expect('int', value, path, issues);
    } else if (value < min) {
      issues.push({
        path,
        code: 'too_small',
        message: `Too small: expected number to be >=${min}`,
      });
    } else if (value > max) {
      issues.push({ path, code: 'too_big', message: `Too big: expected number to be <=${max}` });
    }
  };
}

/**
 * An array whose every item passes `item`.
 *
 * @internal
 */
export function array(item: Checker): Checker {
  return (value, path, issues) => {
    if (!Array.isArray(value)) return expect('array', value, path, issues);
    value.forEach((entry, index) => item(entry, [...path, index], issues));
  };
}

/**
 * An object (not an array) with these fields; other fields are allowed and kept.
 *
 * @internal
 */
export function object(fields: Record<string, Checker> = {}): Checker {
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return expect('object', value, path, issues);
    }

    for (const [key, check] of Object.entries(fields)) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined && check.optional) continue;
      check(field, [...path, key], issues);
    }
  };
}

/**
 * `check`, or `null`.
 *
 * @internal
 */
export function nullable(check: Checker): Checker {
  return (value, path, issues) => {
    if (value !== null) check(value, path, issues);
  };
}

/**
 * An object field that may be missing.
 *
 * @internal
 */
export function optional(check: Checker): Checker {
  return Object.assign(
    (value: unknown, path: Path, issues: ValidationIssue[]) => check(value, path, issues),
    {
      optional: true as const,
    },
  );
}

/**
 * Runs a checker from the root and returns every issue found (none when the value matches).
 *
 * @example
 * const issues = check(object({ id: string }), JSON.parse(body));
 * @internal
 */
export function check(checker: Checker, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  checker(value, [], issues);
  return issues;
}
