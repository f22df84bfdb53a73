import { describe, expect, it } from 'vitest';
import { camelizeKeys, snakeizeKeys, toCamelCase, toSnakeCase } from '../../../src/core/case.js';

describe('toCamelCase', () => {
  it('returns camelCase given snake_case keys, digits kept as they are', () => {
    expect(toCamelCase('threat_score')).toBe('threatScore');
    expect(toCamelCase('ip_address')).toBe('ipAddress');
    expect(toCamelCase('volume_24h_usd')).toBe('volume24hUsd');
    expect(toCamelCase('token0')).toBe('token0');
    expect(toCamelCase('id')).toBe('id');
  });
});

describe('toSnakeCase', () => {
  it('returns snake_case given camelCase keys, and leaves snake_case alone', () => {
    expect(toSnakeCase('threatScore')).toBe('threat_score');
    expect(toSnakeCase('ipWhitelist')).toBe('ip_whitelist');
    expect(toSnakeCase('ip_address')).toBe('ip_address');
  });

  it('returns the wire name given a digit key already seen in a response', () => {
    toCamelCase('floor_price_24h_eth');
    expect(toSnakeCase('floorPrice24hEth')).toBe('floor_price_24h_eth');
  });
});

describe('camelizeKeys', () => {
  it('returns a deep copy with camelCase keys given a wire object, values untouched', () => {
    const wire = {
      threat_score: 85,
      status: 'false_positive',
      country: { code: 'RU', city_name: 'Moscow' },
      timeline: [{ event_name: 'x', severity: 'HIGH' }],
      tags: ['a_b', 'c_d'],
      process_behavior: null,
    };

    const camel = camelizeKeys(wire);
    expect(camel).toEqual({
      threatScore: 85,
      status: 'false_positive',
      country: { code: 'RU', cityName: 'Moscow' },
      timeline: [{ eventName: 'x', severity: 'HIGH' }],
      tags: ['a_b', 'c_d'],
      processBehavior: null,
    });
    expect(wire).toHaveProperty('threat_score');
  });

  it('returns non-plain objects as they are given bytes or dates', () => {
    const bytes = new Uint8Array([1, 2]);
    const date = new Date(0);
    const result = camelizeKeys<{ rawBytes: Uint8Array; atTime: Date }>({
      raw_bytes: bytes,
      at_time: date,
    });
    expect(result.rawBytes).toBe(bytes);
    expect(result.atTime).toBe(date);
  });
});

describe('snakeizeKeys', () => {
  it('returns snake_case keys given a camelCase body, dropping undefined members', () => {
    expect(
      snakeizeKeys({
        ipAddress: '1.2.3.4',
        threatType: 'MALWARE',
        evidence: { processId: 4, networkActivity: { destinationPort: 443 } },
        targets: [{ type: 'ip', value: '1.2.3.4' }],
        reason: undefined,
      }),
    ).toEqual({
      ip_address: '1.2.3.4',
      threat_type: 'MALWARE',
      evidence: { process_id: 4, network_activity: { destination_port: 443 } },
      targets: [{ type: 'ip', value: '1.2.3.4' }],
    });
  });

  it('returns the original keys given a round trip through both conversions', () => {
    const wire = { auto_unblock: true, expires_at: null, blocks: [{ created_at: 'x' }] };
    expect(snakeizeKeys(camelizeKeys(wire))).toEqual(wire);
  });
});
