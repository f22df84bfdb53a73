/**
 * The stream's channel names and their check, small enough to load with the client so that a
 * bad argument throws at the call, before the stream's implementation has loaded.
 *
 * @module
 */

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
