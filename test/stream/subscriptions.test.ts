// Subscriptions over the real mock: kept from before connect(), filters by severity and country,
// handlers that subscribe their own channels, unsubscribe, the async iterator, refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamError, type StreamEvent, type Threat } from '../../src/index.js';
import { startMock, threatInput, waitFor, type RunningMock } from './support.js';

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client.stream.subscribe', () => {
  it('delivers only matching threats given a subscription with filters made before connect()', async () => {
    const client = running.client();
    const threats: Threat[] = [];
    client.stream.subscribe({
      channels: ['threats', 'critical_alerts'],
      filters: { severity: ['high', 'critical'], countries: ['CN', 'RU', 'KP'] },
    });
    client.stream.on('threat_detected', (threat) => threats.push(threat));
    await client.stream.connect();
    await sleep(20);

    const inject = (level: Parameters<typeof threatInput>[0], country: string) =>
      running.mock.backend.threats.inject(threatInput(level, country)).id;
    const wanted = [inject('CRITICAL', 'RU'), inject('HIGH', 'KP')];
    inject('LOW', 'CN');
    inject('CRITICAL', 'US');
    inject('MEDIUM', 'RU');
    wanted.push(inject('HIGH', 'CN'));

    await waitFor(() => threats.length >= 3, 5_000, 'three threats');
    await sleep(50);
    expect(threats.map((threat) => threat.id)).toEqual(wanted);
    for (const threat of threats) {
      expect(['HIGH', 'CRITICAL']).toContain(threat.threatLevel);
      expect(['CN', 'RU', 'KP']).toContain(threat.country.code);
    }
  });

  it('restores the channels and filters after a reconnect', async () => {
    const client = running.client();
    const threats: Threat[] = [];
    let opens = 0;
    client.stream.on('open', () => opens++);
    client.stream.on('threat_detected', (threat) => threats.push(threat));
    await client.stream.subscribe({ channels: ['threats'], filters: { countries: ['KP'] } });
    await client.stream.connect();

    running.mock.stream.dropConnections({ clean: false });
    await waitFor(() => opens === 2, 5_000, 'the reconnect');
    const kp = running.mock.backend.threats.inject(threatInput('LOW', 'KP')).id;
    running.mock.backend.threats.inject(threatInput('LOW', 'US'));
    await waitFor(() => threats.length === 1, 5_000, 'the KP threat');
    await sleep(50);
    expect(threats.map((threat) => threat.id)).toEqual([kp]);
  });

  it('subscribes the channel of a handler added while connected, given no explicit subscription', async () => {
    const client = running.client();
    client.stream.on('threat_detected', () => undefined);
    await client.stream.connect();

    const statuses: string[] = [];
    client.stream.on('system_status', (status) => statuses.push(status.mode));
    await sleep(50);
    await running.client().monitoring.setMode({ mode: 'DEEP_SCAN' });
    await waitFor(() => statuses.length === 1, 5_000, 'the system status');
    expect(statuses).toEqual(['DEEP_SCAN']);
  });

  it('stops delivering a channel after unsubscribe', async () => {
    const client = running.client();
    const threats: Threat[] = [];
    client.stream.on('threat_detected', (threat) => threats.push(threat));
    await client.stream.subscribe({ channels: ['threats', 'system'] });
    await client.stream.connect();
    await client.stream.unsubscribe({ channels: ['threats'] });
    running.mock.backend.threats.inject(threatInput('HIGH'));
    await sleep(100);
    expect(threats).toEqual([]);
  });

  it('returns an unsubscribe function from on()', async () => {
    const client = running.client();
    const threats: Threat[] = [];
    const off = client.stream.on('threat_detected', (threat) => threats.push(threat));
    await client.stream.connect();
    running.mock.backend.threats.inject(threatInput('HIGH'));
    await waitFor(() => threats.length === 1, 5_000, 'the first threat');
    off();
    running.mock.backend.threats.inject(threatInput('HIGH'));
    await sleep(100);
    expect(threats).toHaveLength(1);
  });

  it('rejects with FORBIDDEN and keeps the old state given a channel the token cannot read', async () => {
    const { oauth } = running.mock.credentials;
    const client = running.client({
      apiKey: undefined,
      oauth: { ...oauth, scope: 'threats:read' },
    });
    client.stream.on('threat_detected', () => undefined);
    await client.stream.connect();
    const error = await client.stream.subscribe({ channels: ['crypto_threats'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe('FORBIDDEN');
    expect((error as StreamError).requiredScope).toBe('blockchain:read');
    expect(client.stream.state).toBe('open');
  });

  it('rejects malformed channels with a TypeError naming them', () => {
    const client = running.client();
    expect(() => client.stream.subscribe({ channels: [] })).toThrow(TypeError);
    expect(() => client.stream.subscribe({ channels: ['nope' as 'threats'] })).toThrow(/channels/);
  });
});

describe('client.stream.events', () => {
  it('yields the events of its channels in order and connects by itself', async () => {
    const client = running.client();
    const seen: StreamEvent[] = [];
    const iterate = (async () => {
      for await (const event of client.stream.events({ channels: ['threats'] })) {
        seen.push(event);
        if (seen.length === 3) break;
      }
    })();

    await waitFor(() => client.stream.state === 'open', 5_000, 'the stream to open');
    await sleep(20);
    const ids = [1, 2, 3].map(() => running.mock.backend.threats.inject(threatInput('HIGH')).id);
    await iterate;
    expect(seen.map((event) => event.type)).toEqual([
      'threat_detected',
      'threat_detected',
      'threat_detected',
    ]);
    expect(seen.map((event) => (event.type === 'threat_detected' ? event.threat.id : ''))).toEqual(
      ids,
    );
  });

  it('ends the loop when the stream is closed', async () => {
    const client = running.client();
    const iterator = client.stream.events({ channels: ['threats'] });
    await waitFor(() => client.stream.state === 'open', 5_000, 'the stream to open');
    const next = iterator.next();
    client.stream.close();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
  });
});
