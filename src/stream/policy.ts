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
  /** 1000: the client asked to close. Fatal. */
  Normal: 1000,
  /** 1001: the server is shutting down or moving connections to another node. Retried. */
  GoingAway: 1001,
  /** 1006: never sent by the server; the connection dropped without a close frame (network failure, heartbeat timeout). Retried. */
  Abnormal: 1006,
  /** 1009: the client sent a frame larger than 64 KiB. Fatal: the same frame would be sent again. */
  MessageTooBig: 1009,
  /** 1011: an unexpected server error. Retried. */
  InternalError: 1011,
  /** 1013: the server is at capacity. Retried, backing off. */
  TryAgainLater: 1013,
  /** 4400: the client sent invalid messages ten times. Fatal. */
  BadRequest: 4400,
  /** 4401: no `auth` in time, or the credentials are missing, invalid, expired or revoked. Fatal, unless a fresh OAuth token can be had. */
  Unauthorized: 4401,
  /** 4403: the credentials lack the `threats:read` scope. Fatal. */
  Forbidden: 4403,
  /** 4408: the connection's send buffer passed 4 MiB. Retried at once, resuming from the last sequence. */
  SlowConsumer: 4408,
  /** 4409: a newer connection resumed this session and carries on. Fatal. */
  Replaced: 4409,
  /** 4429: too many messages or connections for the plan. Retried after the `retry_after` of the preceding error. */
  RateLimited: 4429,
  /** 4500: the stream service is restarting. Retried. */
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

    // Ten invalid messages, or a frame over 64 KiB: the same client would send them again.
    case CloseCode.BadRequest:
    case CloseCode.MessageTooBig:
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
