// The mock backend's REST throughput against a spec-driven mock that serves fixed examples
// and keeps no state, on the same spec, in the same run, with the same load generator.
import autocannon from 'autocannon';
import { resolve } from 'node:path';
import { reference } from '../test/fixtures/reference.js';
import {
  BENCH_API_KEY,
  freePort,
  serverRssMiB,
  startMockCli,
  startServer,
  type RunningServer,
} from './processes.js';

const root = resolve(import.meta.dirname, '..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;
const API_KEY = BENCH_API_KEY;

const reportBody = JSON.stringify(reference.reportThreat);

interface Load {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, method: 'GET' | 'POST', body?: string): Promise<Load> {
  const result = await autocannon({
    url,
    method,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body } : {}),
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function startPrism(): Promise<RunningServer> {
  const port = await freePort();
  return startServer(
    bin('prism'),
    ['mock', resolve(root, 'openapi/cyberfortress.yaml'), '-h', '127.0.0.1', '-p', String(port)],
    `http://127.0.0.1:${port}`,
    async (url) =>
      (await fetch(`${url}/monitoring/status`, { headers: { authorization: `Bearer ${API_KEY}` } }))
        .status < 500,
  );
}

export async function benchMockRest(): Promise<Record<string, unknown>> {
  const prism = await startPrism();
  let prismGet: Load;
  let prismPost: Load;
  try {
    // A short warm-up, so that neither server is measured while its JIT is still cold.
    await load(`${prism.url}/threats?limit=20`, 'GET');
    prismGet = await load(`${prism.url}/threats?limit=20`, 'GET');
    prismPost = await load(`${prism.url}/threats`, 'POST', reportBody);
  } finally {
    await prism.stop();
  }

  const ours = await startMockCli();
  let oursGet: Load;
  let oursPost: Load;
  let memory: number | undefined;
  try {
    await load(`${ours.url}/v1/threats?limit=20`, 'GET');
    oursGet = await load(`${ours.url}/v1/threats?limit=20`, 'GET');
    oursPost = await load(`${ours.url}/v1/threats`, 'POST', reportBody);
    memory = await serverRssMiB(ours.child.pid);
  } finally {
    await ours.stop();
  }

  const getRatio = oursGet.rps / prismGet.rps;
  const postRatio = oursPost.rps / prismPost.rps;
  console.log(`\nMock REST, ${CONNECTIONS} connections, ${DURATION_S} s per run`);
  console.table({
    'GET /threats?limit=20': {
      'ours req/s': Math.round(oursGet.rps),
      'reference mock req/s': Math.round(prismGet.rps),
      ratio: getRatio.toFixed(2),
      target: '>= 3.00',
      'ours non-2xx': oursGet.non2xx,
      'ours p99 ms': oursGet.p99,
    },
    'POST /threats': {
      'ours req/s': Math.round(oursPost.rps),
      'reference mock req/s': Math.round(prismPost.rps),
      ratio: postRatio.toFixed(2),
      target: '>= 2.00',
      'ours non-2xx': oursPost.non2xx,
      'ours p99 ms': oursPost.p99,
    },
  });
  console.log(`Mock RSS after the load: ${memory?.toFixed(1) ?? 'unknown'} MiB`);
  return {
    get: { ours: oursGet, reference: prismGet, ratio: getRatio, target: 3, met: getRatio >= 3 },
    post: {
      ours: oursPost,
      reference: prismPost,
      ratio: postRatio,
      target: 2,
      met: postRatio >= 2,
    },
    rssMiB: memory,
  };
}
