/**
 * Splunk: every threat the stream reports becomes an event in Splunk's HTTP Event Collector
 * (HEC), with the fields, `sourcetype` and `source` of the reference's Splunk integration.
 * `backfillToSplunk` sends a past window first, one HEC request per page of threats.
 *
 * Against the bundled mock (no account, no Splunk: any server that answers HEC will do):
 *
 *   npm run mock -- --port 4010 --events-per-second 1      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *   SPLUNK_HEC_URL=https://splunk.example.com:8088/services/collector SPLUNK_HEC_TOKEN=<token> \
 *     npx tsx examples/integrations/splunk-hec.ts
 *
 * Set SPLUNK_BACKFILL_FROM (an RFC 3339 time) to send the threats detected since then first.
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import CyberFortress, { type Threat, type ThreatListParams } from '../../src/index.js';
import {
  epochSeconds,
  forwardStream,
  isMain,
  readReply,
  requireEnv,
  threatPages,
  untilInterrupted,
  type Forwarding,
} from './shared.js';

/** Where and how to reach the HTTP Event Collector. */
export interface SplunkHecOptions {
  /** The collector endpoint, such as `https://splunk.example.com:8088/services/collector`. */
  url: string;
  /** The HEC token, sent as `Authorization: Splunk <token>`. */
  token: string;
  /** The index to write to. @default the token's default index */
  index?: string;
  /** The `host` field of each event. @default Splunk's own (the sender's address) */
  host?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** One HEC event, as the collector's JSON endpoint takes it. */
export interface HecEvent {
  /** Detection time, epoch seconds. */
  time: number;
  sourcetype: 'cyberfortress:threat';
  source: 'cyberfortress_api';
  host?: string;
  index?: string;
  event: { threat_id: string; ip: string; score: number; level: string; timestamp: string };
}

/** The reference's event for one threat, timed at its detection. */
export function toHecEvent(threat: Threat, options: Pick<SplunkHecOptions, 'host' | 'index'> = {}) {
  const event: HecEvent = {
    time: epochSeconds(threat.detectedAt),
    sourcetype: 'cyberfortress:threat',
    source: 'cyberfortress_api',
    event: {
      threat_id: threat.id,
      ip: threat.ipAddress,
      score: threat.threatScore,
      level: threat.threatLevel,
      timestamp: threat.detectedAt,
    },
  };

  if (options.host !== undefined) event.host = options.host;
  if (options.index !== undefined) event.index = options.index;
  return event;
}

/**
 * Sends threats in one request: HEC takes several events as JSON objects one after another.
 * Throws `SinkError` when the collector refuses them (a bad token is 403, code 4).
 */
export async function sendToSplunk(threats: Threat[], options: SplunkHecOptions): Promise<void> {
  if (threats.length === 0) return;
  const body = threats.map((threat) => JSON.stringify(toHecEvent(threat, options))).join('\n');
  const response = await (options.fetch ?? fetch)(options.url, {
    method: 'POST',
    headers: { Authorization: `Splunk ${options.token}`, 'Content-Type': 'application/json' },
    body,
  });

  await readReply('Splunk HEC', response);
}

/**
 * Streams every new threat to Splunk, one event per threat, as the reference does.
 *
 * @example
 * const forwarding = await streamToSplunk(client, { url, token });
 * // …later
 * forwarding.stop();
 */
export function streamToSplunk(
  client: CyberFortress,
  options: SplunkHecOptions & { onError?: (error: unknown) => void },
): Promise<Forwarding> {
  return forwardStream(client, 'threat_detected', {
    send: (threat) => sendToSplunk([threat], options),
    key: (threat) => threat.id,
    onError: options.onError,
  });
}

/**
 * Sends every threat `params` selects, one HEC request per page; resolves to how many. Given
 * the running `forwarding`, threats the stream already sent are skipped.
 */
export async function backfillToSplunk(
  client: CyberFortress,
  options: SplunkHecOptions,
  params: ThreatListParams,
  forwarding?: Forwarding,
): Promise<number> {
  let sent = 0;
  for await (const page of threatPages(client, params, forwarding)) {
    await sendToSplunk(page, options);
    sent += page.length;
  }

  return sent;
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress();
  const options = { url: requireEnv('SPLUNK_HEC_URL'), token: requireEnv('SPLUNK_HEC_TOKEN') };
  const forwarding = await streamToSplunk(client, options);

  // The stream is open before the backfill reads, so no threat falls between the two.
  const from = process.env.SPLUNK_BACKFILL_FROM;
  if (from) {
    const to = new Date().toISOString();
    const count = await backfillToSplunk(client, options, { from, to }, forwarding);
    console.log(`Sent ${count} threats detected since ${from}`);
  }

  console.log(`Streaming threats to ${options.url}; Ctrl-C stops.`);
  await untilInterrupted();
  forwarding.stop();
}
