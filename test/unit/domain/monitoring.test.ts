import { describe, expect, it } from 'vitest';
import { enginesForMode } from '../../../mock-server/domain/monitoring.js';
import type { DomainEvent } from '../../../mock-server/domain/events.js';
import { frozenBackend, invalidFields } from './support.js';

describe('monitoring', () => {
  it('returns ENTERPRISE with every engine active and statistics derived from state initially', () => {
    const backend = frozenBackend();
    const status = backend.monitoring.status();
    expect(status.mode).toBe('ENTERPRISE');
    expect(Object.values(status.engines).every((state) => state === 'active')).toBe(true);
    expect(status.statistics.threats_detected).toBe(1247);
    expect(status.statistics.uptime_seconds).toBe(864_000);
    const falsePositives = backend.threats.list({ status: ['false_positive'], limit: 1 }).pagination
      .total;
    expect(status.statistics.false_positives).toBe(falsePositives);
    expect(status.statistics.threats_blocked).toBeGreaterThan(0);
  });

  it('returns uptime and connections that grow with the clock', () => {
    const backend = frozenBackend();
    const before = backend.monitoring.status().statistics;
    backend.clock.advance(100_000);
    const after = backend.monitoring.status().statistics;
    expect(after.uptime_seconds - before.uptime_seconds).toBe(100);
    expect(after.connections_analyzed).toBeGreaterThan(before.connections_analyzed);
  });

  it('returns the new mode with merged options and emits system_status given setMode', () => {
    const backend = frozenBackend();
    const events: DomainEvent[] = [];
    backend.events.on((event) => events.push(event));
    backend.clock.advance(60_000);
    const status = backend.monitoring.setMode({
      mode: 'STANDARD',
      options: { scan_interval: 60, ml_enabled: false },
    });
    expect(status).toMatchObject({
      mode: 'STANDARD',
      options: { scan_interval: 60, ml_enabled: false, auto_response: true },
      updated_at: '2025-01-15T15:01:00Z',
    });
    expect(status.engines).toMatchObject({
      ml_engine: 'disabled',
      response_engine: 'standby',
      crypto_guardian: 'active',
    });
    expect(events.map((event) => event.type)).toEqual(['system_status']);
  });

  it('returns engines per the documented table', () => {
    expect(enginesForMode('PERSONAL')).toMatchObject({
      crypto_guardian: 'standby',
      network_monitor: 'active',
      process_analyzer: 'standby',
    });
    expect(enginesForMode('ML_MODE')).toMatchObject({
      ml_engine: 'active',
      response_engine: 'standby',
    });
  });

  it('stops automatic responses on new threats given auto_response false', () => {
    const backend = frozenBackend();
    backend.monitoring.setMode({ mode: 'ENTERPRISE', options: { auto_response: false } });
    const threat = backend.threats.report({
      ip_address: '198.18.0.5',
      threat_type: 'RANSOMWARE',
      confidence: 1,
      evidence: { network_activity: { bytes_sent: 200_000_000 } },
    });
    expect(threat.automated_response.actions_taken).toEqual(['ALERT_SOC']);
  });

  it('refuses wrong fields and changes nothing', () => {
    const backend = frozenBackend();
    const before = backend.monitoring.status();
    expect(
      invalidFields(() =>
        backend.monitoring.setMode({
          mode: 'deep_scan',
          options: { scan_interval: 0, ml_enabled: 'yes', turbo: true },
        }),
      ),
    ).toEqual(['mode', 'options.turbo', 'options.scan_interval', 'options.ml_enabled']);
    expect(backend.monitoring.status()).toEqual(before);
  });
});
