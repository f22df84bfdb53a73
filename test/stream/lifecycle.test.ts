// The stream's lifecycle over real sockets: fatal closes stop instead of looping, an OAuth client
// gets a new token after a 4401, heartbeats notice a connection that went silent without closing,
// and a resume older than the server's buffer produces a `gap`.
import { WebSocket as WsWebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CyberFortress,
  ResponseValidationError,
  StreamError,
  type Threat,
  type StreamGapInfo,
  type StreamReconnectingInfo,
  type WebSocketConstructor,
} from '../../src/index.js';
import { wireToken } from '../fixtures/wire.js';
import {
  FAST_RETRY,
  startMock,
  startTinyServer,
  threatInput,
  waitFor,
  wireThreatEvent,
  type RunningMock,
} from './support.js';

let running: RunningMock;
beforeAll(async () => {
  running = await startMock({ stream: { replayBufferSize: 10 } });
});

afterAll(async () => {
  await running.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client.stream fatal closes', () => {
  it('stops after 4401 given a bad API key: connect() rejects, error is emitted, no reconnect', async () => {
    const client = running.client({ apiKey: 'cf_test_thiskeydoesnotexist0000000' });
    const errors: Error[] = [];
    const reconnects: StreamReconnectingInfo[] = [];
    client.stream.on('error', (error) => errors.push(error));
    client.stream.on('reconnecting', (info) => reconnects.push(info));
    client.stream.on('threat_detected', () => undefined);

    const error = await client.stream.connect().then(
      () => undefined,
      (e: unknown) => e as StreamError,
    );
    expect(error).toBeInstanceOf(StreamError);
    expect(error?.closeCode).toBe(4401);
    expect(error?.code).toBe('UNAUTHORIZED');
    await sleep(100);
    expect(reconnects).toEqual([]);
    expect(errors).toEqual([error]);
    expect(client.stream.state).toBe('closed');
    await expect(client.stream.scanNow('10.0.0.1')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('reconnects once with a new token after 4401 given OAuth client credentials', async () => {
    const client = running.client({
      apiKey: undefined,
      accessToken: 'expired-or-revoked-token',
      oauth: running.mock.credentials.oauth,
    });
    const codes: number[] = [];
    client.stream.on('close', (info) => codes.push(info.code));
    await client.stream.connect();
    expect(codes).toEqual([4401]);
    expect(client.stream.state).toBe('open');
  });
});

describe('client.stream close() then connect() while the credentials are read', () => {
  it('opens one socket, for the second connect() alone', async () => {
    const tiny = await startTinyServer();
    try {
      // A token endpoint that takes a while, so that both connect() calls wait on it.
      const client = new CyberFortress({
        oauth: { clientId: 'cf_client_slow', clientSecret: 'cf_secret_slow' },
        baseURL: 'http://127.0.0.1:1/v1',
        streamURL: tiny.url,
        WebSocket: WsWebSocket as unknown as WebSocketConstructor,
        fetch: async () => {
          await sleep(100);
          return Response.json(wireToken);
        },
        stream: FAST_RETRY,
      });
      const first = client.stream.connect();
      client.stream.close();
      await expect(first).rejects.toThrow('closed by the client');
      await client.stream.connect();
      // Had the first attempt gone on after its credentials came, a second socket would open.
      await sleep(200);
      expect(tiny.sockets).toHaveLength(1);
      expect(client.stream.state).toBe('open');
      client.stream.close();
    } finally {
      await tiny.close();
    }
  });
});

describe('client.stream heartbeats', () => {
  it('reconnects when the server goes silent without closing the socket', async () => {
    const tiny = await startTinyServer();
    try {
      const client = new CyberFortress({
        apiKey: 'cf_test_tinytinytinytinytinytiny00',
        baseURL: 'http://127.0.0.1:1/v1',
        streamURL: tiny.url,
        WebSocket: WsWebSocket as unknown as WebSocketConstructor,
        stream: { heartbeatInterval: 20, heartbeatTimeout: 150, retryWait: () => 5 },
      });
      const reconnects: StreamReconnectingInfo[] = [];
      client.stream.on('reconnecting', (info) => reconnects.push(info));
      client.stream.on('threat_detected', () => undefined);
      await client.stream.connect();
      await waitFor(() => tiny.received.some((m) => m.type === 'ping'), 2_000, 'a ping');

      tiny.silent = true;
      const silentSince = Date.now();
      await waitFor(() => reconnects.length > 0, 2_000, 'the heartbeat timeout');
      const detectedAfter = Date.now() - silentSince;
      expect(reconnects[0]?.code).toBe(1006);
      // Within the timeout plus a check interval, with room for a loaded machine.
      expect(detectedAfter).toBeLessThan(1_500);

      // The server never closed the first socket; the client gave up on it and opened another.
      expect(tiny.sockets[0]?.readyState).not.toBe(WsWebSocket.CLOSING);
      tiny.silent = false;
      await waitFor(() => client.stream.state === 'open', 2_000, 'the reconnect');
      expect(tiny.sockets.length).toBeGreaterThanOrEqual(2);
      client.stream.close();
    } finally {
      await tiny.close();
    }
  });
});

describe('client.stream resume', () => {
  it('emits gap when the resume is older than the replay buffer, then replays what it holds', async () => {
    const client = running.client({ stream: { retryWait: () => 300 } });
    const sequences: number[] = [];
    const ids: string[] = [];
    const gaps: StreamGapInfo[] = [];
    client.stream.on('threat_detected', (threat, event) => {
      ids.push(threat.id);
      sequences.push(event.sequence);
    });
    client.stream.on('gap', (info) => gaps.push(info));
    await client.stream.connect();
    running.mock.backend.threats.inject(threatInput('LOW', 'US'));
    await waitFor(() => sequences.length === 1, 5_000, 'the first event');
    const before = sequences[0] as number;

    // While the client waits to reconnect, more events happen than the buffer (10) holds.
    running.mock.stream.dropConnections({ clean: false });
    const missed = Array.from(
      { length: 30 },
      () => running.mock.backend.threats.inject(threatInput('LOW', 'US')).id,
    );
    await waitFor(() => gaps.length === 1, 5_000, 'the gap');
    expect(gaps[0]?.fromSequence).toBe(before);
    expect(gaps[0]?.oldestAvailable).toBeGreaterThan(before + 1);

    // What the buffer still held is replayed, in order, ending with the newest.
    await waitFor(() => ids.at(-1) === missed.at(-1), 5_000, 'the replay');
    const after = sequences.slice(1);
    expect(after[0]).toBeGreaterThanOrEqual(gaps[0]?.oldestAvailable as number);
    expect(after).toEqual([...after].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('client.stream validation', () => {
  it('emits error for an event that breaks the schema and keeps delivering the next ones', async () => {
    const tiny = await startTinyServer();
    try {
      const client = new CyberFortress({
        apiKey: 'cf_test_tinytinytinytinytinytiny00',
        streamURL: tiny.url,
        stream: { retryWait: () => 5 },
      });
      const errors: Error[] = [];
      const threats: Threat[] = [];
      client.stream.on('error', (error) => errors.push(error));
      client.stream.on('threat_detected', (threat) => threats.push(threat));
      await client.stream.connect();

      const bad = wireThreatEvent(1);
      bad.threat.threat_score = 'very high';
      const newer = wireThreatEvent(2);
      newer.threat.threat_type = 'QUANTUM_ATTACK';
      newer.threat.first_seen_by = 'sensor-7';
      const socket = tiny.sockets[0];
      socket?.send(JSON.stringify(bad));
      socket?.send(JSON.stringify(newer));
      socket?.send(JSON.stringify(wireThreatEvent(2)));
      await waitFor(() => threats.length === 1 && errors.length === 1, 2_000, 'the events');
      await sleep(50);

      expect(errors[0]).toBeInstanceOf(ResponseValidationError);
      expect(errors[0]?.message).toMatch(/threat\.threat_score/);

      // A newer API's enum member and field pass, camelCased; the duplicate sequence is dropped.
      expect(threats).toHaveLength(1);
      expect(threats[0]?.threatType).toBe('QUANTUM_ATTACK');
      expect((threats[0] as unknown as Record<string, unknown>).firstSeenBy).toBe('sensor-7');
      client.stream.close();
    } finally {
      await tiny.close();
    }
  });

  it('rejects a command in flight with CONNECTION_LOST when the connection drops', async () => {
    const tiny = await startTinyServer();
    try {
      const client = new CyberFortress({
        apiKey: 'cf_test_tinytinytinytinytinytiny00',
        streamURL: tiny.url,
        stream: { retryWait: () => 5 },
      });
      await client.stream.connect();
      const pending = client.stream.scanNow('10.0.0.0/30');
      await waitFor(() => tiny.received.some((m) => m.type === 'command'), 2_000, 'the command');
      tiny.sockets[0]?.terminate();
      await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_LOST', action: 'scan_now' });
      client.stream.close();
    } finally {
      await tiny.close();
    }
  });
});

describe('client.stream close codes', () => {
  const tinyClient = (url: string) =>
    new CyberFortress({
      apiKey: 'cf_test_tinytinytinytinytinytiny00',
      streamURL: url,
      stream: { retryWait: () => 5 },
    });

  it.each([4400, 4401, 4403, 4409])(
    'stops and emits error given the server closes with %i',
    async (code) => {
      const tiny = await startTinyServer();
      try {
        const client = tinyClient(tiny.url);
        const errors: StreamError[] = [];
        const reconnects: StreamReconnectingInfo[] = [];
        client.stream.on('error', (error) => errors.push(error as StreamError));
        client.stream.on('reconnecting', (info) => reconnects.push(info));
        await client.stream.connect();
        tiny.sockets[0]?.close(code, 'test');
        await waitFor(() => errors.length === 1, 2_000, 'the error');
        await sleep(50);
        expect(errors[0]?.closeCode).toBe(code);
        expect(reconnects).toEqual([]);
        expect(tiny.sockets).toHaveLength(1);
        expect(client.stream.state).toBe('closed');
      } finally {
        await tiny.close();
      }
    },
  );

  it.each([1001, 1011, 1013, 4408, 4500, 4321])(
    'reconnects given the server closes with %i',
    async (code) => {
      const tiny = await startTinyServer();
      try {
        const client = tinyClient(tiny.url);
        const reconnects: StreamReconnectingInfo[] = [];
        client.stream.on('reconnecting', (info) => reconnects.push(info));
        await client.stream.connect();
        tiny.sockets[0]?.close(code, 'test');
        await waitFor(() => tiny.sockets.length === 2, 2_000, 'the reconnect');
        expect(reconnects[0]?.code).toBe(code);
        expect(reconnects[0]?.delay).toBe(code === 4408 ? 0 : 5);
        client.stream.close();
      } finally {
        await tiny.close();
      }
    },
  );

  it('waits the retry_after of a RATE_LIMIT_EXCEEDED error before reconnecting after 4429', async () => {
    const tiny = await startTinyServer();
    try {
      const client = tinyClient(tiny.url);
      const reconnects: StreamReconnectingInfo[] = [];
      client.stream.on('reconnecting', (info) => reconnects.push(info));
      client.stream.on('error', () => undefined);
      await client.stream.connect();
      const socket = tiny.sockets[0];
      socket?.send(
        JSON.stringify({
          type: 'error',
          code: 'RATE_LIMIT_EXCEEDED',
          message: 'Stream rate limit exceeded',
          retry_after: 2,
        }),
      );
      socket?.close(4429, 'rate limited');
      await waitFor(() => reconnects.length === 1, 2_000, 'the reconnect plan');
      expect(reconnects[0]).toEqual({ attempt: 1, delay: 2_000, code: 4429 });
      client.stream.close();
    } finally {
      await tiny.close();
    }
  });
});

describe('client.stream.connect({ fromSequence })', () => {
  it('replays every buffered event after the given sequence', async () => {
    const first = running.mock.backend.threats.inject(threatInput('LOW', 'US')).id;
    const second = running.mock.backend.threats.inject(threatInput('LOW', 'US')).id;
    const latest = running.mock.stream.stats().latestSequence;
    const client = running.client();
    const ids: string[] = [];
    client.stream.on('threat_detected', (threat) => ids.push(threat.id));
    const resumed = new Promise((resolve) => client.stream.once('resumed', resolve));
    await client.stream.connect({ fromSequence: latest - 10 > 0 ? latest - 10 : 0 });
    await resumed;
    expect(ids.slice(-2)).toEqual([first, second]);
  });
});
