/**
 * When the stream reconnects and how long it waits: the close codes of asyncapi's table in one
 * place, and the default backoff.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

/**
 * The close codes the stream protocol names.
 *
 * @category Stream
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  Abnormal: 1006,
  InternalError: 1011,
  TryAgainLater: 1013,
  BadRequest: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  SlowConsumer: 4408,
  Replaced: 4409,
  RateLimited: 4429,
  ServerRestarting: 4500,
} as const;

/**
 * What to do after a close: stop for good, or reconnect.
 *
 * @internal
 */
export type CloseVerdict = 'fatal' | 'retry';

/**
 * Decides, for one close, whether reconnecting can help. Codes not listed are retryable, as the
 * protocol says; the fatal ones would fail the same way again.
 *
 * @param freshCredentials whether a new credential can be had (an OAuth token that can be
 * refreshed), which turns 4401 into a retry
 * @internal
 */
export function closeVerdict(code: number, freshCredentials: boolean): CloseVerdict {
  switch (code) {
    // We asked for it (`close()`), or the server thinks we did: either way nothing to resume.
    case CloseCode.Normal:
      return 'fatal';

    // Ten invalid messages: the same client would send them again.
    case CloseCode.BadRequest:
      return 'fatal';

    // Bad, expired or revoked credentials: only a new token can get a different answer.
    case CloseCode.Unauthorized:
      return freshCredentials ? 'retry' : 'fatal';

    // The credentials lack `threats:read`; scopes do not change by reconnecting.
    case CloseCode.Forbidden:
      return 'fatal';

    // Another connection resumed our session and carries on; two would deliver twice.
    case CloseCode.Replaced:
      return 'fatal';

    // 1001, 1006, 1011, 1013, 4408 (slow consumer), 4429 (after its delay), 4500 and unknown codes.
    default:
      return 'retry';
  }
}

/**
 * Exponential backoff with jitter: about `1s, 2s, 4s, …` up to 30 seconds, each delay drawn
 * at random from its upper half so that many clients dropped at once do not return together.
 *
 * @param attempt 1 for the first retry after a drop
 * @returns milliseconds to wait
 * @example
 * randomisedExponentialBackoff(3); // between 2_000 and 4_000
 * @category Stream
 */
export function randomisedExponentialBackoff(attempt: number): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** The first retry's ceiling, 1 second. */
const BASE_RETRY_DELAY_MS = 1_000;

/** No wait longer than 30 seconds, the protocol's suggestion. */
const MAX_RETRY_DELAY_MS = 30_000;
