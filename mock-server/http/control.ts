/**
 * The control API under `/__mock/`: test and demo tooling to reset, inject threats, move the
 * clock and read counters. It takes no auth and no rate limit and is not part of the public spec.
 */

import { z, type ZodType } from 'zod';
import { parseJsonText } from './body.js';
import { CONTROL_PREFIX, isBelow } from './constants.js';
import { ApiError } from './errors.js';
import type { MockRequest } from './exchange.js';
import { resetMockState, type MockState } from './state.js';
import { errorResponse, jsonResponse, type BuiltResponse } from './respond.js';
import { requireRoute, Router } from './router.js';
import { validateBody } from './validate.js';
import { dropStreamConnections } from '../stream/registry.js';

export function isControlPath(pathname: string): boolean {
  return isBelow(pathname, CONTROL_PREFIX);
}

interface ControlRoute {
  method: string;
  path: string;
  body?: ZodType;
  handle(state: MockState, body: unknown): { status: number; body: unknown };
}

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `'90m'` or a number of milliseconds, as `POST /__mock/clock` takes for `advance`. */
export function parseAdvance(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value.trim());
  if (!match) {
    throw ApiError.invalid([
      {
        field: 'advance',
        issue:
          "Expected a duration such as '500ms', '30s', '90m', '2h', '1d' or a number of milliseconds",
      },
    ]);
  }

  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

const resetBody = z.object({
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});

const clockBody = z.object({
  advance: z.union([z.number().min(0), z.string()]).optional(),
  set: z.string().optional(),
  frozen: z.boolean().optional(),
});

const injectBody = z.record(z.string(), z.unknown());

const dropBody = z.object({ clean: z.boolean().optional() });

const CONTROL_ROUTES: ControlRoute[] = [
  {
    method: 'GET',
    path: '/health',
    handle: () => ({ status: 200, body: { ok: true } }),
  },
  {
    method: 'POST',
    path: '/reset',
    body: resetBody,
    handle: (state, body) => {
      const { seed } = body as z.infer<typeof resetBody>;
      resetMockState(state, seed);
      return {
        status: 200,
        body: { seed: state.backend.seed, threats: state.backend.threats.count() },
      };
    },
  },
  {
    method: 'POST',
    path: '/threats',
    body: injectBody,
    handle: (state, body) => ({
      status: 201,
      body: state.backend.threats.inject(body as Record<string, unknown>),
    }),
  },
  {
    // Ends every stream connection from the server's side: `clean` with a close frame (1001),
    // otherwise by dropping the socket (1006), for clients' reconnect tests.
    method: 'POST',
    path: '/stream/drop',
    body: dropBody,
    handle: (state, body) => {
      const { clean = false } = body as z.infer<typeof dropBody>;
      return { status: 200, body: { dropped: dropStreamConnections(state, clean) } };
    },
  },
  {
    method: 'GET',
    path: '/clock',
    handle: (state) => ({ status: 200, body: state.backend.clock.snapshot() }),
  },
  {
    method: 'POST',
    path: '/clock',
    body: clockBody,
    handle: (state, body) => {
      const { advance, set, frozen } = body as z.infer<typeof clockBody>;
      const clock = state.backend.clock;

      // Check everything before changing anything, so a refused request moves no clock.
      const setMs = set === undefined ? undefined : Date.parse(set);
      if (setMs !== undefined && Number.isNaN(setMs)) {
        throw ApiError.invalid([
          {
            field: 'set',
            issue: 'Invalid date-time; expected RFC 3339 such as 2025-01-15T14:30:00Z',
          },
        ]);
      }

      const advanceMs = advance === undefined ? undefined : parseAdvance(advance);
      if (setMs !== undefined) clock.set(setMs);
      if (advanceMs !== undefined) clock.advance(advanceMs);
      if (frozen !== undefined) clock.freeze(frozen);
      return { status: 200, body: clock.snapshot() };
    },
  },
  {
    method: 'GET',
    path: '/counters',
    handle: (state) => ({ status: 200, body: state.counters.snapshot() }),
  },
  {
    method: 'GET',
    path: '/credentials',
    handle: (state) => {
      const credentials = state.backend.credentials.testCredentials();
      return {
        status: 200,
        body: {
          api_key: credentials.apiKey,
          oauth: {
            client_id: credentials.oauth.clientId,
            client_secret: credentials.oauth.clientSecret,
          },
          plan: state.plan.name,
        },
      };
    },
  },
];

const router = new Router(CONTROL_ROUTES);

/**
 * Answers one control request. Bodies are read as JSON whatever the Content-Type says, since
 * `curl -d` sends a form type by default and this API is for people typing commands.
 */
export async function handleControl(
  state: MockState,
  request: MockRequest,
  requestId: string,
): Promise<BuiltResponse> {
  try {
    const path = request.pathname.slice(CONTROL_PREFIX.length);
    const lookup = requireRoute(router.lookup(request.method, path), request, 'control route');

    const route = lookup.route;
    let body: unknown;
    if (route.body) {
      if (request.bodyTooLarge)
        throw new ApiError('PAYLOAD_TOO_LARGE', 'Request body exceeds the 1 MiB limit');
      const text = request.body ? Buffer.from(request.body).toString('utf8').trim() : '';
      body = validateBody(route.body, text === '' ? {} : parseJsonText(text));
    }

    const result = route.handle(state, body);
    return jsonResponse(result.status, result.body, requestId);
  } catch (error) {
    return errorResponse(error, requestId, state.log);
  }
}
