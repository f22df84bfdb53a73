/**
 * The mock's logger: quiet by default, one prefix on every line, and no per-request work when
 * a level is off (the listener is benchmarked, so a disabled level must cost a branch, not a call).
 */

/** Every line the mock prints starts with this, so its output is easy to grep out of a test run. */
export const LOG_PREFIX = '[cyberfortress-mock]';

/** Levels from quietest to loudest. `debug` adds one line per request. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

/** Where log lines go; `console` fits, and tests pass a collector. */
export interface LogSink {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

export interface MockLogger extends LogSink {
  readonly level: LogLevel;
  /** True when lines at `level` are printed; check it before building an expensive message. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

function noop(): void {}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Builds a logger that prints at `level` and above through `sink`.
 * Callers must never pass credentials: the pipeline logs method, path, status and time only.
 */
export function createLogger(level: LogLevel = 'warn', sink: LogSink = console): MockLogger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (name: Exclude<LogLevel, 'silent'>) => LOG_LEVELS.indexOf(name) <= rank;

  // Bind once so a disabled level is a plain noop and an enabled one skips a lookup per call.
  const line =
    (name: Exclude<LogLevel, 'silent'>) =>
    (...args: unknown[]) =>
      sink[name](LOG_PREFIX, ...args);

  return {
    level,
    enabled: at,
    error: at('error') ? line('error') : noop,
    warn: at('warn') ? line('warn') : noop,
    info: at('info') ? line('info') : noop,
    debug: at('debug') ? line('debug') : noop,
  };
}
