// The compiled check-and-convert of stream events: the same answer as zod + camelizeJson on
// valid events, and a give-up (so that the tolerant zod path decides) on everything else.
import { describe, expect, it } from 'vitest';
import { camelizeJson } from '../../src/core/case.js';
import { compileShape } from '../../src/core/fast-path.js';
import { shapeOfZod } from '../../src/core/zod-shape.js';
import { EVENT_SCHEMAS } from '../../src/stream/protocol.js';
import { wireThreatEvent as threatEvent } from './support.js';

describe.each([
  ['compiled from source', true],
  ['built from closures', false],
])("compileShape on the stream's event schemas, %s", (_, code) => {
  const fast = compileShape(shapeOfZod(EVENT_SCHEMAS.threat_detected), { code }) as (
    value: unknown,
  ) => unknown;

  it('returns the camelCase copy that camelizeJson makes given a valid event', () => {
    const event = threatEvent();
    expect(EVENT_SCHEMAS.threat_detected.safeParse(event).success).toBe(true);
    expect(fast(event)).toEqual(camelizeJson(event));
  });

  it('accepts IPv6 addresses and null process behaviour, as zod does', () => {
    const event = threatEvent();
    event.threat.ip_address = '2409:8a28:c38a:2560:d758:c00a:da17:250e';
    event.threat.process_behavior = null;
    expect(EVENT_SCHEMAS.threat_detected.safeParse(event).success).toBe(true);
    expect(fast(event)).toEqual(camelizeJson(event));
  });

  it.each([
    ['a wrong type', (t: Record<string, unknown>) => (t.threat_score = '85')],
    ['a score out of range', (t: Record<string, unknown>) => (t.threat_score = 101)],
    ['a fractional integer', (t: Record<string, unknown>) => (t.threat_score = 85.5)],
    ['a bad address', (t: Record<string, unknown>) => (t.ip_address = '999.1.1.1')],
    ['a bad timestamp', (t: Record<string, unknown>) => (t.detected_at = 'yesterday')],
    ['a missing field', (t: Record<string, unknown>) => delete t.country],
    // A checked string's last passing value is remembered: a missing one must not match it.
    ['a missing timestamp', (t: Record<string, unknown>) => delete t.detected_at],
    ['a missing address', (t: Record<string, unknown>) => delete t.ip_address],
    ['an unknown enum member', (t: Record<string, unknown>) => (t.threat_type = 'NEW_KIND')],
    ['an unknown field', (t: Record<string, unknown>) => (t.new_field = 1)],
    [
      'a bad country code',
      (t: Record<string, unknown>) => ((t.country as { code: string }).code = 'cn'),
    ],
  ])('gives up given %s', (_, change) => {
    const event = threatEvent();
    change(event.threat);
    // Fresh, and after a valid event, so that what the compiled check remembers plays no part.
    const fresh = compileShape(shapeOfZod(EVENT_SCHEMAS.threat_detected), { code });
    expect(fresh?.(event)).toBeUndefined();
    expect(fast(threatEvent())).toBeDefined();
    expect(fast(event)).toBeUndefined();
  });

  it('compiles every event schema', () => {
    for (const schema of Object.values(EVENT_SCHEMAS)) {
      expect(typeof compileShape(shapeOfZod(schema), { code })).toBe('function');
    }
  });
});
