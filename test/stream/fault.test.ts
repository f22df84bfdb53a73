// THE fault test: the server kills the client's connection 50 times, half of them without a close
// frame, while 5,000 events are produced; the client must hand every event on exactly once, in
// sequence order, by resuming from the last sequence it delivered after each reconnect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, threatInput, waitFor, type RunningMock } from './support.js';

const EVENTS = 5_000;
const KILLS = 50;

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client.stream under connection faults', () => {
  it('delivers 5,000 events exactly once and in order across 50 server-side kills', async () => {
    const client = running.client();
    const ids: string[] = [];
    const sequences: number[] = [];
    let reconnects = 0;
    let resumes = 0;
    let replayed = 0;
    const gaps: unknown[] = [];
    const errors: Error[] = [];

    client.stream.on('threat_detected', (threat, event) => {
      ids.push(threat.id);
      sequences.push(event.sequence);
    });
    let opens = 0;
    client.stream.on('open', () => opens++);
    client.stream.on('reconnecting', () => reconnects++);
    client.stream.on('resumed', (info) => {
      resumes++;
      replayed += info.replayed;
    });
    client.stream.on('gap', (info) => gaps.push(info));
    client.stream.on('error', (error) => errors.push(error));
    await client.stream.connect();

    const injected: string[] = [];
    let kills = 0;
    const perKill = EVENTS / KILLS;
    for (let round = 0; round < KILLS; round++) {
      // Half of the events of a round go out while the client is connected, the rest while it
      // is reconnecting, so that both live delivery and replay are exercised.
      // Each round kills a connection the client has (re)opened since the last kill.
      await waitFor(() => opens === round + 1, 5_000, 'the stream to reopen');
      for (let i = 0; i < perKill / 2; i++) {
        injected.push(running.mock.backend.threats.inject(threatInput('HIGH')).id);
      }

      await sleep(round % 3);
      const clean = round % 2 === 0;
      kills += running.mock.stream.dropConnections({ clean });
      for (let i = 0; i < perKill / 2; i++) {
        injected.push(running.mock.backend.threats.inject(threatInput('HIGH')).id);
      }
    }

    await waitFor(() => ids.length >= EVENTS, 45_000, 'every event');
    await sleep(50);

    expect(kills).toBe(KILLS);
    expect(injected).toHaveLength(EVENTS);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toEqual(injected);
    for (let i = 1; i < sequences.length; i++) {
      expect(sequences[i]).toBeGreaterThan(sequences[i - 1] as number);
    }

    expect(reconnects).toBeGreaterThanOrEqual(KILLS);
    expect(resumes).toBeGreaterThanOrEqual(KILLS);
    expect(gaps).toEqual([]);
    expect(errors).toEqual([]);
    console.info(
      `fault test: ${EVENTS} events, ${kills} kills (${KILLS / 2} without a close frame), ${reconnects} reconnects, ${resumes} resumes replaying ${replayed} events, 0 lost, 0 duplicated`,
    );
  }, 120_000);
});
