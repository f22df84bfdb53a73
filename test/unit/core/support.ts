// Test doubles for the transport: a scripted `fetch` that records every call, and envelopes
// shaped like the API's.
import { resolveOptions, type ClientOptions } from '../../../src/core/options.js';
import { Transport } from '../../../src/core/transport.js';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type Reply = (call: RecordedCall) => Response | Promise<Response>;

/**
 * A `fetch` that answers from `replies` in order (the last one repeats) and records each call.
 */
export function scriptedFetch(...replies: Reply[]): typeof fetch & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
      signal: init?.signal ?? undefined,
    };
    calls.push(call);
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)] as Reply;
    return reply(call);
  };
  return Object.assign(fake as typeof fetch, { calls });
}

export const RATE_HEADERS = {
  'x-ratelimit-limit': '50',
  'x-ratelimit-remaining': '49',
  'x-ratelimit-reset': '1736953201',
  'x-ratelimit-burst-limit': '200',
  'x-ratelimit-burst-remaining': '199',
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_0123456789ab', ...headers },
  });
}

export function envelope(
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): { error: Record<string, unknown> } {
  return {
    error: {
      code,
      message,
      ...extra,
      request_id: 'req_a1b2c3d4e5f6',
      documentation: `https://docs.cyberfortress.io/errors/${code}`,
    },
  };
}

export function errorReply(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Reply {
  return () => json(envelope(code, `${code} happened`, extra), status, headers);
}

/** A transport over a scripted fetch, with an API key and no jitter surprises. */
export function transportWith(
  fetch: typeof globalThis.fetch,
  options: ClientOptions = {},
): Transport {
  return new Transport(
    resolveOptions({
      apiKey: 'cf_test_abcdefghijklmnopqrstuvwx',
      baseURL: 'https://api.test/v1',
      fetch,
      ...options,
    }),
  );
}
