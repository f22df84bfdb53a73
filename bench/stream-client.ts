// The stream client's overhead: events per second from the mock to a `client.stream.on` handler
// (each event parsed, validated against the schema, camelCased and typed) against a bare `ws`
// client that only `JSON.parse`s, both reading the same events from the same server in the same
// run. The mock runs in a child process (this file with `--serve`) with N threats already in its
// replay buffer; each round connects one client and has the server replay the whole buffer, so
// that the server sends as fast as the client reads and the client is what is measured.
import { resolve } from 'node:path';
import { WebSocket } from 'ws';
import { createMockServer } from '../mock-server/index.js';
import { CyberFortress } from '../src/index.js';
import { freePort, startServer, type RunningServer } from './processes.js';

const root = resolve(import.meta.dirname, '..');
const API_KEY = 'cf_test_streambenchstreambench00';
/** Threats in the buffer, each replayed to every round's client. */
const EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 20_000);
const ROUNDS = 5;
const TARGET_RATIO = 0.7;

/** The child: a mock whose replay buffer holds `EVENTS` threats (and the events they caused). */
async function serve(port: number): Promise<void> {
  const mock = createMockServer({
    plan: 'custom',
    apiKeys: [API_KEY],
    logLevel: 'error',
    stream: { replayBufferSize: EVENTS * 8, sendBufferLimit: 512 * 1024 * 1024 },
  });
  await mock.listen({ port, host: '127.0.0.1' });
  for (let i = 0; i < EVENTS; i++) {
    mock.backend.threats.inject({ threat_score: 70, threat_level: 'HIGH', country: 'CN' });
  }

  console.log('ready');
}

interface Window {
  events: number;
  ms: number;
  cpuMicros: number;
}

async function measure(run: () => Promise<number>): Promise<Window> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const events = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { events, ms, cpuMicros: used.user + used.system };
}

/** A bare client: auth, subscribe, resume from 0, and `JSON.parse` of every frame. */
function bareRound(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/threats`);
    let events = 0;
    ws.on('error', fail);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: API_KEY })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; sequence?: number };
      if (message.type === 'threat_detected') {
        events++;
      } else if (message.type === 'auth_ok') {
        ws.send(JSON.stringify({ type: 'subscribe', channels: ['threats'] }));
        ws.send(JSON.stringify({ type: 'resume', from_sequence: 0 }));
      } else if (message.type === 'resumed') {
        ws.close();
        done(events);
      }
    });
  });
}

/** The SDK: `client.stream.on('threat_detected', handler)`, resuming from sequence 0. */
function sdkRound(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const client = new CyberFortress({ apiKey: API_KEY, baseURL: `${url}/v1` });
    let events = 0;
    let score = 0;
    client.stream.on('threat_detected', (threat) => {
      events++;
      score += threat.threatScore;
    });
    client.stream.on('resumed', () => {
      client.stream.close();
      if (score === 0) fail(new Error('no threat reached the handler'));
      else done(events);
    });
    client.stream.on('error', fail);
    client.stream.connect({ fromSequence: 0 }).catch(fail);
  });
}

function sum(windows: Window[]): Window {
  return windows.reduce(
    (total, w) => ({
      events: total.events + w.events,
      ms: total.ms + w.ms,
      cpuMicros: total.cpuMicros + w.cpuMicros,
    }),
    { events: 0, ms: 0, cpuMicros: 0 },
  );
}

export async function benchStreamClient(): Promise<Record<string, number | boolean>> {
  console.log(`\nStream client: ${EVENTS} threats replayed per round, ${ROUNDS} rounds per side`);
  const port = await freePort();
  const server: RunningServer = await startServer(
    resolve(root, 'node_modules/.bin/tsx'),
    [resolve(root, 'bench/stream-client.ts'), '--serve', String(port)],
    `http://127.0.0.1:${port}`,
    async (url) => (await fetch(`${url}/__mock/health`)).ok,
  );

  try {
    // Warm both paths (JIT, the lazy WebSocket import, zod's compiled parsers).
    await bareRound(server.url);
    await sdkRound(server.url);

    const bare: Window[] = [];
    const sdk: Window[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await measure(() => bareRound(server.url)));
      sdk.push(await measure(() => sdkRound(server.url)));
    }

    const b = sum(bare);
    const s = sum(sdk);
    if (b.events !== EVENTS * ROUNDS || s.events !== EVENTS * ROUNDS) {
      throw new Error(
        `expected ${EVENTS * ROUNDS} events per side, got ${b.events} and ${s.events}`,
      );
    }

    const bareRate = (b.events / b.ms) * 1000;
    const sdkRate = (s.events / s.ms) * 1000;
    const ratio = sdkRate / bareRate;
    const bareCpu = b.cpuMicros / b.events;
    const sdkCpu = s.cpuMicros / s.events;
    console.log(
      `  bare ws + JSON.parse     ${bareRate.toFixed(0).padStart(8)} events/s  ${bareCpu.toFixed(2)} µs CPU/event`,
    );
    console.log(
      `  client.stream.on         ${sdkRate.toFixed(0).padStart(8)} events/s  ${sdkCpu.toFixed(2)} µs CPU/event`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)}× (target ≥ ${TARGET_RATIO}×) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`,
    );
    return {
      events: EVENTS,
      rounds: ROUNDS,
      bareEventsPerSecond: Math.round(bareRate),
      sdkEventsPerSecond: Math.round(sdkRate),
      bareCpuMicrosPerEvent: Number(bareCpu.toFixed(2)),
      sdkCpuMicrosPerEvent: Number(sdkCpu.toFixed(2)),
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO,
    };
  } finally {
    await server.stop();
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt !== -1) {
  await serve(Number(process.argv[serveAt + 1]));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await benchStreamClient();
}
