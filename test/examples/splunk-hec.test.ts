// examples/integrations/splunk-hec.ts against the real mock and a local HTTP Event Collector
// that accepts only what Splunk's HEC JSON endpoint accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backfillToSplunk,
  sendToSplunk,
  streamToSplunk,
} from '../../examples/integrations/splunk-hec.js';
import { SinkError } from '../../examples/integrations/shared.js';
import {
  allThreats,
  duplicates,
  freshWindow,
  startMock,
  startReceiver,
  waitFor,
  type Recorded,
  type Reply,
  type RunningMock,
} from './support.js';

const TOKEN = '1b4ac9b2-5c5e-4d3b-9a87-0e5c3f1d2a10';
const HEC_KEYS = ['time', 'host', 'source', 'sourcetype', 'index', 'event', 'fields'];

/** The HEC events of one request, checked against the collector's rules; throws on any breach. */
function hecEvents(request: Recorded): Record<string, unknown>[] {
  expect(request.method).toBe('POST');
  expect(['/services/collector', '/services/collector/event']).toContain(request.url);
  expect(request.headers.authorization).toBe(`Splunk ${TOKEN}`);
  expect(request.headers['content-type']).toMatch(/^application\/json/);

  // The JSON endpoint takes JSON objects one after another; ours are one per line.
  const lines = request.body.split('\n');
  expect(lines.every((line) => line.startsWith('{') && line.endsWith('}'))).toBe(true);
  return lines.map((line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(event).every((key) => HEC_KEYS.includes(key))).toBe(true);
    expect(event.event).toBeTypeOf('object');
    expect(Object.keys(event.event as object).length).toBeGreaterThan(0);
    // Epoch seconds (Splunk reads milliseconds as a date thousands of years ahead).
    expect(event.time).toBeTypeOf('number');
    expect(event.time as number).toBeGreaterThan(1e9);
    expect(event.time as number).toBeLessThan(1e11);
    for (const key of ['sourcetype', 'source', 'host', 'index']) {
      if (key in event) expect(event[key]).toBeTypeOf('string');
    }

    return event;
  });
}

const success: Reply = { status: 200, body: { text: 'Success', code: 0 } };

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('examples/integrations/splunk-hec', () => {
  it('streams each new threat as one HEC event with the reference fields, once', async () => {
    const hec = await startReceiver((request) => (hecEvents(request), success));
    const client = running.client();
    const from = await freshWindow(running.origin);
    const forwarding = await streamToSplunk(client, {
      url: `${hec.origin}/services/collector`,
      token: TOKEN,
      index: 'security',
    });

    try {
      const injected = [
        await running.inject({ threat_level: 'CRITICAL', country: 'RU' }),
        await running.inject({ threat_level: 'LOW' }),
        await running.inject({ threat_level: 'HIGH' }),
      ];
      await waitFor(() => hec.requests.length === 3, 5_000, 'three HEC requests');
      await forwarding.idle();

      expect(hec.failures).toEqual([]);
      const events = hec.requests.flatMap(hecEvents);
      const sentIds = events.map((event) => (event.event as { threat_id: string }).threat_id);
      expect(duplicates(sentIds)).toEqual([]);

      // Exactly the threats the mock now holds since the stream opened.
      const held = await allThreats(client, { from });
      expect(new Set(sentIds)).toEqual(new Set(held.map((threat) => threat.id)));
      expect(new Set(sentIds)).toEqual(new Set(injected.map((threat) => threat.id)));

      const first = held.find((threat) => threat.id === injected[0]?.id);
      const event = events.find(
        (item) => (item.event as { threat_id: string }).threat_id === first?.id,
      );
      expect(event).toEqual({
        time: Date.parse(first!.detectedAt) / 1000,
        sourcetype: 'cyberfortress:threat',
        source: 'cyberfortress_api',
        index: 'security',
        event: {
          threat_id: first!.id,
          ip: first!.ipAddress,
          score: first!.threatScore,
          level: 'CRITICAL',
          timestamp: first!.detectedAt,
        },
      });
    } finally {
      forwarding.stop();
      await hec.close();
    }
  });

  it('backfills a window with one request per page, exactly the threats the mock lists', async () => {
    const hec = await startReceiver((request) => (hecEvents(request), success));
    const client = running.client();
    const window = { severity: ['critical' as const], to: '2025-01-15T00:00:00Z' };

    try {
      const count = await backfillToSplunk(
        client,
        { url: `${hec.origin}/services/collector/event`, token: TOKEN },
        { ...window, limit: 25 },
      );

      expect(hec.failures).toEqual([]);
      const held = await allThreats(client, window);
      expect(held.length).toBeGreaterThan(25);
      expect(count).toBe(held.length);
      expect(hec.requests.length).toBe(Math.ceil(held.length / 25));
      const sentIds = hec.requests
        .flatMap(hecEvents)
        .map((event) => (event.event as { threat_id: string }).threat_id);
      expect(duplicates(sentIds)).toEqual([]);
      expect(sentIds.sort()).toEqual(held.map((threat) => threat.id).sort());
    } finally {
      await hec.close();
    }
  });

  it('skips threats the stream already sent when a backfill overlaps it', async () => {
    const hec = await startReceiver((request) => (hecEvents(request), success));
    const client = running.client();
    const options = { url: `${hec.origin}/services/collector`, token: TOKEN };
    const from = await freshWindow(running.origin);
    const forwarding = await streamToSplunk(client, options);

    try {
      const injected = await running.inject({ threat_level: 'MEDIUM' });
      await waitFor(() => hec.requests.length === 1, 5_000, 'the streamed event');
      await forwarding.idle();
      const count = await backfillToSplunk(client, options, { from }, forwarding);

      expect(count).toBe(0);
      expect(
        hec.requests.flatMap(hecEvents).map((e) => (e.event as { threat_id: string }).threat_id),
      ).toEqual([injected.id]);
    } finally {
      forwarding.stop();
      await hec.close();
    }
  });

  it('throws a SinkError carrying the collector reply when the token is refused', async () => {
    const hec = await startReceiver(() => ({
      status: 403,
      body: { text: 'Invalid token', code: 4 },
    }));
    const [threat] = (await running.client().threats.list({ limit: 1 })).data;

    try {
      const error = await sendToSplunk([threat!], {
        url: `${hec.origin}/services/collector`,
        token: 'wrong',
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SinkError);
      expect(error).toMatchObject({ status: 403, body: '{"text":"Invalid token","code":4}' });
    } finally {
      await hec.close();
    }
  });
});
