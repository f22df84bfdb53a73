// Every refusal of the stream: authentication, scopes, malformed and unknown messages, the
// invalid-message and rate-limit budgets. None of them disturbs another connection.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startMock, TestClient, type RunningMock } from './support.js';

const READ_ONLY_KEY = 'cf_test_streamreadonlystreamreadonly';
const NO_STREAM_KEY = 'cf_test_streamnothreatsstreamnothreat';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock({ stream: { authTimeoutMs: 300 } });
  server.mock.backend.credentials.addApiKey(READ_ONLY_KEY, ['threats:read']);
  server.mock.backend.credentials.addApiKey(NO_STREAM_KEY, ['monitoring:read']);
});

afterAll(async () => {
  await server.close();
});

describe('authentication', () => {
  it('closes with 4401 when no auth arrives in time', async () => {
    const client = await TestClient.open(server.wsUrl);
    const started = Date.now();
    const closed = await client.closed;
    expect(closed.code).toBe(4401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(client.messages[0]).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
  });

  it('refuses other messages before auth_ok without effect, then accepts auth', async () => {
    const client = await TestClient.open(server.wsUrl);
    client.send({ type: 'subscribe', id: 'early', channels: ['threats'] });
    expect(await client.next('error')).toMatchObject({
      code: 'UNAUTHORIZED',
      id: 'early',
      message: 'Authenticate with an auth message first.',
    });
    client.send({ type: 'auth', token: server.apiKey });
    const ok = await client.next('auth_ok');
    expect(ok).toMatchObject({
      principal: expect.stringMatching(/^key_/),
      session_id: expect.stringMatching(/^sess_/),
    });
    expect(ok.resume_window).toMatchObject({ latest_sequence: expect.any(Number) });

    // The early subscribe had no effect.
    server.mock.backend.threats.inject({});
    await client.sync();
    expect(client.events()).toHaveLength(0);
    client.close();
  });

  it('answers a bad token with UNAUTHORIZED and closes with 4401', async () => {
    const client = await TestClient.open(server.wsUrl);
    client.send({ type: 'auth', token: 'cf_test_thisisnotakeythisisnotakey00' });
    expect(await client.next('error')).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await client.closed).code).toBe(4401);

    const malformed = await TestClient.open(server.wsUrl);
    malformed.send({ type: 'auth', token: 'hello' });
    expect((await malformed.closed).code).toBe(4401);
  });

  it('answers credentials without threats:read with FORBIDDEN and closes with 4403', async () => {
    const client = await TestClient.open(server.wsUrl);
    client.send({ type: 'auth', token: NO_STREAM_KEY });
    expect(await client.next('error')).toMatchObject({
      code: 'FORBIDDEN',
      required_scope: 'threats:read',
    });
    expect((await client.closed).code).toBe(4403);
  });

  it('accepts an OAuth access token', async () => {
    const { oauth } = server.mock.credentials;
    const response = await fetch(`${server.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        scope: 'threats:read',
      }),
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const client = await TestClient.connect(server.wsUrl, access_token);
    expect(client.messages[0]).toMatchObject({
      type: 'auth_ok',
      principal: oauth.clientId,
      scopes: ['threats:read'],
    });
    client.close();
  });

  it('replaces credentials on a second auth, keeping the session and dropping unreadable channels', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey, {
      channels: ['threats', 'system'],
    });
    const first = client.messages[0];
    client.send({ type: 'auth', token: READ_ONLY_KEY });
    const second = await client.next('auth_ok');
    expect(second.session_id).toBe(first?.session_id);
    expect(await client.next('error')).toMatchObject({
      code: 'FORBIDDEN',
      required_scope: 'monitoring:read',
    });
    const state = await client.request(
      { type: 'unsubscribe', id: 'u', channels: ['evidence'] },
      'unsubscribed',
    );
    expect(state.channels).toEqual(['threats']);
    client.close();
  });

  it('closes with 4401 when the token in force expires', async () => {
    const mock = await startMock({ stream: { pingIntervalMs: 100 } });
    try {
      const { oauth } = mock.mock.credentials;
      const token = mock.mock.backend.credentials.issueToken({
        grant_type: 'client_credentials',
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      });
      const client = await TestClient.connect(mock.wsUrl, token.access_token);
      mock.mock.backend.clock.advance((token.expires_in + 60) * 1000);
      expect((await client.closed).code).toBe(4401);
      expect(client.messages.at(-1)).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    } finally {
      await mock.close();
    }
  });
});

describe('subscriptions', () => {
  it('refuses a channel the scopes cannot read as a whole, naming it, and stays open', async () => {
    const client = await TestClient.connect(server.wsUrl, READ_ONLY_KEY);
    const error = await client.request(
      {
        type: 'subscribe',
        id: 'sub-1',
        channels: ['threats', 'critical_alerts', 'crypto_threats'],
      },
      'error',
    );
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      message: 'The channel crypto_threats requires the scope blockchain:read.',
      details: [{ field: 'channels[2]', issue: 'Requires the scope blockchain:read' }],
      required_scope: 'blockchain:read',
    });

    // Nothing changed, and the connection still works.
    const ok = await client.request(
      { type: 'subscribe', id: 'sub-2', channels: ['ml'] },
      'subscribed',
    );
    expect(ok).toMatchObject({ channels: ['ml'], filters: {} });
    client.close();
  });

  it('keeps filters when a subscribe has none, replaces them when it has, clears with {}', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    const filters = { severity: ['critical'], countries: ['RU'] };
    expect(
      await client.request(
        { type: 'subscribe', id: 'a', channels: ['threats'], filters },
        'subscribed',
      ),
    ).toMatchObject({ channels: ['threats'], filters });
    expect(
      await client.request({ type: 'subscribe', id: 'b', channels: ['system'] }, 'subscribed'),
    ).toMatchObject({ channels: ['threats', 'system'], filters });
    expect(
      await client.request(
        { type: 'subscribe', id: 'c', channels: ['ml'], filters: {} },
        'subscribed',
      ),
    ).toMatchObject({ channels: ['threats', 'system', 'ml'], filters: {} });
    expect(
      await client.request(
        { type: 'unsubscribe', id: 'd', channels: ['system', 'ml'] },
        'unsubscribed',
      ),
    ).toMatchObject({ channels: ['threats'] });
    client.close();
  });
});

describe('invalid messages', () => {
  it('answers bad JSON, binary frames and non-objects with INVALID_MESSAGE', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    client.send('{not json');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    client.send('[1,2]');
    client.send('{"type": 7}');
    for (let i = 0; i < 4; i++) {
      expect(await client.next('error')).toMatchObject({ code: 'INVALID_MESSAGE' });
    }

    client.close();
  });

  it('answers an unknown type with UNKNOWN_MESSAGE_TYPE, echoing the id', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    const error = await client.request({ type: 'status_update', id: 'x-1' }, 'error');
    expect(error).toMatchObject({ code: 'UNKNOWN_MESSAGE_TYPE', id: 'x-1' });
    client.close();
  });

  it('answers invalid fields with INVALID_REQUEST naming them by wire path', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    const error = await client.request(
      {
        type: 'subscribe',
        id: 's',
        channels: ['threats', 'weather'],
        filters: { severity: ['HIGH'], countries: ['cn'] },
      },
      'error',
    );
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', id: 's' });
    expect((error.details as { field: string }[]).map((d) => d.field)).toEqual([
      'channels[1]',
      'filters.severity[0]',
      'filters.countries[0]',
    ]);
    const resume = await client.request({ type: 'resume', id: 'r', from_sequence: -1 }, 'error');
    expect(resume).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ field: 'from_sequence' }],
    });
    const ahead = await client.request(
      { type: 'resume', id: 'r2', from_sequence: 10 ** 9 },
      'error',
    );
    expect(ahead).toMatchObject({ code: 'INVALID_REQUEST', details: [{ field: 'from_sequence' }] });
    client.close();
  });

  it('closes with 4400 after the tenth invalid message', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    for (let i = 0; i < 12; i++) client.send('nope');
    expect((await client.closed).code).toBe(4400);
    expect(client.types().filter((type) => type === 'error')).toHaveLength(10);
  });

  it('closes a frame over the size limit with 1009 and carries on serving others', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey);
    client.send({ type: 'ping', padding: 'x'.repeat(100_000) });
    expect((await client.closed).code).toBe(1009);
    const other = await TestClient.connect(server.wsUrl, server.apiKey);
    await other.sync();
    other.close();
  });
});

describe('robustness', () => {
  it('survives hostile input on one connection while another keeps receiving events', async () => {
    const watcher = await TestClient.connect(server.wsUrl, server.apiKey, {
      channels: ['threats'],
    });
    const hostile = await TestClient.connect(server.wsUrl, server.apiKey);
    const junk: unknown[] = [
      null,
      { type: 'subscribe', channels: 'threats' },
      { type: 'subscribe', channels: [null, {}, []], filters: [] },
      { type: 'resume', from_sequence: '5' },
      { type: 'command', id: {}, action: 1 },
      { type: 'command', id: 'x'.repeat(500), action: 'scan_now' },
      { type: 'auth' },
      { type: '__proto__' },
      { type: 'constructor', id: 'c' },
      { type: 'unsubscribe', channels: [] },
    ];
    for (const message of junk) hostile.send(message);
    for (let i = 0; i < 5; i++) server.mock.backend.threats.inject({});
    expect((await hostile.closed).code).toBe(4400);
    await watcher.sync();
    expect(watcher.events()).toHaveLength(5);

    // Raw garbage at the socket level, and a client that vanishes mid-handshake.
    const raw = new WebSocket(server.wsUrl);
    await new Promise((resolve) => raw.once('open', resolve));
    raw.terminate();
    const net = await import('node:net');
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    socket.write('GET /v1/threats HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.destroy();
    await sleep(50);

    server.mock.backend.threats.inject({});
    await watcher.sync();
    expect(watcher.events()).toHaveLength(6);
    watcher.close();
  });
});

describe('rate limits', () => {
  it('answers RATE_LIMIT_EXCEEDED over the plan, then closes with 4429 when the client keeps on', async () => {
    const limited = await startMock({ plan: 'personal' });
    try {
      const client = await TestClient.connect(limited.wsUrl, limited.apiKey);
      // The personal plan's burst is 50 and the frozen clock never refills the bucket.
      for (let i = 0; i < 70; i++) client.send({ type: 'ping', id: `p${i}` });
      expect((await client.closed).code).toBe(4429);
      const pongs = client.types().filter((type) => type === 'pong');
      expect(pongs).toHaveLength(50);
      expect(await client.next('error')).toMatchObject({
        code: 'RATE_LIMIT_EXCEEDED',
        id: 'p50',
        retry_after: expect.any(Number),
      });
    } finally {
      await limited.close();
    }
  });
});
