/**
 * PagerDuty: every critical alert on the stream opens a PagerDuty incident titled
 * `Critical Threat: <ip>`, with the threat's score, level and the actions CyberFortress took,
 * as the reference's PagerDuty integration does. `pageCriticalThreats` does the same for the
 * critical threats of a past window.
 *
 * The reference posts to PagerDuty's REST `/incidents` API with a user's API key and a service
 * id; this example sends to the Events API v2 (`/v2/enqueue`) with a service's integration
 * (routing) key instead, which is the API PagerDuty provides for monitoring tools. The threat id
 * is the `dedup_key`, so the same threat never opens two incidents, and a `critical` severity
 * gives the incident the high urgency the reference asks for.
 *
 * Against the bundled mock (any server that answers the Events API will do):
 *
 *   npm run mock -- --port 4010 --events-per-second 1      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *   PAGERDUTY_ROUTING_KEY=<32-character integration key> npx tsx examples/integrations/pagerduty.ts
 *
 * PAGERDUTY_EVENTS_URL overrides the endpoint (default https://events.pagerduty.com/v2/enqueue).
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import CyberFortress, { type Threat, type ThreatListParams } from '../../src/index.js';
import {
  forwardStream,
  isMain,
  readReply,
  requireEnv,
  threatPages,
  untilInterrupted,
  type Forwarding,
} from './shared.js';

/** Where to send events and with which integration. */
export interface PagerDutyOptions {
  /** The 32-character integration key of the PagerDuty service (Events API v2). */
  routingKey: string;
  /** @default 'https://events.pagerduty.com/v2/enqueue' */
  eventsURL?: string;
  /** The `payload.source`: the system that detected the threat. @default 'cyberfortress' */
  source?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** One Events API v2 `trigger` event. */
export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  client: string;
  payload: {
    summary: string;
    source: string;
    severity: 'critical';
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
}

const EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** The Events API's limit on `payload.summary`. */
const SUMMARY_LIMIT = 1024;

/** The incident the reference opens for one critical threat, as an Events API v2 event. */
export function toPagerDutyEvent(
  threat: Threat,
  options: Pick<PagerDutyOptions, 'routingKey' | 'source'>,
): PagerDutyEvent {
  return {
    routing_key: options.routingKey,
    event_action: 'trigger',
    dedup_key: threat.id,
    client: 'CyberFortress',
    payload: {
      summary: `Critical Threat: ${threat.ipAddress}`.slice(0, SUMMARY_LIMIT),
      source: options.source ?? 'cyberfortress',
      severity: 'critical',
      timestamp: threat.detectedAt,
      component: threat.ipAddress,
      group: threat.country.code,
      class: threat.threatType,
      custom_details: {
        threat_id: threat.id,
        threat_score: threat.threatScore,
        threat_level: threat.threatLevel,
        actions_taken: threat.automatedResponse.actionsTaken,
      },
    },
  };
}

/** Triggers the incident for one threat; throws `SinkError` when PagerDuty refuses the event. */
export async function triggerIncident(threat: Threat, options: PagerDutyOptions): Promise<void> {
  const response = await (options.fetch ?? fetch)(options.eventsURL ?? EVENTS_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(toPagerDutyEvent(threat, options)),
  });

  await readReply('PagerDuty', response);
}

/**
 * Opens an incident for each critical alert on the stream. The alert names the threat; the
 * threat itself is read over REST for the actions taken, which the alert does not carry.
 *
 * @example
 * const forwarding = await streamToPagerDuty(client, { routingKey: process.env.PAGERDUTY_ROUTING_KEY! });
 */
export function streamToPagerDuty(
  client: CyberFortress,
  options: PagerDutyOptions & { onError?: (error: unknown) => void },
): Promise<Forwarding> {
  return forwardStream(client, 'critical_alert', {
    send: async (alert) => triggerIncident(await client.threats.get(alert.threatId), options),
    key: (alert) => alert.threatId,
    onError: options.onError,
  });
}

/**
 * Opens an incident for every critical threat `params` selects (its `severity` is always
 * `critical`); resolves to how many. Given the running `forwarding`, threats already paged are
 * skipped.
 */
export async function pageCriticalThreats(
  client: CyberFortress,
  options: PagerDutyOptions,
  params: Omit<ThreatListParams, 'severity'>,
  forwarding?: Forwarding,
): Promise<number> {
  let paged = 0;
  for await (const page of threatPages(client, { ...params, severity: ['critical'] }, forwarding)) {
    // One event per request: the Events API takes no batches.
    for (const threat of page) {
      await triggerIncident(threat, options);
      paged += 1;
    }
  }

  return paged;
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress();
  const options = {
    routingKey: requireEnv('PAGERDUTY_ROUTING_KEY'),
    eventsURL: process.env.PAGERDUTY_EVENTS_URL,
  };
  const forwarding = await streamToPagerDuty(client, options);
  console.log('Opening a PagerDuty incident for each critical alert; Ctrl-C stops.');
  await untilInterrupted();
  forwarding.stop();
}
