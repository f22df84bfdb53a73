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
  /** Threats the simulator injects per second into the stream; 0 = off. */
  eventsPerSecond: number;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; options: CliOptions }
  | { kind: 'listen'; options: CliOptions; listen: ListenOptions };

/** What `cyberfortress-mock listen` adds to the server's options. */
export interface ListenOptions {
  /** Where every delivery goes (http or https). */
  forwardTo: string;
  /** Webhook event names to forward, unchecked here (cli.ts checks them); undefined = all. */
  events: string[] | undefined;
  /** Signing secret; undefined = a fresh `whsec_` one, printed at start. */
  secret: string | undefined;
}

/** A bad flag or value; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: cyberfortress-mock [options]
       cyberfortress-mock listen --forward-to <url> [--events <list>] [--secret <s>] [options]

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
  --events-per-second <n>
                      Inject seeded random threats at this rate (default 0: none)
  -h, --help          Show this help
  -v, --version       Show the version

listen: runs the mock as above and forwards each of its events (a threat injected with
POST /__mock/threats, a status change, …) to a local URL as a signed webhook delivery,
printing one line per attempt.
  --forward-to <url>  http(s) URL that receives the deliveries (required)
  --events <list>     Comma-separated webhook events to forward (default all)
  --secret <s>        Signing secret, 16 to 256 characters (default a fresh whsec_ one)
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
  const listening = argv[0] === 'listen';
  let parsed;
  try {
    parsed = parseArgs({
      args: listening ? argv.slice(1) : [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        plan: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'events-per-second': { type: 'string' },
        'forward-to': { type: 'string' },
        events: { type: 'string' },
        secret: { type: 'string' },
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

  const serve = {
    kind: 'serve' as const,
    options: {
      port: values.port === undefined ? 4010 : integer('port', values.port, 0, 65535),
      host,
      seed: values.seed === undefined ? undefined : integer('seed', values.seed, 0, 2 ** 32 - 1),
      plan,
      apiKeys,
      logLevel,
      eventsPerSecond:
        values['events-per-second'] === undefined
          ? 0
          : integer('events-per-second', values['events-per-second'], 0, 100_000),
    },
  };
  return listening
    ? { kind: 'listen', options: serve.options, listen: listenOptions(values) }
    : noListenFlags(values, serve);
}

function listenOptions(values: {
  'forward-to'?: string;
  events?: string;
  secret?: string;
}): ListenOptions {
  const forwardTo = values['forward-to'];
  if (forwardTo === undefined) throw new UsageError('listen needs --forward-to <url>');
  let url: URL | undefined;
  try {
    url = new URL(forwardTo);
  } catch {
    url = undefined;
  }

  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--forward-to must be an http or https URL, got '${forwardTo}'`);
  }

  const events = values.events
    ?.split(',')
    .map((event) => event.trim())
    .filter(Boolean);
  if (events !== undefined && events.length === 0) {
    throw new UsageError('--events must name at least one event');
  }

  const secret = values.secret;
  if (secret !== undefined && (secret.length < 16 || secret.length > 256)) {
    throw new UsageError('--secret must be 16 to 256 characters');
  }

  return { forwardTo, events, secret };
}

/** Refuses the listen flags without the listen subcommand. */
function noListenFlags<T>(
  values: { 'forward-to'?: string; events?: string; secret?: string },
  command: T,
): T {
  for (const flag of ['forward-to', 'events', 'secret'] as const) {
    if (values[flag] !== undefined) {
      throw new UsageError(
        `--${flag} belongs to the listen subcommand: cyberfortress-mock listen …`,
      );
    }
  }

  return command;
}
