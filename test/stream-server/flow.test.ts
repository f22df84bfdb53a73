// Flow control and lifecycle: the slow-consumer bound, heartbeats, the test hooks that kill
// connections from the server's side, the threat simulator, and shutdown.
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import { sleep, startMock, TestClient } from './support.js';

const rawSocket = (client: TestClient) => (client.ws as unknown as { _socket: Socket })._socket;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('slow consumers', () => {
  it('closes a client that stops reading with 4408, and only that one', async () => {
    const server = await startMock();
    try {
      const slow = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
      const healthy = await TestClient.connect(server.wsUrl, server.apiKey, {
        channels: ['threats'],
        filters: { countries: ['NZ'] },
      });
      rawSocket(slow).pause();

      // The domain's own event for a stored threat, emitted directly: many megabytes are needed
      // (kernel buffers absorb some first) and full detections would make that slow.
      const backend = server.mock.backend;
      const threat = backend.threats.list({ country: ['US'], limit: 1 }).data[0];
      expect(threat).toBeDefined();
      let emitted = 0;
      while (server.mock.stream.stats().connections === 2) {
        for (let i = 0; i < 500; i++) {
          backend.events.emit({
            type: 'threat_detected',
            timestamp: '2025-01-15T15:00:00Z',
            threat: threat as NonNullable<typeof threat>,
          });
        }

        emitted += 500;
        await sleep(1);
        expect(emitted).toBeLessThan(200_000);
      }

      rawSocket(slow).resume();
      expect((await slow.closed).code).toBe(4408);

      // The other connection was not affected: it is open and gets what it subscribed to.
      const mine = backend.threats.inject({ country: 'NZ' });
      const event = await healthy.next('threat_detected');
      expect((event.threat as { id: string }).id).toBe(mine.id);
      expect(healthy.events()).toHaveLength(1);
      healthy.close();
    } finally {
      await server.close();
    }
  });
});

describe('heartbeats', () => {
  it('pings every interval and drops a silent connection without a close frame', async () => {
    const server = await startMock({ stream: { pingIntervalMs: 50, idleTimeoutMs: 300 } });
    try {
      const alive = await TestClient.connect(server.wsUrl, server.apiKey);
      const silent = await TestClient.connect(server.wsUrl, server.apiKey);
      let pings = 0;
      alive.ws.on('ping', () => pings++);
      rawSocket(silent).pause();
      await until(() => server.mock.stream.stats().connections === 1);
      rawSocket(silent).resume();
      expect((await silent.closed).code).toBe(1006);

      // The other answered the pings (automatically) and is still served.
      expect(pings).toBeGreaterThanOrEqual(3);
      await alive.sync();
      alive.close();
    } finally {
      await server.close();
    }
  });
});

describe('server-side drops (test hooks)', () => {
  it('drops every connection with 1001 when clean and without a close frame otherwise', async () => {
    const server = await startMock();
    try {
      const a = await TestClient.connect(server.wsUrl, server.apiKey);
      const b = await TestClient.connect(server.wsUrl, server.apiKey);
      expect(server.mock.stream.dropConnections({ clean: true })).toBe(2);
      expect((await a.closed).code).toBe(1001);
      expect((await b.closed).code).toBe(1001);

      const c = await TestClient.connect(server.wsUrl, server.apiKey);
      expect(server.mock.stream.dropConnections({ clean: false })).toBe(1);
      expect((await c.closed).code).toBe(1006);
    } finally {
      await server.close();
    }
  });

  it('drops them through POST /__mock/stream/drop too', async () => {
    const server = await startMock();
    try {
      const drop = (clean: boolean) =>
        fetch(`${server.url}/__mock/stream/drop`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clean }),
        });
      const a = await TestClient.connect(server.wsUrl, server.apiKey);
      const response = await drop(false);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ dropped: 1 });
      expect((await a.closed).code).toBe(1006);

      const b = await TestClient.connect(server.wsUrl, server.apiKey);
      await drop(true);
      expect((await b.closed).code).toBe(1001);
    } finally {
      await server.close();
    }
  });
});

describe('threat simulator', () => {
  it('injects seeded threats at the given rate while listening, and stops on close', async () => {
    const mock = createMockServer({
      frozenClock: true,
      plan: 'custom',
      logLevel: 'silent',
      simulator: { eventsPerSecond: 100 },
    });
    const before = mock.backend.threats.count();
    const listening = await mock.listen({ port: 0 });
    const client = await TestClient.connect(
      `${listening.url.replace('http', 'ws')}/v1/threats`,
      mock.credentials.apiKey,
      { channels: ['threats'] },
    );
    await until(() => client.events().length >= 20);
    await listening.close();
    const after = mock.backend.threats.count();
    expect(after - before).toBeGreaterThanOrEqual(20);
    await sleep(100);
    expect(mock.backend.threats.count()).toBe(after);
  });

  it('changes nothing by itself when no rate is given', async () => {
    const server = await startMock();
    try {
      const before = server.mock.backend.threats.count();
      const client = await TestClient.connect(server.wsUrl, server.apiKey, {
        channels: ['threats'],
      });
      await sleep(300);
      expect(client.events()).toHaveLength(0);
      expect(server.mock.backend.threats.count()).toBe(before);
      client.close();
    } finally {
      await server.close();
    }
  });
});

describe('shutdown', () => {
  it('closes open connections with 1001 when the mock stops listening', async () => {
    const server = await startMock();
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    await server.close();
    expect((await client.closed).code).toBe(1001);
  });
});
