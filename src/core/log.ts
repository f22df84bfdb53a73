/**
 * The SDK's logging: silent by default, a level from the `logLevel` option or the
 * `CYBERFORTRESS_LOG` variable, an injectable logger, one prefix, and credentials redacted from
 * everything that is logged.
 *
 * @module
 */

import { redactString, redactValue } from './redact.js';

/**
 * Where the SDK's log lines go; `console` fits, as does pino's or winston's logger.
 *
 * @example
 * const client = new CyberFortress({ logLevel: 'debug', logger: pino() });
 * @see https://docs.cyberfortress.io/sdks/node#logging
 * @category Http
 */
export interface Logger {
  /** One line per request attempt, with its timing (level `debug`). */
  debug(message: string, ...args: unknown[]): void;
  /** Lifecycle lines of the client and the stream (level `info`). */
  info(message: string, ...args: unknown[]): void;
  /** Something the caller should look at, such as a stream reconnecting after silence (level `warn`). */
  warn(message: string, ...args: unknown[]): void;
  /** A failure the SDK could not recover from (level `error`). */
  error(message: string, ...args: unknown[]): void;
}

/**
 * How much the SDK logs: `debug` shows one line per request attempt with its timing.
 *
 * @example
 * const client = new CyberFortress({ logLevel: 'debug' });
 * @see https://docs.cyberfortress.io/sdks/node#logging
 * @category Http
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Every level, least verbose first. @internal */
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Starts every line the SDK logs. @internal */
export const LOG_PREFIX = '[cyberfortress]';

/** Whether `value` names a log level. @internal */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

function noop(): void {}

/**
 * The SDK's own logger: below the level every method is a no-op, above it each line gets the
 * prefix and is redacted. `debugEnabled` lets the hot path skip building a message nobody reads.
 *
 * @internal
 */
export interface Log extends Logger {
  readonly debugEnabled: boolean;
}

/**
 * Builds the SDK's logger over the caller's.
 *
 * @example
 * const log = createLog('debug', console);
 * log.debug('GET /threats → 200'); // "[cyberfortress] GET /threats → 200"
 * @internal
 */
export function createLog(level: LogLevel, logger: Logger): Log {
  const rank = LOG_LEVELS.indexOf(level);
  const method = (name: Exclude<LogLevel, 'off'>) => {
    if (LOG_LEVELS.indexOf(name) > rank) return noop;
    return (message: string, ...args: unknown[]) => {
      logger[name](
        `${LOG_PREFIX} ${redactString(message)}`,
        ...args.map((arg) => redactValue(arg)),
      );
    };
  };

  return {
    debugEnabled: rank >= LOG_LEVELS.indexOf('debug'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
  };
}
