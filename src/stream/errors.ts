/**
 * The stream's errors: a close that ends the stream, an `error` message from the server, and
 * a command that failed, timed out or could not be sent.
 *
 * @see https://docs.cyberfortress.io/sdks/node#streaming
 * @module
 */

import { CyberFortressError } from '../core/errors.js';
import type { WireErrorDetail } from './protocol.js';

/**
 * A stream failure. `closeCode` and `closeReason` are set when a close caused it.
 *
 * @example
 * client.stream.on('error', (error) => {
 *   if (error instanceof StreamError && error.closeCode === 4401) console.error('bad credentials');
 * });
 * @category Stream
 */
export class StreamError extends CyberFortressError {
  override name = 'StreamError';
  /** The protocol's error code (`UNAUTHORIZED`, `FORBIDDEN`, ...), when the server sent one. */
  readonly code: string | undefined;
  /** The WebSocket close code, when a close caused the error (see `CloseCode`). */
  readonly closeCode: number | undefined;
  /** The close frame's reason, when a close caused the error. */
  readonly closeReason: string | undefined;
  /** The fields at fault, with `INVALID_REQUEST`. */
  readonly details: WireErrorDetail[] | undefined;
  /** The scope the credentials lack, with `FORBIDDEN`. */
  readonly requiredScope: string | undefined;
  /** Seconds to wait, with `RATE_LIMIT_EXCEEDED`. */
  readonly retryAfter: number | undefined;

  constructor(
    message: string,
    init: {
      code?: string | undefined;
      closeCode?: number | undefined;
      closeReason?: string | undefined;
      details?: WireErrorDetail[] | undefined;
      requiredScope?: string | undefined;
      retryAfter?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: init.cause });
    this.code = init.code;
    this.closeCode = init.closeCode;
    this.closeReason = init.closeReason;
    this.details = init.details;
    this.requiredScope = init.requiredScope;
    this.retryAfter = init.retryAfter;
  }
}

/**
 * A command that did not succeed: the server's `command_result` with `ok: false` (its `code`,
 * such as `FORBIDDEN`), or `TIMEOUT`, `QUEUE_FULL`, `CONNECTION_LOST` (sent, but the connection
 * dropped before the result: the outcome is unknown, check over REST) or `CLOSED`.
 *
 * @example
 * try {
 *   await client.stream.setMode('DEEP_SCAN');
 * } catch (error) {
 *   if (error instanceof StreamCommandError && error.code === 'FORBIDDEN') console.error(error.requiredScope);
 * }
 * @category Stream
 */
export class StreamCommandError extends StreamError {
  override name = 'StreamCommandError';
  /** The command's action, such as `set_mode`. */
  readonly action: string;

  constructor(
    action: string,
    message: string,
    init: ConstructorParameters<typeof StreamError>[1] = {},
  ) {
    super(message, init);
    this.action = action;
  }
}

/**
 * Whether `value` is a `StreamError`, also across realms (by name).
 *
 * @category Stream
 */
export function isStreamError(value: unknown): value is StreamError {
  return (
    value instanceof StreamError ||
    (value instanceof Error &&
      (value.name === 'StreamError' || value.name === 'StreamCommandError'))
  );
}
