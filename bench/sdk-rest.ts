// The REST client's overhead: sequential `client.threats.list({ limit: 20 })` (validation and
// case conversion on) against bare `fetch` + `JSON.parse` of the same URL, both against the mock
// on a real port in a child process. Plus the validation cost of one page on its own, and the
// cold start of `import` + one call in a fresh `node`, over an empty `node` start.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CyberFortress } from '../src/index.js';
import { camelizeJson } from '../src/core/case.js';
import { checkResponse } from '../src/core/response-check.js';
import { validateResponse } from '../src/core/validate.js';
import { rListThreatsResponse } from '../src/generated/shapes.gen.js';
import { zListThreatsResponse } from '../src/generated/zod.gen.js';
import { BENCH_API_KEY, startMockCli } from './processes.js';
import { alternate } from './windows.js';

const root = resolve(import.meta.dirname, '..');
const API_KEY = BENCH_API_KEY;
/** Seconds of measurement per side, split over `ROUNDS` alternating rounds. */
const DURATION_S = Number(process.env.BENCH_SDK_DURATION ?? 5);
const ROUNDS = 5;
const TARGET_RATIO = 0.75;
const COLD_START_RUNS = 15;
/**
 * The cold-start target: what the SDK adds to a program's start and first call. Measured over a
 * bare first `fetch` in the same run, since Node loads its HTTP client on the first fetch
 * whoever makes it: on a 2-core shared machine that alone takes 65-95 ms, more than the whole
 * budget, so an absolute figure over an empty start would measure the machine, not the SDK.
 * Both figures are reported.
 */
const COLD_START_TARGET_MS = 60;

/** Microseconds per call of `work`, over `iterations` after a warm-up. */
function microsPerCall(work: () => unknown, iterations: number): number {
  for (let i = 0; i < iterations / 10; i++) work();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) work();
  return ((performance.now() - started) * 1000) / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const run = promisify(execFile);

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Milliseconds from the start of a fresh `node -e script` to the end of its work, as the child
 * itself reads them (`performance.now()` counts from the process's start), so that spawning the
 * process is not counted. The script calls `done()` when its work is over.
 */
async function timeNode(script: string): Promise<number> {
  const wrapped = `const done = () => process.stdout.write(String(performance.now()));\n${script}`;
  const { stdout } = await run(process.execPath, ['-e', wrapped], { cwd: root });
  return Number(stdout);
}

/** The modules of src/stream/ behind `client.stream` that load at start: its facade and types. */
const STREAM_FACADE = '(?:client|options|channels|policy|errors|events)';
/**
 * A build's marker line for a source file of the stream's or GraphQL's implementation: every
 * stream module but the facade, and GraphQL's client and subscriptions.
 */
const LAZY_IMPLEMENTATION = new RegExp(
  `^// (src/(?:stream/(?!${STREAM_FACADE}\\.ts$)[\\w-]+|graphql/(?:client|subscriptions))\\.ts)$`,
  'gm',
);

/**
 * The packages the built ESM entry loads at start: its static imports, followed through the
 * build's own chunks (`import()` targets are not followed: they load later, if ever); and the
 * packages bundled into those chunks (the build marks each bundled file with a
 * `// node_modules/<package>/...` line), with the stream's and GraphQL's implementations if they
 * are among them.
 */
async function bundleImports(file: string): Promise<{ imported: string[]; bundled: string[] }> {
  const packages = new Set<string>();
  const bundled = new Set<string>();
  const seen = new Set<string>([file]);
  for (const current of seen) {
    const text = await readFile(current, 'utf8');
    for (const match of text.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) seen.add(resolve(dirname(current), specifier));
      else packages.add(specifier);
    }

    for (const match of text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) {
      bundled.add(match[1] as string);
    }

    // The stream's and GraphQL's implementations, which only their first use should load.
    for (const match of text.matchAll(LAZY_IMPLEMENTATION)) {
      bundled.add(match[1] as string);
    }
  }

  return { imported: [...packages].sort(), bundled: [...bundled].sort() };
}

async function coldStart(baseURL: string): Promise<Record<string, unknown>> {
  // The cold start is measured on the built package, as users load it, built from this tree.
  const entry = resolve(root, 'dist/index.js');
  // The whole build, so that dist/ stays as `npm run build` leaves it (its CommonJS types too).
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  if (built.status !== 0 || !existsSync(entry)) {
    throw new Error('The build failed; run `npm run build` to see why');
  }

  const importEntry = `import(${JSON.stringify(pathToFileURL(entry).href)})`;
  const scripts = {
    empty: 'done();',
    importOnly: `${importEntry}.then(done);`,
    sdk: [
      `${importEntry}.then(async ({ default: CyberFortress }) => {`,
      `  const client = new CyberFortress({ apiKey: ${JSON.stringify(API_KEY)}, baseURL: ${JSON.stringify(baseURL)} });`,
      '  await client.threats.list({ limit: 20 });',
      '  done();',
      '});',
    ].join('\n'),
    // The same call with bare fetch: Node loads its HTTP client on the first fetch, whoever calls it.
    bare: `fetch(${JSON.stringify(`${baseURL}/threats?limit=20`)}, { headers: { authorization: 'Bearer ${API_KEY}' } }).then((r) => r.json()).then(done);`,
  };
  const times: Record<keyof typeof scripts, number[]> = {
    empty: [],
    importOnly: [],
    sdk: [],
    bare: [],
  };
  for (let i = 0; i < COLD_START_RUNS; i++) {
    // Interleaved, so that a busy moment on the machine hits every kind alike.
    for (const kind of Object.keys(scripts) as (keyof typeof scripts)[]) {
      times[kind].push(await timeNode(scripts[kind]));
    }
  }

  // Medians, and minimums (the least disturbed run: on a shared machine the steadier figure).
  const over = (kind: keyof typeof scripts, base: keyof typeof scripts) => ({
    median: round1(median(times[kind]) - median(times[base])),
    min: round1(Math.min(...times[kind]) - Math.min(...times[base])),
  });
  const { imported: imports, bundled } = await bundleImports(entry);
  const streamOrGraphql = [...imports, ...bundled].filter((name) =>
    /graphql|isows|^ws$|eventemitter3|^src\//.test(name),
  );
  const overEmpty = over('sdk', 'empty');
  const overBareFetch = over('sdk', 'bare');
  return {
    emptyNodeMs: round1(median(times.empty)),
    importOverEmptyMs: over('importOnly', 'empty'),
    importPlusOneCallOverEmptyMs: overEmpty,
    bareFetchOneCallOverEmptyMs: over('bare', 'empty'),
    importPlusOneCallOverBareFetchMs: overBareFetch,
    target: COLD_START_TARGET_MS,
    met: overBareFetch.min < COLD_START_TARGET_MS && streamOrGraphql.length === 0,
    importsAtLoad: imports,
    bundledAtLoad: bundled,
    streamOrGraphqlLoaded: streamOrGraphql,
  };
}

export async function benchSdkRest(): Promise<Record<string, unknown>> {
  const mock = await startMockCli();
  try {
    const baseURL = `${mock.url}/v1`;
    const url = `${baseURL}/threats?limit=20`;
    const headers = { authorization: `Bearer ${API_KEY}`, accept: 'application/json' };
    const client = new CyberFortress({ apiKey: API_KEY, baseURL });
    const bare = async () => JSON.parse(await (await fetch(url, { headers })).text());
    const sdk = () => client.threats.list({ limit: 20 });

    const [bareTotal, sdkTotal] = await alternate(bare, sdk, {
      seconds: DURATION_S,
      rounds: ROUNDS,
    });
    const bareRps = (bareTotal.requests * 1000) / bareTotal.ms;
    const sdkRps = (sdkTotal.requests * 1000) / sdkTotal.ms;
    const ratio = sdkRps / bareRps;

    // The validation and case conversion of one captured page, apart from the network: the
    // SDK's path (the shape's compiled check) and zod's, which decides when that gives up.
    const text = await (await fetch(url, { headers })).text();
    const parseOnly = microsPerCall(() => JSON.parse(text), 5_000);
    const parseValidateCamelize = microsPerCall(() => {
      if (checkResponse(rListThreatsResponse, JSON.parse(text), {}) instanceof Promise) {
        throw new Error('The page fell back to zod: the bench would not measure the fast path');
      }
    }, 5_000);
    const parseZodCamelize = microsPerCall(
      () => camelizeJson(validateResponse(zListThreatsResponse, JSON.parse(text))),
      5_000,
    );

    const cold = await coldStart(baseURL);

    console.log(`\nSDK REST, sequential GET /threats?limit=20, ${ROUNDS} alternating rounds`);
    console.table({
      'bare fetch + JSON.parse': {
        'req/s': Math.round(bareRps),
        'CPU µs/req': Math.round(bareTotal.cpuMicros / bareTotal.requests),
      },
      'client.threats.list': {
        'req/s': Math.round(sdkRps),
        'CPU µs/req': Math.round(sdkTotal.cpuMicros / sdkTotal.requests),
      },
    });
    console.log(`ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO.toFixed(2)})`);
    console.log(
      `validation + case conversion per page: ${(parseValidateCamelize - parseOnly).toFixed(1)} µs over JSON.parse (${parseOnly.toFixed(1)} µs); with zod, when the fast check gives up: ${(parseZodCamelize - parseOnly).toFixed(1)} µs`,
    );
    type Figure = { median: number; min: number };
    const figure = (value: unknown) =>
      `${(value as Figure).min} ms (median ${(value as Figure).median})`;
    console.log(
      `cold start over an empty node start (${COLD_START_RUNS} runs, least disturbed run first): import ${figure(cold.importOverEmptyMs)}; import + one call ${figure(cold.importPlusOneCallOverEmptyMs)}; one bare fetch ${figure(cold.bareFetchOneCallOverEmptyMs)}; so the SDK adds ${figure(cold.importPlusOneCallOverBareFetchMs)} to a first fetch (target < ${COLD_START_TARGET_MS} ms). packages loaded at start: ${(cold.importsAtLoad as string[]).join(', ') || 'none'}; bundled into the chunks loaded at start: ${(cold.bundledAtLoad as string[]).join(', ') || 'none'}; stream or GraphQL packages among them: ${(cold.streamOrGraphqlLoaded as string[]).length === 0 ? 'none' : (cold.streamOrGraphqlLoaded as string[]).join(', ')}`,
    );

    return {
      bare: { rps: bareRps, cpuMicrosPerRequest: bareTotal.cpuMicros / bareTotal.requests },
      sdk: { rps: sdkRps, cpuMicrosPerRequest: sdkTotal.cpuMicros / sdkTotal.requests },
      ratio,
      target: TARGET_RATIO,
      met: ratio >= TARGET_RATIO,
      validationMicrosPerPage: parseValidateCamelize - parseOnly,
      zodValidationMicrosPerPage: parseZodCamelize - parseOnly,
      jsonParseMicrosPerPage: parseOnly,
      coldStart: cold,
    };
  } finally {
    await mock.stop();
  }
}

// Run on its own with `npx tsx bench/sdk-rest.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchSdkRest(), null, 2));
}
