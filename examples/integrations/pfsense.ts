/**
 * pfSense: every threat on the stream that scores above 80 has its address blocked on a pfSense
 * firewall through pfBlockerNG, with the three commands of the reference's pfSense integration:
 * append the address to a pfBlockerNG list file, add it to the live `pfctl` table, and log why.
 *
 * The commands go through a `CommandRunner`. The default, `sshRunner`, runs them with the
 * system's `ssh` client (key-based login; `BatchMode` keeps it from ever prompting for a
 * password, where the reference logs in with one), all three in one connection per address.
 * Tests pass a runner that records the commands instead. Each address is checked to be an IPv4
 * or IPv6 address before it is put into a shell command, and each is blocked once.
 *
 * Against the bundled mock (with a firewall you can reach over SSH):
 *
 *   npm run mock -- --port 4010 --events-per-second 1      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *   PFSENSE_HOST=pfsense.local PFSENSE_USER=admin npx tsx examples/integrations/pfsense.ts
 *
 * PFSENSE_DRY_RUN=1 prints the commands instead of running them, for a try without a firewall.
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import CyberFortress, { type Threat } from '../../src/index.js';
import { forwardStream, isMain, requireEnv, untilInterrupted, type Forwarding } from './shared.js';

/** Runs the commands for one address on the firewall, in order; rejects when one fails. */
export type CommandRunner = (commands: readonly string[]) => Promise<void>;

/** Where pfBlockerNG keeps what this integration blocks. */
export interface PfBlockerOptions {
  /** The list file the addresses are appended to. @default '/var/db/pfblockerng/cyberfortress.txt' */
  listFile?: string;
  /** The `pfctl` table the addresses are added to. @default 'pfBlockerNG' */
  table?: string;
}

/** What `streamToPfSense` takes. */
export interface PfSenseOptions extends PfBlockerOptions {
  /** Runs the commands on the firewall, such as `sshRunner({ host: 'pfsense.local' })`. */
  run: CommandRunner;
  /** Block threats scoring strictly above this. @default 80 */
  minScore?: number;
  /** Told when blocking an address fails; the next threat is handled all the same. @default console.error */
  onError?: (error: unknown) => void;
}

/** The reference's threshold: `threat_score > 80`. */
const DEFAULT_MIN_SCORE = 80;

/** Quotes a value for a POSIX shell: single quotes, with any single quote closed and escaped. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The reference's three commands for one address. Throws a `TypeError` for anything that is not
 * an IPv4 or IPv6 address, since it would end up in a shell command.
 */
export function blockCommands(
  ip: string,
  reason: string,
  options: PfBlockerOptions = {},
): string[] {
  if (isIP(ip) === 0)
    throw new TypeError(`Refusing to block ${JSON.stringify(ip)}: not an IP address`);
  const { listFile = '/var/db/pfblockerng/cyberfortress.txt', table = 'pfBlockerNG' } = options;
  return [
    `echo ${shellQuote(ip)} >> ${shellQuote(listFile)}`,
    `pfctl -t ${shellQuote(table)} -T add ${shellQuote(ip)}`,
    `logger ${shellQuote(`CyberFortress blocked ${ip}: ${reason}`)}`,
  ];
}

/** Blocks one address on the firewall with the reference's commands. */
export function blockIpPfSense(
  ip: string,
  reason: string,
  run: CommandRunner,
  options: PfBlockerOptions = {},
): Promise<void> {
  return run(blockCommands(ip, reason, options));
}

/**
 * A runner that logs in with the system's `ssh` client and runs the commands joined by `&&`, so
 * that the first failure stops the rest and rejects with ssh's message.
 */
export function sshRunner(target: { host: string; user?: string; port?: number }): CommandRunner {
  const destination = target.user ? `${target.user}@${target.host}` : target.host;
  const args = ['-o', 'BatchMode=yes', '-p', String(target.port ?? 22), destination];
  return (commands) =>
    new Promise((resolve, reject) => {
      execFile('ssh', [...args, commands.join(' && ')], (error, _stdout, stderr) => {
        if (error)
          reject(new Error(`ssh ${destination} failed: ${stderr.trim() || error.message}`));
        else resolve();
      });
    });
}

/**
 * Blocks the address of every threat on the stream scoring above `minScore`, once per address,
 * with the threat level as the reason, as the reference does.
 *
 * @example
 * const forwarding = await streamToPfSense(client, { run: sshRunner({ host: 'pfsense.local', user: 'admin' }) });
 */
export function streamToPfSense(
  client: CyberFortress,
  options: PfSenseOptions,
): Promise<Forwarding> {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  return forwardStream(client, 'threat_detected', {
    filter: (threat: Threat) => threat.threatScore > minScore,
    key: (threat) => threat.ipAddress,
    send: (threat) => blockIpPfSense(threat.ipAddress, threat.threatLevel, options.run, options),
    onError: options.onError,
  });
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress();
  const dryRun: CommandRunner = async (commands) => console.log(commands.join('\n'));
  const run = process.env.PFSENSE_DRY_RUN
    ? dryRun
    : sshRunner({ host: requireEnv('PFSENSE_HOST'), user: process.env.PFSENSE_USER });
  const forwarding = await streamToPfSense(client, { run });
  console.log('Blocking the address of every threat scoring above 80; Ctrl-C stops.');
  await untilInterrupted();
  forwarding.stop();
}
