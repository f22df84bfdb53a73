// The mock's stream server under many connections: resident memory of the mock (run as the
// CLI in a child process) with 1,000 concurrent authenticated, subscribed WebSocket clients.
import WebSocket from 'ws';
import { BENCH_API_KEY, serverRssMiB, startMockCli } from './processes.js';

const CONNECTIONS = Number(process.env.BENCH_STREAM_CONNECTIONS ?? 1000);
/** Connections opened at once while ramping up. */
const BATCH = 100;
const TARGET_MIB = 200;
/** Matching threats injected while every client is connected, to measure fan-out. */
const BURST = 100;

/** Messages each client received with a sequence (events), by client. */
const received = new WeakMap<WebSocket, number>();

/** Opens one client, authenticates and subscribes; resolves once `subscribed` arrives. */
function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const fail = (error: Error) => {
      ws.terminate();
      reject(error);
    };

    ws.once('error', fail);
    ws.once('close', (code) => fail(new Error(`closed with ${code} before subscribing`)));
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'auth', token: BENCH_API_KEY }));
      ws.send(
        JSON.stringify({
          type: 'subscribe',
          channels: ['threats', 'critical_alerts', 'crypto_threats'],
          filters: { severity: ['high', 'critical'], countries: ['CN', 'RU', 'KP'] },
        }),
      );
    });
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; sequence?: number };
      if (message.sequence !== undefined) received.set(ws, (received.get(ws) ?? 0) + 1);
      if (message.type === 'subscribed') {
        ws.removeAllListeners('close');
        resolve(ws);
      } else if (message.type === 'error') {
        fail(new Error(`stream error: ${data.toString()}`));
      }
    });
  });
}

/** Settles the child's heap a moment before reading its RSS. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

export async function benchStreamServer(): Promise<Record<string, unknown>> {
  const mock = await startMockCli();
  const clients: WebSocket[] = [];
  try {
    const url = `${mock.url.replace(/^http/, 'ws')}/v1/threats`;
    await settle();
    const idle = await serverRssMiB(mock.child.pid);
    const started = performance.now();
    while (clients.length < CONNECTIONS) {
      const batch = Math.min(BATCH, CONNECTIONS - clients.length);
      clients.push(...(await Promise.all(Array.from({ length: batch }, () => connect(url)))));
    }

    const rampMs = performance.now() - started;
    await settle();
    const loaded = await serverRssMiB(mock.child.pid);
    // A burst of matching critical threats: each is a threat_detected and a critical_alert to
    // every client (2 x BURST x CONNECTIONS messages).
    const burstStarted = performance.now();
    for (let i = 0; i < BURST; i++) {
      await fetch(`${mock.url}/__mock/threats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ threat_level: 'CRITICAL', country: 'CN' }),
      });
    }

    const deadline = Date.now() + 60_000;
    while (clients.some((ws) => (received.get(ws) ?? 0) < 2 * BURST) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const burstMs = performance.now() - burstStarted;
    const delivered = clients.reduce((sum, ws) => sum + (received.get(ws) ?? 0), 0);
    const afterBurst = await serverRssMiB(mock.child.pid);
    const perConnectionKiB =
      idle !== undefined && loaded !== undefined
        ? ((loaded - idle) * 1024) / CONNECTIONS
        : undefined;
    const result = {
      connections: clients.length,
      idleRssMiB: round(idle),
      rssMiB: round(loaded),
      perConnectionKiB: round(perConnectionKiB),
      rampUpMs: Math.round(rampMs),
      burstEventsDelivered: delivered,
      burstMessagesPerSecond: Math.round(delivered / (burstMs / 1000)),
      rssAfterBurstMiB: round(afterBurst),
      targetMiB: TARGET_MIB,
      withinTarget: loaded !== undefined && loaded < TARGET_MIB,
    };
    console.log(
      `\nStream server: ${clients.length} authenticated, subscribed connections; mock RSS ` +
        `${result.rssMiB} MiB (idle ${result.idleRssMiB} MiB, ~${result.perConnectionKiB} KiB per connection; ` +
        `target < ${TARGET_MIB} MiB: ${result.withinTarget ? 'met' : 'MISSED'}); a burst of ` +
        `${BURST} matching threats delivered ${delivered} events at ${result.burstMessagesPerSecond}/s ` +
        `(RSS after: ${result.rssAfterBurstMiB} MiB)`,
    );
    return result;
  } finally {
    for (const ws of clients) ws.terminate();
    await mock.stop();
  }
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 10) / 10;
}

// Run alone with `npx tsx bench/stream-server.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  await benchStreamServer();
}
