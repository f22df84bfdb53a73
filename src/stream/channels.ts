/**
 * The stream's channel and event names and their checks, small enough to load with the client
 * so that a bad argument throws at the call, before the stream's implementation has loaded.
 *
 * @module
 */

import type { StreamEvents } from './events.js';
import type { StreamChannel } from './protocol.js';

const CHANNELS: readonly StreamChannel[] = [
  'threats',
  'critical_alerts',
  'crypto_threats',
  'ml',
  'responses',
  'system',
  'evidence',
];

/**
 * `channels`, typed, when it is a non-empty array of known channels.
 * @throws TypeError naming `method` and the channels it accepts
 * @internal
 */
export function checkChannels(channels: unknown, method: string): StreamChannel[] {
  if (
    !Array.isArray(channels) ||
    channels.length === 0 ||
    !channels.every((channel) => CHANNELS.includes(channel as StreamChannel))
  ) {
    throw new TypeError(
      `The \`channels\` of \`${method}\` must be a non-empty array of ${CHANNELS.join(', ')}, got ${JSON.stringify(channels)}`,
    );
  }

  return channels as StreamChannel[];
}

/** Every event a handler can be added for; typed so that a new event cannot be left out. */
const EVENTS: Readonly<Record<keyof StreamEvents, true>> = {
  threat_detected: true,
  threat_mitigated: true,
  critical_alert: true,
  crypto_threat: true,
  ml_anomaly: true,
  auto_response: true,
  system_status: true,
  evidence_collected: true,
  event: true,
  connecting: true,
  open: true,
  reconnecting: true,
  resumed: true,
  gap: true,
  close: true,
  error: true,
};

/**
 * Refuses a handler that could never be called: an event name the stream does not emit (a
 * typo would otherwise wait forever), or a handler that is not a function.
 * @throws TypeError naming `method` and the events it accepts
 * @internal
 */
export function checkHandler(event: unknown, handler: unknown, method: string): void {
  if (typeof event !== 'string' || !Object.hasOwn(EVENTS, event)) {
    throw new TypeError(
      `The event of \`${method}\` must be one of ${Object.keys(EVENTS).join(', ')}, got ${JSON.stringify(event)}`,
    );
  }

  if (typeof handler !== 'function') {
    throw new TypeError(`The handler of \`${method}('${event}')\` must be a function`);
  }
}
