// client.graphql.subscribe over graphql-ws: against the bundled mock on a real port (events are
// threats injected into its backend), and against a small graphql-ws server for closes the mock
// cannot be asked to make (a restart, a token refused mid-connection).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  MonitorCriticalThreatsDocument,
  ThreatDetectedDocument,
  type ThreatDetectedSubscription,
} from '../../src/generated/graphql.js';
import { GraphQLSubscriptionError } from '../../src/graphql/errors.js';
import {
  startMock,
  startTinyGraphqlServer,
  threatInput,
  waitFor,
  type RunningMock,
  type TinyGraphqlServer,
} from './support.js';

let running: RunningMock;

beforeAll(async () => {
  running = await startMock();
});

afterAll(() => running.close());

const stats = () => running.mock.graphql.stats();

describe('graphql.subscribe (async iterator)', () => {
  it('yields the typed data of each matching event and closes the socket on return()', async () => {
    const graphql = running.client().graphql;
    const subscription = graphql.subscribe(MonitorCriticalThreatsDocument);
    const first = subscription.next();
    await waitFor(() => stats().operations === 1, 5_000, 'the subscription to start');

    running.mock.backend.threats.inject(threatInput('HIGH'));
    const injected = running.mock.backend.threats.inject(threatInput('CRITICAL'));
    const { value, done } = await first;

    expect(done).toBe(false);
    expect(value?.threatDetected.id).toBe(injected.id);
    expect(value?.threatDetected.threatLevel).toBe('CRITICAL');
    expect(value?.threatDetected.threatScore).toBe(90);
    expect(Array.isArray(value?.threatDetected.automatedResponse.actionsTaken)).toBe(true);

    await expect(subscription.return()).resolves.toEqual({ value: undefined, done: true });
    await waitFor(() => stats().connections === 0, 5_000, 'the socket to close');
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('ends a for-await loop on break, with the events in order', async () => {
    const graphql = running.client().graphql;
    const seen: string[] = [];
    const injected: string[] = [];
    const loop = (async () => {
      for await (const { threatDetected } of graphql.subscribe(ThreatDetectedDocument, {
        severity: ['LOW'],
      })) {
        seen.push(threatDetected.id);
        if (seen.length === 3) break;
      }
    })();

    await waitFor(() => stats().operations === 1, 5_000, 'the subscription to start');
    for (let index = 0; index < 3; index++) {
      injected.push(running.mock.backend.threats.inject(threatInput('LOW')).id);
    }

    await loop;
    expect(seen).toEqual(injected);
    await waitFor(() => stats().connections === 0, 5_000, 'the socket to close');
  });

  it('throws GraphQLSubscriptionError with code UNAUTHORIZED for an unknown key', async () => {
    const graphql = running.client({ apiKey: 'cf_live_not_a_key_of_this_mock' }).graphql;
    const error = await graphql
      .subscribe(MonitorCriticalThreatsDocument)
      .next()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphQLSubscriptionError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', closeCode: 4401 });
  });
});

describe('graphql.subscribe (WebSocket option)', () => {
  it('opens its socket with the client’s WebSocket constructor', async () => {
    const urls: string[] = [];
    class RecordingWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        urls.push(String(url));
      }
    }

    const graphql = running.client({
      WebSocket: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    }).graphql;
    const subscription = graphql.subscribe(MonitorCriticalThreatsDocument);
    const first = subscription.next();
    await waitFor(() => stats().operations === 1, 5_000, 'the subscription to start');
    running.mock.backend.threats.inject(threatInput('CRITICAL'));
    await first;
    await subscription.return();

    expect(urls).toEqual([`${running.url.replace(/^http/, 'ws')}/graphql`]);
    await waitFor(() => stats().connections === 0, 5_000, 'the socket to close');
  });
});

describe('graphql.subscribe (callbacks)', () => {
  it('calls next with each event and stops on unsubscribe', async () => {
    const graphql = running.client().graphql;
    const received: ThreatDetectedSubscription[] = [];
    const unsubscribe = graphql.subscribe(
      ThreatDetectedDocument,
      { severity: ['MEDIUM'] },
      { next: (data) => received.push(data) },
    );
    await waitFor(() => stats().operations === 1, 5_000, 'the subscription to start');

    const injected = running.mock.backend.threats.inject(threatInput('MEDIUM'));
    await waitFor(() => received.length === 1, 5_000, 'the event');
    expect(received[0]?.threatDetected).toMatchObject({ id: injected.id, threatLevel: 'MEDIUM' });

    unsubscribe();
    await waitFor(() => stats().connections === 0, 5_000, 'the socket to close');
    running.mock.backend.threats.inject(threatInput('MEDIUM'));
    await new Promise((done) => setTimeout(done, 50));
    expect(received).toHaveLength(1);
  });

  it('calls error once with the failure, and never next', async () => {
    const graphql = running.client({ apiKey: 'cf_live_not_a_key_of_this_mock' }).graphql;
    const calls: string[] = [];
    const failed = new Promise<unknown>((done) => {
      graphql.subscribe(MonitorCriticalThreatsDocument, undefined, {
        next: () => calls.push('next'),
        error: (error) => {
          calls.push('error');
          done(error);
        },
        complete: () => calls.push('complete'),
      });
    });

    await expect(failed).resolves.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(calls).toEqual(['error']);
  });

  it('starts nothing when unsubscribed before the first connection', async () => {
    const graphql = running.client().graphql;
    const unsubscribe = graphql.subscribe(MonitorCriticalThreatsDocument, undefined, {
      next: () => undefined,
    });
    unsubscribe();
    await new Promise((done) => setTimeout(done, 100));

    expect(stats()).toMatchObject({ connections: 0, operations: 0 });
  });
});

describe('graphql.subscribe reconnects', () => {
  let server: TinyGraphqlServer;

  beforeAll(async () => {
    server = await startTinyGraphqlServer();
  });

  afterAll(() => server.close());

  const threat = (id: string) => ({
    id,
    ipAddress: '203.0.113.7',
    threatScore: 91,
    threatLevel: 'CRITICAL',
    threatType: 'MALWARE',
    detectedAt: '2025-01-15T15:00:00Z',
  });

  it('reconnects after the server closes the socket and keeps the subscription', async () => {
    server.connections.length = 0;
    const graphql = running.client({ graphqlURL: server.wsURL.replace(/^ws/, 'http') }).graphql;
    const subscription = graphql.subscribe(ThreatDetectedDocument);
    const first = subscription.next();
    await waitFor(() => server.connections.length === 1, 5_000, 'the first connection');
    await new Promise((done) => setTimeout(done, 20));
    server.emit(threat('threat_aaaaaaa1'));
    expect((await first).value?.threatDetected.id).toBe('threat_aaaaaaa1');

    server.closeAll(1012, 'restarting');
    await waitFor(() => server.connections.length === 2, 5_000, 'the reconnect');
    await new Promise((done) => setTimeout(done, 20));
    server.emit(threat('threat_aaaaaaa2'));

    expect((await subscription.next()).value?.threatDetected.id).toBe('threat_aaaaaaa2');
    expect(server.connections.map((params) => params.authorization)).toEqual([
      `Bearer ${running.mock.credentials.apiKey}`,
      `Bearer ${running.mock.credentials.apiKey}`,
    ]);
    await subscription.return();
  });

  it('ends with GraphQLSubscriptionError when an event carries errors', async () => {
    const graphql = running.client({ graphqlURL: server.wsURL.replace(/^ws/, 'http') }).graphql;
    const subscription = graphql.subscribe(ThreatDetectedDocument);
    const first = subscription.next();
    const connections = server.connections.length;
    await waitFor(() => server.connections.length > connections, 5_000, 'the connection');
    await new Promise((done) => setTimeout(done, 20));
    // No `ipAddress`: the schema promises one, so the server answers this event with an error.
    const { ipAddress: _dropped, ...broken } = threat('threat_ccccccc1');
    server.emit(broken);

    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLSubscriptionError);
    expect((error as GraphQLSubscriptionError).errors?.[0]?.path).toEqual([
      'threatDetected',
      'ipAddress',
    ]);
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('presents a new OAuth token after the server refuses the old one with 4401', async () => {
    server.connections.length = 0;
    const { clientId, clientSecret } = running.mock.credentials.oauth;
    const graphql = running.client({
      oauth: { clientId, clientSecret },
      graphqlURL: server.wsURL.replace(/^ws/, 'http'),
    }).graphql;
    const subscription = graphql.subscribe(ThreatDetectedDocument);
    const events = subscription.next();
    await waitFor(() => server.connections.length === 1, 5_000, 'the first connection');
    const old = String(server.connections[0]?.authorization);
    expect(old).toMatch(/^Bearer /);

    server.refuse = (authorization) => authorization === old;
    server.closeAll(4401, 'token revoked');
    await waitFor(() => server.connections.length === 2, 5_000, 'the reconnect');
    await new Promise((done) => setTimeout(done, 20));
    server.emit(threat('threat_bbbbbbb1'));

    const fresh = String(server.connections[1]?.authorization);
    expect(fresh).toMatch(/^Bearer /);
    expect(fresh).not.toBe(old);
    expect((await events).value?.threatDetected.id).toBe('threat_bbbbbbb1');
    await subscription.return();
    server.refuse = () => false;
  });

  it('fails with UNAUTHORIZED when the new token is refused too, after one retry', async () => {
    server.connections.length = 0;
    server.refuse = () => true;
    const { clientId, clientSecret } = running.mock.credentials.oauth;
    const graphql = running.client({
      oauth: { clientId, clientSecret },
      graphqlURL: server.wsURL.replace(/^ws/, 'http'),
    }).graphql;
    const error = await graphql
      .subscribe(ThreatDetectedDocument)
      .next()
      .catch((e: unknown) => e);
    server.refuse = () => false;

    expect(error).toMatchObject({ name: 'GraphQLSubscriptionError', code: 'UNAUTHORIZED' });
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]?.authorization).not.toBe(server.connections[0]?.authorization);
  });
});
