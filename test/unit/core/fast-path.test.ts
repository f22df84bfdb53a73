// The fast path's two builds, from source and from closures, give the same answer on valid
// bodies and on thousands of broken ones; and whatever they accept, zod accepts too.
import { safeParse } from 'zod/v4/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../../mock-server/index.js';
import { camelizeJson } from '../../../src/core/case.js';
import { compileShape } from '../../../src/core/fast-path.js';
import type { ResponseShape, Shape } from '../../../src/core/shape.js';
import { shapeOfZod } from '../../../src/core/zod-shape.js';
import * as shapes from '../../../src/generated/shapes.gen.js';
import * as schemas from '../../../src/generated/zod.gen.js';
import { EVENT_SCHEMAS } from '../../../src/stream/protocol.js';
import { wireThreatEvent } from '../../stream/support.js';

type Schema = Parameters<typeof safeParse>[0];

interface Sample {
  name: string;
  shape: Shape;
  schema: Schema;
  value: unknown;
}

/** A deterministic generator of numbers in [0, 1), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Values that break (or sometimes keep) a field: each kind of check meets one. */
const REPLACEMENTS: unknown[] = [
  null,
  'x',
  '',
  -1,
  0,
  1.5,
  101,
  1e21,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  '2025-13-01T00:00:00Z',
  '2025-01-15T14:30:00Z',
  '::1',
  '10.0.0.1',
  ' https://example.com ',
  'not a url',
  'CRITICAL',
  'ethereum',
];

/** Every object and array inside `value`, the value included. */
function containers(value: unknown, found: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value);
  for (const item of Object.values(value)) containers(item, found);
  return found;
}

/** A copy of `value` with one field removed, replaced or added. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value);
  const targets = containers(copy);
  const target = targets[Math.floor(next() * targets.length)] as Record<string, unknown>;
  const keys = Object.keys(target);
  const key = keys[Math.floor(next() * keys.length)];
  const roll = next();
  if (roll < 0.1 || key === undefined) target.added_field = 1;
  else if (roll < 0.25) delete target[key];
  else target[key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
  return copy;
}

describe('compileShape from source and from closures', () => {
  const mock = createMockServer({ seed: 3, plan: 'custom', logLevel: 'error' });
  let close: () => Promise<void> = async () => undefined;
  const samples: Sample[] = [];

  beforeAll(async () => {
    const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
    close = listening.close;
    const get = async (path: string) =>
      (
        await fetch(`${listening.url}/v1${path}`, {
          headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
        })
      ).json() as Promise<unknown>;
    const rest = async (name: string, response: ResponseShape, path: string) => {
      const schema = (schemas as unknown as Record<string, Schema>)[response.schema] as Schema;
      samples.push({ name, shape: response.shape, schema, value: await get(path) });
    };

    const page = (await get('/threats?limit=3')) as { data: { id: string }[] };
    await rest('GET /threats', shapes.rListThreatsResponse, '/threats?limit=3');
    await rest('GET /threats/{id}', shapes.rGetThreatResponse, `/threats/${page.data[0]?.id}`);
    await rest('GET /monitoring/status', shapes.rGetMonitoringStatusResponse, '/monitoring/status');
    samples.push({
      name: 'a threat_detected event',
      shape: shapeOfZod(EVENT_SCHEMAS.threat_detected),
      schema: EVENT_SCHEMAS.threat_detected as unknown as Schema,
      value: wireThreatEvent(),
    });
  });

  afterAll(() => close());

  // A response with a construct the fast path does not check (a free-form record, say) could
  // never pass it and would always take zod's slower path: this names it.
  it('compiles every generated response shape, from source and from closures', () => {
    const responses = Object.entries(shapes).filter(([name]) => name.startsWith('r'));
    expect(responses.length).toBeGreaterThan(20);
    for (const [name, value] of responses) {
      const { shape } = value as ResponseShape;
      expect(typeof compileShape(shape), name).toBe('function');
      expect(typeof compileShape(shape, { code: false }), name).toBe('function');
    }
  });

  it('accepts every valid body, with the copy camelizeJson makes', () => {
    expect(samples).toHaveLength(4);
    for (const { shape, schema, value } of samples) {
      expect(safeParse(schema, value).success).toBe(true);
      const expected = camelizeJson(value);
      expect(compileShape(shape)?.(value)).toStrictEqual(expected);
      expect(compileShape(shape, { code: false })?.(value)).toStrictEqual(expected);
    }
  });

  it('gives the same answer both ways on 4,000 broken bodies, accepting none that zod refuses', () => {
    const next = random(20261204);
    let accepted = 0;
    let refused = 0;
    for (const { name, shape, schema, value } of samples) {
      const fromSource = compileShape(shape);
      const fromClosures = compileShape(shape, { code: false });
      for (let i = 0; i < 1000; i++) {
        const broken = mutate(value, next);
        const result = fromSource?.(broken);
        expect(result, `${name}, mutation ${i}`).toStrictEqual(fromClosures?.(broken));
        if (result === undefined) {
          refused++;
          continue;
        }

        accepted++;
        expect(safeParse(schema, broken).success, `${name}, mutation ${i}`).toBe(true);
        expect(result).toStrictEqual(camelizeJson(broken));
      }
    }

    // Both outcomes are exercised: some changes keep a body valid (a timestamp for a timestamp).
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(2000);
  });
});
