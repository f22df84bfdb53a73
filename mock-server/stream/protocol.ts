/**
 * The stream protocol's fixed parts, as `openapi/asyncapi.yaml` states them: channels and the
 * scope each needs, close codes, limits, message types and error codes, and the reading and
 * checks of client messages (which name the offending field by its wire path, as REST errors do).
 */

import { Problems } from '../domain/validation.js';

/** The stream channels, in the AsyncAPI document's order. */
export const CHANNELS = [
  'threats',
  'critical_alerts',
  'crypto_threats',
  'system',
  'evidence',
  'ml',
  'responses',
] as const;

export type StreamChannel = (typeof CHANNELS)[number];

/** The scope each channel needs (the channel table of `threatStream`). */
export const CHANNEL_SCOPES: Readonly<Record<StreamChannel, string>> = {
  threats: 'threats:read',
  critical_alerts: 'threats:read',
  crypto_threats: 'blockchain:read',
  system: 'monitoring:read',
  evidence: 'evidence:read',
  ml: 'threats:read',
  responses: 'threats:read',
};

/** Connecting at all needs this scope. */
export const STREAM_SCOPE = 'threats:read';

/** The scope each command needs. */
export const COMMAND_SCOPES: Readonly<Record<string, string>> = {
  set_mode: 'monitoring:write',
  scan_now: 'threats:write',
  emergency_block_all: 'network:write',
};

/** Close codes the server sends (see `x-close-codes`). */
export const CLOSE = {
  goingAway: 1001,
  internalError: 1011,
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  slowConsumer: 4408,
  replaced: 4409,
  rateLimited: 4429,
} as const;

/** Events kept for `resume`. */
export const REPLAY_BUFFER_SIZE = 10_000;
/** A connection's send buffer beyond this is a slow consumer (4408). */
export const SEND_BUFFER_LIMIT = 4 * 1024 * 1024;
/** Errors for invalid messages a connection may cause; the next one after this closes it. */
export const MAX_INVALID_MESSAGES = 10;
/** Refused (rate-limited) messages in a row before the server closes with 4429. */
export const MAX_RATE_LIMITED_MESSAGES = 10;
/** The largest client frame read; bigger ones close the connection with 1009 (`ws`'s own check). */
export const MAX_CLIENT_FRAME = 64 * 1024;

/** The message types a client may send. */
export const CLIENT_MESSAGE_TYPES = [
  'auth',
  'subscribe',
  'unsubscribe',
  'resume',
  'command',
  'ping',
] as const;

export type ClientMessageType = (typeof CLIENT_MESSAGE_TYPES)[number];

/** The codes of the server's `error` messages. */
export type StreamErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'INVALID_REQUEST'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR';

/** Errors that spend the connection's budget of invalid messages (`MAX_INVALID_MESSAGES`). */
export const INVALID_MESSAGE_CODES: ReadonlySet<StreamErrorCode> = new Set([
  'INVALID_MESSAGE',
  'UNKNOWN_MESSAGE_TYPE',
  'INVALID_REQUEST',
]);

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityFilterValue = (typeof SEVERITIES)[number];

export interface StreamFilters {
  severity?: SeverityFilterValue[];
  countries?: string[];
}

/** A client message's problems, collected so that one error names all of them. */
export { Problems };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isChannel(value: unknown): value is StreamChannel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** `id` as a RequestId (1..128 characters), or undefined when absent or malformed. */
export function requestId(message: Record<string, unknown>): string | undefined {
  const id = message.id;
  return typeof id === 'string' && id.length >= 1 && id.length <= 128 ? id : undefined;
}

/** A text frame read as a client message, or the error that refuses it. */
export type ParsedMessage =
  | {
      ok: true;
      message: Record<string, unknown>;
      type: ClientMessageType;
      id: string | undefined;
    }
  | {
      ok: false;
      code: 'INVALID_MESSAGE' | 'UNKNOWN_MESSAGE_TYPE';
      text: string;
      id: string | undefined;
    };

/** Reads a text frame: one JSON object with a known string `type`, and its `id` when valid. */
export function parseClientMessage(text: string): ParsedMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      text: 'The message is not valid JSON',
      id: undefined,
    };
  }

  if (!isRecord(message) || typeof message.type !== 'string') {
    return {
      ok: false,
      code: 'INVALID_MESSAGE',
      text: 'A message must be a JSON object with a string `type`',
      id: undefined,
    };
  }

  // The id is read before the type is known, so that even a refusal can be matched to its request.
  const id = requestId(message);
  const type = message.type;
  if (!(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) {
    return {
      ok: false,
      code: 'UNKNOWN_MESSAGE_TYPE',
      text: `Unknown message type '${type.slice(0, 64)}'`,
      id,
    };
  }

  return { ok: true, message, type: type as ClientMessageType, id };
}

/** Checks an optional `id`: absent is fine, present must be a RequestId. */
export function checkId(problems: Problems, message: Record<string, unknown>): void {
  if (message.id !== undefined && requestId(message) === undefined) {
    problems.add('id', 'Must be a string of 1 to 128 characters');
  }
}

/** A ChannelList: a non-empty array of distinct known channels. */
export function checkChannels(problems: Problems, value: unknown): StreamChannel[] {
  if (!Array.isArray(value)) {
    problems.add('channels', value === undefined ? 'Required' : 'Must be an array of channels');
    return [];
  }

  if (value.length === 0) problems.add('channels', 'Must name at least one channel');
  const seen = new Set<string>();
  value.forEach((channel, index) => {
    if (!isChannel(channel)) {
      problems.add(`channels[${index}]`, `Must be one of ${CHANNELS.join(', ')}`);
    } else if (seen.has(channel)) {
      problems.add(`channels[${index}]`, `Duplicate channel ${channel}`);
    } else {
      seen.add(channel);
    }
  });
  return [...seen] as StreamChannel[];
}

function checkList(
  problems: Problems,
  value: unknown,
  field: string,
  valid: (item: unknown) => boolean,
  issue: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.add(field, 'Must be an array');
    return undefined;
  }

  if (value.length === 0) problems.add(field, 'Must hold at least one value');
  const seen = new Set<string>();
  value.forEach((item, index) => {
    if (!valid(item)) {
      problems.add(`${field}[${index}]`, issue);
    } else if (seen.has(item as string)) {
      problems.add(`${field}[${index}]`, `Duplicate value ${String(item)}`);
    } else {
      seen.add(item as string);
    }
  });
  return [...seen];
}

/** StreamFilters: `severity` in lowercase levels, `countries` as uppercase alpha-2 codes. */
export function checkFilters(problems: Problems, value: unknown): StreamFilters {
  if (!isRecord(value)) {
    problems.add('filters', 'Must be an object');
    return {};
  }

  const severity = checkList(
    problems,
    value.severity,
    'filters.severity',
    (item) => typeof item === 'string' && (SEVERITIES as readonly string[]).includes(item),
    `Must be one of ${SEVERITIES.join(', ')} (lowercase)`,
  );
  const countries = checkList(
    problems,
    value.countries,
    'filters.countries',
    (item) => typeof item === 'string' && /^[A-Z]{2}$/.test(item),
    'Must be an ISO 3166-1 alpha-2 code in uppercase, such as CN',
  );
  const filters: StreamFilters = {};
  if (severity) filters.severity = severity as SeverityFilterValue[];
  if (countries) filters.countries = countries;
  return filters;
}

/** `from_sequence`: an integer of at least 0. */
export function checkSequence(problems: Problems, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    problems.add(
      'from_sequence',
      value === undefined ? 'Required' : 'Must be an integer of at least 0',
    );
    return 0;
  }

  return value;
}
