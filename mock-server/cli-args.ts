/**
 * Command-line parsing for `cyberfortress-mock`, apart from cli.ts so it can be tested without
 * starting a server.
 */

import { parseArgs } from 'node:util';
import { isLogLevel, LOG_LEVELS, type LogLevel } from './http/log.js';
import { isPlanName, PLAN_NAMES, type PlanName } from './http/plans.js';

export interface CliOptions {
  port: number;
  host: string;
  seed: number | undefined;
  plan: PlanName;
  apiKeys: string[];
  logLevel: LogLevel;
}

export type CliCommand =
  { kind: 'help' } | { kind: 'version' } | { kind: 'serve'; options: CliOptions };

/** A bad flag or value; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: cyberfortress-mock [options]

Serves the CyberFortress REST API (under /v1) and the mock control API (under /__mock)
from memory, deterministic from a seed.

Options:
  --port <n>          Port to listen on; 0 picks a free one (default 4010)
  --host <address>    Address to bind (default 127.0.0.1)
  --seed <n>          Dataset seed, a non-negative integer (default 42)
  --plan <name>       Rate-limit plan: ${PLAN_NAMES.join(', ')} (default professional;
                      custom is unlimited)
  --api-key <key>     Also accept this API key, with every scope; repeatable
  --log-level <level> ${LOG_LEVELS.join(', ')} (default warn; debug logs each request)
  -h, --help          Show this help
  -v, --version       Show the version
`;

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  }

  return n;
}

/** Parses `argv` (without the node and script paths). @throws UsageError */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        plan: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const values = parsed.values;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const plan = values.plan ?? 'professional';
  if (!isPlanName(plan))
    throw new UsageError(`--plan must be one of ${PLAN_NAMES.join(', ')}, got '${plan}'`);

  const logLevel = values['log-level'] ?? 'warn';
  if (!isLogLevel(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }

  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');

  const apiKeys = values['api-key'] ?? [];
  for (const key of apiKeys) {
    if (!/^[\x21-\x7e]{8,256}$/.test(key)) {
      throw new UsageError('--api-key must be 8 to 256 printable characters without spaces');
    }
  }

  return {
    kind: 'serve',
    options: {
      port: values.port === undefined ? 4010 : integer('port', values.port, 0, 65535),
      host,
      seed: values.seed === undefined ? undefined : integer('seed', values.seed, 0, 2 ** 32 - 1),
      plan,
      apiKeys,
      logLevel,
    },
  };
}
