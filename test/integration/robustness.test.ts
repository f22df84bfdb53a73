// Never a 500: bounded, seeded loops of odd input against every route that takes a body or a
// query. Each answer must be below 500 and, when it is a refusal, in the error envelope.
import { expect, it } from 'vitest';
import { operations } from '../helpers/spec.js';
import { describeEachTarget, type Reply } from '../helpers/targets.js';
import { expectError, reference, seeded } from './support.js';

const PARAMS: Record<string, string> = {
  threat_id: 'threat_7h8i9j0k',
  evidence_id: 'evidence_m3m0ry_dump_id',
  ip: '192.168.1.100',
  block_id: 'block_000000000000',
  key_id: 'key_000000000000',
  webhook_id: 'wh_000000000000',
};

/** A valid body per route, which the loop then bends. */
const VALID: Record<string, unknown> = {
  'POST /api-keys': { name: 'fuzz', permissions: ['threats:read'] },
  'POST /threats': reference.reportThreat,
  'PATCH /threats/{threat_id}': { status: 'investigating', notes: 'n' },
  'PUT /monitoring/mode': reference.setMode,
  'POST /network/block': reference.block,
  'POST /processes/quarantine': reference.quarantine,
  'POST /blockchain/wallet/scan': reference.walletScan,
  'POST /blockchain/contract/analyze': reference.contractAnalyze,
  'POST /blockchain/defi/monitor': reference.defiMonitor,
  'POST /blockchain/nft/verify': reference.nftVerify,
  'POST /webhooks': reference.webhook,
  'POST /webhooks/{webhook_id}/test': {},
};

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

const ODD_VALUES: unknown[] = [
  null,
  [],
  [null],
  {},
  true,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  1.5,
  -0.000001,
  '',
  ' ',
  'x'.repeat(10_000),
  '\u0000\u0001\u001f\u007f',
  '😀'.repeat(200),
  '\uD800',
  'Ωmega\u202Egnp.exe',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '203.0.113.42/99',
  '  203.0.113.42  ',
  '1e3',
  '0x',
  'NaN',
  deep(200, 'leaf', false),
  deep(1000, 0, true),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  ['threats:read', 42, null],
];

const RAW_BODIES: (string | Uint8Array<ArrayBuffer>)[] = [
  '{"ip_address":',
  '\uFEFF{"ip_address":"203.0.113.42"}',
  '{"a":1}{"b":2}',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
  new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0x80, 0x22, 0x7d]),
  '['.repeat(5000) + ']'.repeat(5000),
  '{"confidence": 1e999999}',
  '{"ip_address": "\\ud800"}',
  '\u0000',
  'null',
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** Replaces one field, at any depth, of a copy of `body` with an odd value, or adds one. */
function bend(next: () => number, body: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (;;) {
    const keys = Object.keys(target);
    const roll = next();
    if (keys.length === 0 || roll < 0.15) {
      const name = pick(next, [
        '__proto__',
        'constructor',
        'prototype',
        'unknown_field',
        '',
        'ip address',
      ]);
      Object.defineProperty(target, name, {
        value: pick(next, ODD_VALUES),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    }

    const key = pick(next, keys);
    const child = target[key];
    if (child && typeof child === 'object' && next() < 0.5) {
      target = child as Record<string, unknown>;
      continue;
    }

    target[key] = pick(next, ODD_VALUES);
    return copy;
  }
}

function expectWellFormed(reply: Reply, label: string): void {
  expect(reply.status, label).toBeLessThan(500);
  if (reply.status >= 400) expectError(reply, reply.status, reply.body?.error?.code);
}

const routes = operations
  .filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method) && op.path !== '/oauth/token')
  .map((op) => ({
    key: `${op.method} ${op.path}`,
    method: op.method,
    url: op.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'unknown'),
  }));

describeEachTarget(
  'odd input',
  (t) => {
    it('has a valid body for every route that takes one', () => {
      expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(VALID).sort());
    });

    it('never answers 500 to 200 seeded odd bodies across every POST, PUT and PATCH route', async () => {
      const next = seeded(20250115);
      const statuses = new Set<number>();
      for (let i = 0; i < 200; i++) {
        const route = pick(next, routes);
        const roll = next();
        let reply: Reply;
        if (roll < 0.6) {
          reply = await t().request(route.method, route.url, {
            body: bend(next, VALID[route.key]),
          });
        } else if (roll < 0.8) {
          reply = await t().request(route.method, route.url, { body: pick(next, ODD_VALUES) });
        } else {
          const raw = pick(next, RAW_BODIES);
          reply = await t().request(route.method, route.url, {
            raw,
            headers: { 'content-type': 'application/json' },
          });
        }

        expectWellFormed(reply, `iteration ${i}: ${route.key}`);
        statuses.add(reply.status);
      }

      // The loop reached handlers too, not only the body checks in front of them.
      expect([...statuses].some((status) => status < 300)).toBe(true);
      expect([...statuses].some((status) => status === 400)).toBe(true);
      const counters = (await t().control('GET', '/counters')).body;
      expect(Object.keys(counters.by_status).filter((status) => Number(status) >= 500)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('never answers 500 to 100 seeded odd query strings on the list routes', async () => {
      const next = seeded(7);
      const names = [
        'severity',
        'status',
        'ip',
        'country',
        'from',
        'to',
        'limit',
        'offset',
        'sort',
        'order',
        'type',
      ];
      const values = [
        '',
        '%00',
        '%FF',
        '-1',
        '1e9',
        '99999999999999999999',
        'high,,critical',
        ',',
        'CN,',
        '2025-02-30T00:00:00Z',
        '%E2%80%AE',
        'a'.repeat(3000),
      ];
      for (let i = 0; i < 100; i++) {
        const path = pick(next, [
          '/threats',
          '/network/blocks',
          '/api-keys',
          '/webhooks',
          '/threats/check/%FF',
          '/threats/%00',
        ]);
        const query = Array.from(
          { length: 1 + Math.floor(next() * 4) },
          () => `${pick(next, names)}=${pick(next, values)}`,
        ).join('&');
        expectWellFormed(
          await t().request('GET', `${path}?${query}`),
          `iteration ${i}: ${path}?${query.slice(0, 80)}`,
        );
      }

      const counters = (await t().control('GET', '/counters')).body;
      expect(Object.keys(counters.by_status).filter((status) => Number(status) >= 500)).toEqual([]);
    });

    it('never answers 500 to odd token requests', async () => {
      const next = seeded(99);
      const fields = ['grant_type', 'client_id', 'client_secret', 'scope', 'refresh_token'];
      const values = [
        '',
        'client_credentials',
        'refresh_token',
        '\u0000',
        '😀',
        'x'.repeat(5000),
        'threats:read  ',
        '%',
        '=&=',
      ];
      for (let i = 0; i < 50; i++) {
        const form = new URLSearchParams();
        for (const field of fields) if (next() < 0.7) form.append(field, pick(next, values));
        const reply = await t().request('POST', '/oauth/token', {
          raw: form.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          token: null,
        });
        expectWellFormed(reply, `iteration ${i}: ${form.toString().slice(0, 80)}`);
      }
    });
  },
  { plan: 'custom' },
);
