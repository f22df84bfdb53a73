// The handlers' types: what `on` gives each event's handler, what commands resolve with.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CyberFortress,
  type CriticalAlert,
  type MonitoringStatus,
  type ScanNowResult,
  type StreamError,
  type StreamEvent,
  type Threat,
  type ThreatDetectedEvent,
  type ThreatMitigatedEvent,
} from '../../src/index.js';

describe('client.stream types', () => {
  it('types each handler by its event, with the REST Threat for threat_detected', () => {
    const client = new CyberFortress({ apiKey: 'cf_test_abcdefabcdefabcdefabcdef' });
    const off = client.stream.on('threat_detected', (threat, event) => {
      expectTypeOf(threat).toEqualTypeOf<Threat>();
      expectTypeOf(threat.ipAddress).toEqualTypeOf<string>();
      expectTypeOf(event).toEqualTypeOf<ThreatDetectedEvent>();
    });
    expectTypeOf(off).toEqualTypeOf<() => void>();
    client.stream.on('critical_alert', (alert) =>
      expectTypeOf(alert).toEqualTypeOf<CriticalAlert>(),
    );
    client.stream.on('threat_mitigated', (event) =>
      expectTypeOf(event).toEqualTypeOf<ThreatMitigatedEvent>(),
    );
    client.stream.on('event', (event) => expectTypeOf(event).toEqualTypeOf<StreamEvent>());
    client.stream.on('gap', (info) => {
      expectTypeOf(info.fromSequence).toEqualTypeOf<number>();
      expectTypeOf(info.oldestAvailable).toEqualTypeOf<number>();
    });
    client.stream.on('reconnecting', (info) => expectTypeOf(info.delay).toEqualTypeOf<number>());
    client.stream.on('error', (error) => expectTypeOf(error).toMatchTypeOf<Error | StreamError>());
    expectTypeOf(client.stream.setMode).returns.toEqualTypeOf<Promise<MonitoringStatus>>();
    expectTypeOf(client.stream.scanNow).returns.toEqualTypeOf<Promise<ScanNowResult>>();
    // Nor is it taken at run time, where a typo would otherwise wait forever.
    // @ts-expect-error: not an event of the stream
    expect(() => client.stream.on('threat_detcted', () => undefined)).toThrow(
      'The event of `on` must be one of threat_detected, threat_mitigated, critical_alert',
    );
    // @ts-expect-error: a handler is a function
    expect(() => client.stream.once('open', 'log')).toThrow(
      "The handler of `once('open')` must be a function",
    );
  });
});
