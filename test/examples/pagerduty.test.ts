// examples/integrations/pagerduty.ts against the real mock and a local stand-in for PagerDuty's
// Events API v2 that accepts only well-formed events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCriticalThreats, streamToPagerDuty } from '../../examples/integrations/pagerduty.js';
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

const ROUTING_KEY = 'R0ABCDEF0123456789ABCDEF01234567';
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const EVENT_KEYS = [
  'routing_key',
  'event_action',
  'dedup_key',
  'payload',
  'client',
  'client_url',
  'images',
  'links',
];
const PAYLOAD_KEYS = [
  'summary',
  'source',
  'severity',
  'timestamp',
  'component',
  'group',
  'class',
  'custom_details',
];

/** One Events API v2 event, checked as PagerDuty checks it. */
function checkEvent(request: Recorded): Record<string, unknown> {
  expect(request.method).toBe('POST');
  expect(request.url).toBe('/v2/enqueue');
  expect(request.headers['content-type']).toBe('application/json');
  const event = JSON.parse(request.body) as Record<string, unknown>;
  expect(Object.keys(event).every((key) => EVENT_KEYS.includes(key))).toBe(true);
  expect(event.routing_key).toBe(ROUTING_KEY);
  expect(event.routing_key as string).toHaveLength(32);
  expect(['trigger', 'acknowledge', 'resolve']).toContain(event.event_action);
  expect(event.dedup_key).toBeTypeOf('string');
  expect((event.dedup_key as string).length).toBeLessThanOrEqual(255);

  const payload = event.payload as Record<string, unknown>;
  expect(Object.keys(payload).every((key) => PAYLOAD_KEYS.includes(key))).toBe(true);
  expect(payload.summary).toBeTypeOf('string');
  expect((payload.summary as string).length).toBeGreaterThan(0);
  expect((payload.summary as string).length).toBeLessThanOrEqual(1024);
  expect(payload.source).toBeTypeOf('string');
  expect(SEVERITIES).toContain(payload.severity);
  expect(Number.isNaN(Date.parse(payload.timestamp as string))).toBe(false);
  for (const key of ['component', 'group', 'class']) expect(payload[key]).toBeTypeOf('string');
  expect(payload.custom_details).toBeTypeOf('object');
  return event;
}

const pagerduty = (request: Recorded): Reply => {
  const event = checkEvent(request);
  return {
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: event.dedup_key },
  };
};

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('examples/integrations/pagerduty', () => {
  it('triggers one incident per critical alert, and none for lower levels', async () => {
    const pd = await startReceiver(pagerduty);
    const client = running.client();
    const from = await freshWindow(running.origin);
    const forwarding = await streamToPagerDuty(client, {
      routingKey: ROUTING_KEY,
      eventsURL: `${pd.origin}/v2/enqueue`,
    });

    try {
      // Lower levels first: once the last critical one is sent, the stream has passed them all.
      for (const level of ['HIGH', 'LOW', 'CRITICAL', 'MEDIUM', 'CRITICAL']) {
        await running.inject({ threat_level: level });
      }
      await waitFor(() => pd.requests.length >= 2, 5_000, 'two PagerDuty events');
      await forwarding.idle();

      expect(pd.failures).toEqual([]);
      const events = pd.requests.map(checkEvent);
      const critical = await allThreats(client, { from, severity: ['critical'] });
      expect(critical).toHaveLength(2);
      expect(events.map((event) => event.dedup_key).sort()).toEqual(
        critical.map((threat) => threat.id).sort(),
      );

      for (const threat of critical) {
        const event = events.find((item) => item.dedup_key === threat.id);
        expect(event).toEqual({
          routing_key: ROUTING_KEY,
          event_action: 'trigger',
          dedup_key: threat.id,
          client: 'CyberFortress',
          payload: {
            summary: `Critical Threat: ${threat.ipAddress}`,
            source: 'cyberfortress',
            severity: 'critical',
            timestamp: threat.detectedAt,
            component: threat.ipAddress,
            group: threat.country.code,
            class: threat.threatType,
            custom_details: {
              threat_id: threat.id,
              threat_score: threat.threatScore,
              threat_level: 'CRITICAL',
              actions_taken: threat.automatedResponse.actionsTaken,
            },
          },
        });
      }
    } finally {
      forwarding.stop();
      await pd.close();
    }
  });

  it('pages exactly the critical threats the mock lists for a window, each once', async () => {
    const pd = await startReceiver(pagerduty);
    const client = running.client();
    const window = { from: '2025-01-13T00:00:00Z', to: '2025-01-15T00:00:00Z' };

    try {
      const count = await pageCriticalThreats(
        client,
        { routingKey: ROUTING_KEY, eventsURL: `${pd.origin}/v2/enqueue`, source: 'soc-eu-1' },
        window,
      );

      expect(pd.failures).toEqual([]);
      const critical = await allThreats(client, { ...window, severity: ['critical'] });
      expect(critical.length).toBeGreaterThan(0);
      expect(count).toBe(critical.length);
      const keys = pd.requests.map(checkEvent).map((event) => event.dedup_key as string);
      expect(duplicates(keys)).toEqual([]);
      expect(keys.sort()).toEqual(critical.map((threat) => threat.id).sort());
      expect(
        pd.requests
          .map(checkEvent)
          .every((event) => (event.payload as { source: string }).source === 'soc-eu-1'),
      ).toBe(true);
    } finally {
      await pd.close();
    }
  });
});
