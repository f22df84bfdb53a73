// A small stand-in backend and route table for the HTTP layer's tests: enough domain to show
// that the pipeline's steps run in order and that a refused request changes nothing.
import { z } from 'zod';
import type { MockBackend } from '../../../mock-server/domain/backend.js';
import { ApiError } from '../../../mock-server/http/errors.js';
import { createMockRuntime, type MockRuntime } from '../../../mock-server/http/runtime.js';
import type { MockStateOptions } from '../../../mock-server/http/state.js';
import type { Principal, RouteDefinition } from '../../../mock-server/http/types.js';

export const CLOCK_START = Date.parse('2025-01-15T15:00:00Z');

const ALL_SCOPES = ['threats:read', 'threats:write', 'evidence:read'];

class FakeClock {
  #now = CLOCK_START;
  #frozen = true;
  now(): number {
    return this.#now;
  }
  nowIso(): string {
    return new Date(this.#now).toISOString().replace('.000Z', 'Z');
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
  freeze(frozen: boolean): void {
    this.#frozen = frozen;
  }
  snapshot() {
    return {
      now: this.nowIso(),
      start: '2025-01-15T15:00:00Z',
      offset_ms: this.#now - CLOCK_START,
      frozen: this.#frozen,
    };
  }
}

/** Tokens: `tok_read` (threats:read), `tok_all` (every scope), `tok_ip` (only from 10.0.0.1). */
export class FakeBackend {
  seed = 42;
  clock = new FakeClock();
  /** The fake's threats by id; `threats` is the domain-shaped API the control API calls. */
  store = new Map<string, Record<string, unknown>>();
  #extraKeys = new Set<string>();
  #nextId = 1;

  credentials = {
    authenticate: (token: string, clientIp: string): Principal => {
      if (token === 'tok_read')
        return { id: 'key_read', kind: 'api_key', scopes: ['threats:read'] };
      if (token === 'tok_all' || this.#extraKeys.has(token))
        return { id: `key_${token}`, kind: 'api_key', scopes: ALL_SCOPES };
      if (token === 'tok_ip') {
        if (clientIp !== '10.0.0.1')
          throw new ApiError('FORBIDDEN', `Client IP ${clientIp} is not in the key's IP whitelist`);
        return { id: 'key_ip', kind: 'api_key', scopes: ALL_SCOPES };
      }

      throw new ApiError('UNAUTHORIZED', 'Invalid API key');
    },
    addApiKey: (key: string) => {
      this.#extraKeys.add(key);
    },
    testCredentials: () => ({
      apiKey: 'tok_all',
      oauth: { clientId: 'client_test', clientSecret: 'secret_test' },
    }),
  };

  threats = {
    inject: (partial: Record<string, unknown>) => this.create(partial),
    count: () => this.store.size,
  };

  create(fields: Record<string, unknown>): Record<string, unknown> {
    const threat = {
      id: `threat_${String(this.#nextId++).padStart(8, '0')}`,
      status: 'active',
      ...fields,
    };
    this.store.set(threat.id, threat);
    return threat;
  }

  reset(seed?: number): void {
    if (seed !== undefined) this.seed = seed;
    this.store.clear();
    this.#extraKeys.clear();
    this.#nextId = 1;
  }
}

/** A release-able gate for the slow route, to hold a request "still running". */
export const gate = {
  release: () => {},
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.release = resolve;
    });
  },
};

const reportBody = z.object({
  ip_address: z.union([z.ipv4(), z.ipv6()]),
  threat_type: z.enum(['MALWARE', 'PHISHING']),
  confidence: z.number().min(0).max(1),
  level: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
  evidence: z
    .object({
      process_id: z.int().min(0).optional(),
      network_activity: z
        .object({ destination_port: z.int().min(0).max(65535).optional() })
        .optional(),
    })
    .optional(),
  targets: z
    .array(z.object({ type: z.enum(['ip', 'domain']), value: z.string().min(1) }))
    .optional(),
  auto_unblock: z.boolean().default(true),
});

const tokenBody = z.object({
  grant_type: z.enum(['client_credentials']),
  client_id: z.string(),
  client_secret: z.string(),
});

function backendOf(context: { backend: unknown }): FakeBackend {
  return context.backend as unknown as FakeBackend;
}

export const fakeRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/threats',
    operationId: 'listThreats',
    scope: 'threats:read',
    handle: (context) => {
      const limit = Number(context.query.get('limit') ?? 20);
      const data = [...backendOf(context).store.values()].slice(0, limit);
      return {
        status: 200,
        body: {
          data,
          pagination: { total: backendOf(context).store.size, limit, offset: 0, has_more: false },
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/threats',
    operationId: 'reportThreat',
    scope: 'threats:write',
    body: reportBody,
    handle: (context) => ({
      status: 201,
      body: backendOf(context).create(context.body as Record<string, unknown>),
    }),
  },
  {
    method: 'GET',
    path: '/threats/check/{ip}',
    operationId: 'checkIp',
    scope: 'threats:read',
    handle: (context) => ({ status: 200, body: { ip: context.params.ip, route: 'check' } }),
  },
  {
    method: 'GET',
    path: '/threats/{threat_id}',
    operationId: 'getThreat',
    scope: 'threats:read',
    handle: (context) => {
      const id = context.params.threat_id as string;
      const threat = backendOf(context).store.get(id);
      if (!threat) throw ApiError.notFound('threat', id);
      return { status: 200, body: threat };
    },
  },
  {
    method: 'PATCH',
    path: '/threats/{threat_id}',
    operationId: 'updateThreat',
    scope: 'threats:write',
    body: z.object({
      status: z.enum(['active', 'mitigated']).optional(),
      notes: z.string().max(10).optional(),
    }),
    handle: (context) => ({
      status: 200,
      body: { id: context.params.threat_id, ...(context.body as object) },
    }),
  },
  {
    method: 'POST',
    path: '/oauth/token',
    operationId: 'createToken',
    scope: null,
    accepts: 'form',
    body: tokenBody,
    handle: (context) => ({
      status: 200,
      body: { access_token: 'at_x', token_type: 'Bearer', got: context.body },
    }),
  },
  {
    method: 'POST',
    path: '/slow',
    operationId: 'slow',
    scope: 'threats:write',
    handle: async (context) => {
      await gate.wait();
      return { status: 201, body: backendOf(context).create({ slow: true }) };
    },
  },
  {
    method: 'POST',
    path: '/fail',
    operationId: 'fail',
    scope: 'threats:write',
    handle: (context) => {
      backendOf(context).create({ failed: true });
      throw new ApiError('SERVICE_UNAVAILABLE', 'Try later');
    },
  },
  {
    method: 'GET',
    path: '/boom',
    operationId: 'boom',
    scope: 'threats:read',
    handle: () => {
      throw new Error('kaboom');
    },
  },
  {
    method: 'GET',
    path: '/evidence/{evidence_id}/content',
    operationId: 'downloadEvidence',
    scope: 'evidence:read',
    handle: (context) =>
      new Response(new Uint8Array([1, 2, 3]), {
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-Content-SHA256': context.params.evidence_id as string,
        },
      }),
  },
  {
    method: 'GET',
    path: '/whoami',
    operationId: 'whoami',
    scope: 'threats:read',
    handle: (context) => ({
      status: 200,
      body: {
        principal: context.principal?.id,
        ip: context.clientIp,
        origin: context.origin,
        url: context.request.url,
        id: context.requestId,
      },
    }),
  },
];

export interface FakeMock {
  runtime: MockRuntime;
  backend: FakeBackend;
  logs: unknown[][];
  /** A request to `https://api.cyberfortress.io` + `path` through the in-process handler. */
  send(
    method: string,
    path: string,
    init?: {
      token?: string | null;
      json?: unknown;
      body?: BodyInit;
      headers?: Record<string, string>;
      clientIp?: string;
    },
  ): Promise<Response>;
}

/** A runtime over the fake backend and the fake routes, with log lines collected. */
export function createFakeMock(options: MockStateOptions = {}): FakeMock {
  const backend = new FakeBackend();
  const logs: unknown[][] = [];
  const sink = {
    error: (...a: unknown[]) => logs.push(['error', ...a]),
    warn: (...a: unknown[]) => logs.push(['warn', ...a]),
    info: (...a: unknown[]) => logs.push(['info', ...a]),
    debug: (...a: unknown[]) => logs.push(['debug', ...a]),
  };
  const runtime = createMockRuntime(backend as unknown as MockBackend, fakeRoutes, {
    logSink: sink,
    ...options,
  });
  return {
    runtime,
    backend,
    logs,
    send: (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      const token = init.token === undefined ? 'tok_all' : init.token;
      if (token) headers.authorization = `Bearer ${token}`;
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] ??= 'application/json';
      }

      const request = new Request(`https://api.cyberfortress.io${path}`, { method, headers, body });
      return runtime.handle(request, { clientIp: init.clientIp ?? '127.0.0.1' });
    },
  };
}
