/**
 * How long the response check of one `GET /threats?limit=20` page takes with each generated
 * schema file: classic zod (the Node build) and `zod/mini` (the browser build). The figures
 * behind the choice in tsup.config.ts.
 *
 * Run: `npx tsx scripts/validation-speed.ts`
 *
 * @module
 */

import { safeParse } from 'zod/v4/core';
import { createMockServer } from '../mock-server/index.js';
import * as classic from '../src/generated/zod.gen.js';
import * as mini from '../src/generated/zod-mini.gen.js';

const mock = createMockServer();
const server = await mock.listen({ port: 0, host: '127.0.0.1' });
const response = await fetch(`${server.url}/v1/threats?limit=20`, {
  headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
});
const text = await response.text();
await server.close();

type Schema = Parameters<typeof safeParse>[0];

/** Microseconds per page of `JSON.parse` plus, when given, the check: the best of `repeats` runs. */
function timePerPage(schema: Schema | undefined, rounds: number): number {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const data: unknown = JSON.parse(text);
    if (schema && !safeParse(schema, data).success) throw new Error('The page does not match');
  }

  return ((performance.now() - start) * 1000) / rounds;
}

const variants: [string, Schema | undefined][] = [
  ['JSON.parse alone', undefined],
  ['classic zod', classic.zListThreatsResponse],
  ['zod/mini', mini.zListThreatsResponse],
];

// Warm every variant up, then interleave short runs so that a noisy neighbour on the machine
// hits them all alike, and keep each one's best run.
for (const [, schema] of variants) timePerPage(schema, 3_000);
const best = new Map<string, number>();
for (let repeat = 0; repeat < 7; repeat++) {
  for (const [name, schema] of variants) {
    best.set(name, Math.min(best.get(name) ?? Infinity, timePerPage(schema, 2_000)));
  }
}

const jsonOnly = best.get('JSON.parse alone') as number;
console.log(
  `GET /threats?limit=20: ${text.length} bytes of JSON; JSON.parse ${jsonOnly.toFixed(1)} µs`,
);
for (const [name] of variants.slice(1)) {
  const total = best.get(name) as number;
  console.log(`${name.padEnd(12)} check: ${(total - jsonOnly).toFixed(1)} µs a page`);
}
