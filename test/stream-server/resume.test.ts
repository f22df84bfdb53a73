// Resume after a reconnect: exactly the missed events, never one twice, a paced replay of a
// large gap, `resume_failed` when the buffer no longer holds the gap, and session takeover.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, TestClient, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

/** The latest sequence when the client authenticated (its auth_ok's resume window). */
const authLatest = (client: TestClient): number =>
  (client.messages[0]?.resume_window as { latest_sequence: number }).latest_sequence;

const inject = (count: number, body: Record<string, unknown> = {}) => {
  for (let i = 0; i < count; i++) server.mock.backend.threats.inject(body);
};

describe('resume', () => {
  it('replays exactly the events missed between two connections, then says resumed', async () => {
    const subscription = {
      channels: ['threats', 'critical_alerts'],
      filters: { severity: ['critical'] },
    };
    const watcher = await TestClient.connect(server.wsUrl, server.apiKey, subscription);
    const first = await TestClient.connect(server.wsUrl, server.apiKey, subscription);
    inject(5, { threat_level: 'CRITICAL' });
    inject(3, { threat_level: 'LOW' });
    await first.sync();
    const last = first.events().at(-1)?.sequence as number;
    const session = first.messages[0]?.session_id as string;
    first.close();
    await first.closed;

    inject(4, { threat_level: 'CRITICAL' });
    inject(4, { threat_level: 'MEDIUM' });
    const second = await TestClient.connect(server.wsUrl, server.apiKey, subscription);
    const resumed = await second.request(
      { type: 'resume', id: 'r1', from_sequence: last, session_id: session },
      'resumed',
    );
    await watcher.sync();
    const missed = watcher.events().filter((event) => (event.sequence as number) > last);
    expect(missed).toHaveLength(8); // 4 threats, each with its critical alert
    expect(second.events()).toEqual(missed);
    expect(resumed).toMatchObject({ id: 'r1', from_sequence: last, replayed: 8 });
    expect(second.types().at(-1)).toBe('resumed');
    watcher.close();
    second.close();
  });

  it('never repeats an event the connection already got live before resuming', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    const from = authLatest(client);
    inject(3);
    await client.sync();
    const live = client.events().map((event) => event.sequence);
    expect(live).toHaveLength(3);
    const resumed = await client.request(
      { type: 'resume', id: 'r2', from_sequence: from },
      'resumed',
    );
    expect(resumed.replayed).toBe(0);
    expect(client.events().map((event) => event.sequence)).toEqual(live);
    client.close();
  });

  it('after subscription changes, replays each wanted event once: those filtered out live, not those sent', async () => {
    const both = { channels: ['threats', 'critical_alerts'] };
    const watcher = await TestClient.connect(server.wsUrl, server.apiKey, both);
    const client = await TestClient.connect(server.wsUrl, server.apiKey, {
      channels: ['threats'],
      filters: { severity: ['critical'] },
    });
    const from = authLatest(client);
    inject(1, { threat_level: 'CRITICAL' }); // threat sent live, its alert not subscribed yet
    inject(1, { threat_level: 'LOW' }); // filtered out live
    await client.request(
      { type: 'subscribe', id: 's2', channels: ['critical_alerts'], filters: {} },
      'subscribed',
    );
    inject(1, { threat_level: 'LOW' }); // sent live
    await client.sync();
    expect(client.events()).toHaveLength(2);

    const resumed = await client.request(
      { type: 'resume', id: 'r3', from_sequence: from },
      'resumed',
    );
    await watcher.sync();
    const expected = watcher.events().filter((e) => (e.sequence as number) > from);
    expect(expected).toHaveLength(4);
    expect(resumed.replayed).toBe(2);
    const got = client.events().map((e) => e.sequence as number);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort((a, b) => a - b)).toEqual(expected.map((e) => e.sequence));
    watcher.close();
    client.close();
  });

  it('replays a large gap in order without tripping the slow-consumer limit, live events after', async () => {
    const client = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    const from = authLatest(client);
    client.send({ type: 'unsubscribe', channels: ['threats'] });
    await client.next('unsubscribed');
    // Over 4 MiB of threats, more than the send-buffer limit if sent at once.
    inject(4000, { threat_level: 'LOW' });
    client.send({ type: 'subscribe', channels: ['threats'] });
    await client.next('subscribed');
    client.send({ type: 'resume', id: 'big', from_sequence: from });
    // Live events while the replay is under way wait behind it.
    await client.next('threat_detected');
    inject(2, { threat_level: 'LOW' });
    const resumed = await client.next('resumed', () => true, 15_000);
    expect(resumed.replayed).toBe(4000);
    await client.sync();
    const sequences = client.events().map((event) => event.sequence as number);
    expect(sequences).toHaveLength(4002);
    for (let i = 1; i < sequences.length; i++) {
      expect(sequences[i]).toBeGreaterThan(sequences[i - 1] as number);
    }

    const resumedAt = client.messages.indexOf(resumed);
    expect(
      client.messages.slice(resumedAt + 1).filter((m) => m.type === 'threat_detected'),
    ).toHaveLength(2);
    client.close();
  });

  it('answers resume_failed when the gap is older than the buffer, and replays what it holds on a second try', async () => {
    const small = await startMock({ stream: { replayBufferSize: 5 } });
    try {
      const channels = ['threats', 'critical_alerts', 'ml', 'responses', 'evidence'];
      const client = await TestClient.connect(small.wsUrl, small.apiKey, { channels });
      client.send({ type: 'unsubscribe', channels });
      await client.next('unsubscribed');
      for (let i = 0; i < 8; i++) small.mock.backend.threats.inject({ threat_level: 'LOW' });
      client.send({ type: 'subscribe', channels });
      await client.next('subscribed');
      const latest = small.mock.stream.stats().latestSequence;
      expect(latest).toBeGreaterThanOrEqual(8);
      const failed = await client.request(
        { type: 'resume', id: 'old', from_sequence: 0 },
        'resume_failed',
      );
      expect(failed).toEqual({
        type: 'resume_failed',
        id: 'old',
        from_sequence: 0,
        oldest_available: latest - 4,
        reason: 'too_old',
      });
      expect(client.events()).toHaveLength(0);

      // Live events keep coming after a failed resume.
      small.mock.backend.threats.inject({ threat_level: 'LOW' });
      await client.next('threat_detected');
      await client.sync();
      const live = client.events().map((e) => e.sequence as number);
      const newest = small.mock.stream.stats().latestSequence;
      const held = Array.from({ length: 5 }, (_, i) => newest - 4 + i);
      const retry = await client.request(
        { type: 'resume', id: 'again', from_sequence: newest - 5 },
        'resumed',
      );
      expect(retry.replayed).toBe(held.filter((sequence) => !live.includes(sequence)).length);
      const all = client.events().map((e) => e.sequence as number);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort((a, b) => a - b)).toEqual(
        [...new Set([...held, ...live])].sort((a, b) => a - b),
      );
      client.close();
    } finally {
      await small.close();
    }
  });

  it('closes the older connection of a resumed session with 4409', async () => {
    const older = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    const session = older.messages[0]?.session_id as string;
    const latest = authLatest(older);
    const newer = await TestClient.connect(server.wsUrl, server.apiKey, { channels: ['threats'] });
    await newer.request(
      { type: 'resume', id: 'take', from_sequence: latest, session_id: session },
      'resumed',
    );
    expect((await older.closed).code).toBe(4409);
    inject(1);
    await newer.next('threat_detected');
    newer.close();
  });

  it('refuses to resume a session of other credentials', async () => {
    const otherKey = 'cf_test_streamotherstreamotherstream';
    server.mock.backend.credentials.addApiKey(otherKey);
    const owner = await TestClient.connect(server.wsUrl, otherKey);
    const session = owner.messages[0]?.session_id as string;
    const intruder = await TestClient.connect(server.wsUrl, server.apiKey);
    const error = await intruder.request(
      { type: 'resume', id: 'steal', from_sequence: 0, session_id: session },
      'error',
    );
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'session_id' }] });
    await owner.sync();
    owner.close();
    intruder.close();
  });
});
