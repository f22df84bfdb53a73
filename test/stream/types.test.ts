// The handlers' types: what `on` gives each event's handler, what commands resolve with.
import { describe, expectTypeOf, it } from 'vitest';
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
    // @ts-expect-error: not an event of the stream
    client.stream.on('threat_detcted', () => undefined);
  });
});
