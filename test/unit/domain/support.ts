// Shared setup of the domain suites: a frozen backend at the default start.
import { MockBackend, type MockBackendOptions } from '../../../mock-server/domain/backend.js';
import { ApiError } from '../../../mock-server/http/errors.js';
import { expect } from 'vitest';

export const START = '2025-01-15T15:00:00Z';

export function frozenBackend(options: MockBackendOptions = {}): MockBackend {
  return new MockBackend({ frozenClock: true, ...options });
}

/** Runs `action` and returns the ApiError it throws (failing when it throws anything else). */
export function refusal(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }

  throw new Error('expected an ApiError, but nothing was thrown');
}

/** The fields named by an INVALID_REQUEST refusal. */
export function invalidFields(action: () => unknown): string[] {
  const error = refusal(action);
  expect(error.code).toBe('INVALID_REQUEST');
  return (error.details ?? []).map((detail) => detail.field);
}
