// examples/integrations/retry-helper.ts against the real mock behind a local proxy that fails
// the requests it is told to (a 503, a dropped connection, a 429) and forwards the rest.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRetry } from '../../examples/integrations/retry-helper.js';
import {
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  type CyberFortress,
} from '../../src/index.js';
import { startMock, type RunningMock } from './support.js';

type Fault = '503' | 'drop' | '429';

/** A proxy to the mock that answers the next requests with `faults`, in order, then forwards. */
async function startFlakyProxy(target: string) {
  const faults: Fault[] = [];
  let seen = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      seen += 1;
      const fault = faults.shift();
      if (fault === 'drop') return incoming.socket.destroy();
      if (fault === '503' || fault === '429') {
        const [status, code, extra] =
          fault === '503'
            ? [503, 'SERVICE_UNAVAILABLE', {}]
            : [
                429,
                'RATE_LIMIT_EXCEEDED',
                { retry_after: 7, limit: 50, reset_at: '2025-01-15T15:00:07Z' },
              ];
        outgoing.writeHead(status, { 'content-type': 'application/json' });
        return outgoing.end(
          JSON.stringify({ error: { code, message: 'injected by the test proxy', ...extra } }),
        );
      }

      const headers = { ...incoming.headers } as Record<string, string>;
      delete headers.host;
      delete headers['content-length'];
      const response = await fetch(`${target}${incoming.url}`, {
        method: incoming.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      outgoing.writeHead(response.status, {
        'content-type': response.headers.get('content-type') ?? '',
      });
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fail: (...next: Fault[]) => faults.push(...next),
    get seen() {
      return seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let running: RunningMock;
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
let client: CyberFortress;

beforeAll(async () => {
  running = await startMock();
  proxy = await startFlakyProxy(running.origin);
  // No retries inside the SDK: the helper alone decides.
  client = running.client({ baseURL: `${proxy.origin}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await proxy.close();
  await running.close();
});

/** A sleep that waits for nothing and remembers what it was asked for. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('examples/integrations/retry-helper', () => {
  it('retries after two 503s with 1 s then 2 s of backoff, then returns the mock list', async () => {
    const { waits, sleep } = recordingSleep();
    const before = proxy.seen;
    proxy.fail('503', '503');

    const page = await withRetry(() => client.threats.list({ limit: 5 }), { sleep });

    expect(waits).toEqual([1000, 2000]);
    expect(proxy.seen - before).toBe(3);
    const direct = await running.client().threats.list({ limit: 5 });
    expect(page.data.map((threat) => threat.id)).toEqual(direct.data.map((threat) => threat.id));
  });

  it('retries a dropped connection', async () => {
    const { waits, sleep } = recordingSleep();
    const errors: unknown[] = [];
    proxy.fail('drop');

    const check = await withRetry(() => client.threats.check('203.0.113.42'), {
      sleep,
      onRetry: (error) => errors.push(error),
    });

    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(waits).toEqual([1000]);
    expect(check).toEqual(await running.client().threats.check('203.0.113.42'));
  });

  it('waits the retry_after of a 429 instead of the backoff', async () => {
    const { waits, sleep } = recordingSleep();
    const errors: unknown[] = [];
    proxy.fail('429');
    const status = await withRetry(() => client.monitoring.status(), {
      sleep,
      onRetry: (error) => errors.push(error),
    });
    expect(errors[0]).toBeInstanceOf(RateLimitError);
    expect(errors[0]).toMatchObject({ retryAfter: 7, limit: 50 });
    expect(waits).toEqual([7000]);
    expect(status.mode).toBeTypeOf('string');
  });

  it('throws the last error after three failed attempts', async () => {
    const { waits, sleep } = recordingSleep();
    const before = proxy.seen;
    proxy.fail('503', '503', '503');

    await expect(withRetry(() => client.threats.list(), { sleep })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(waits).toEqual([1000, 2000]);
    expect(proxy.seen - before).toBe(3);
  });

  it('does not retry what waiting cannot fix (404)', async () => {
    const { waits, sleep } = recordingSleep();
    const before = proxy.seen;
    await expect(
      withRetry(() => client.threats.get('threat_zzzzzzzz'), { sleep }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(waits).toEqual([]);
    expect(proxy.seen - before).toBe(1);
  });
});
