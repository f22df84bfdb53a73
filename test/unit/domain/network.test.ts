import { describe, expect, it } from 'vitest';
import { reference as referenceBodies } from '../../fixtures/reference.js';
import { canonicalDomain, parseCidr, parseIp } from '../../../mock-server/domain/ip.js';
import { parseDuration } from '../../../mock-server/domain/network.js';
import { frozenBackend, invalidFields, refusal } from './support.js';

describe('parseIp', () => {
  it.each([
    ['203.0.113.42', '203.0.113.42'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::1', '::1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('returns the canonical form given %s', (input, text) => {
    expect(parseIp(input)?.text).toBe(text);
  });

  it.each([
    '203.0.113.256',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    '2001:db8::1::2',
    'fe80::1%eth0',
    '[::1]',
    'localhost',
    '',
    '1:2:3:4:5:6:7:8:9',
  ])('returns undefined given %s', (input) => {
    expect(parseIp(input)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('returns the range given a network address', () => {
    expect(parseCidr('198.51.100.0/24', { limitBreadth: true })).toMatchObject({
      prefix: 24,
      text: '198.51.100.0/24',
    });
    expect(parseCidr('2001:db8::/32', { limitBreadth: true })).toMatchObject({
      version: 6,
      prefix: 32,
    });
  });

  it('returns a reason naming the network given host bits set', () => {
    expect(parseCidr('198.51.100.1/24')).toMatch(/198\.51\.100\.0\/24/);
  });

  it('returns a reason given a prefix too broad, too long or missing', () => {
    expect(parseCidr('10.0.0.0/7', { limitBreadth: true })).toMatch(/too broad/);
    expect(parseCidr('2001::/16', { limitBreadth: true })).toMatch(/too broad/);
    expect(parseCidr('10.0.0.0/33')).toMatch(/prefix/);
    expect(parseCidr('10.0.0.0')).toMatch(/prefix/);
  });
});

describe('canonicalDomain', () => {
  it.each([
    ['malicious-domain.com', 'malicious-domain.com'],
    ['Sub.Example.ORG.', 'sub.example.org'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('returns %s lowercased', (input, out) => {
    expect(canonicalDomain(input)).toBe(out);
  });

  it.each([
    'localhost',
    'not a domain',
    '-bad-.com',
    'a..com',
    'example.123',
    `${'a'.repeat(64)}.com`,
  ])('returns undefined given %s', (input) => {
    expect(canonicalDomain(input)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['365d', 31_536_000_000],
  ])('returns milliseconds given %s', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['0h', '366d', '1.5h', '24x', '-1d', 'forever', 24])(
    'returns a reason given %s',
    (input) => {
      expect(typeof parseDuration(input)).toBe('string');
    },
  );
});

describe('network.block', () => {
  const reference = referenceBodies.block;

  it('returns active blocks with an expiry given the reference body, and isBlocked matches inside the range', () => {
    const backend = frozenBackend();
    const result = backend.network.block(reference);
    expect(result.blocks).toHaveLength(3);
    expect(result.blocks[1]).toMatchObject({
      type: 'cidr',
      status: 'active',
      created_at: '2025-01-15T15:00:00Z',
      expires_at: '2025-01-16T15:00:00Z',
      auto_unblock: true,
    });
    expect(backend.network.isBlocked('198.51.100.200')).toBe(true);
    expect(backend.network.isBlocked('::ffff:198.51.100.7')).toBe(true);
    expect(backend.network.isBlocked('198.51.101.1')).toBe(false);
    expect(backend.threats.check('203.0.113.42').blocked).toBe(true);
  });

  it('extends an active block of the same target instead of duplicating it', () => {
    const backend = frozenBackend();
    const first = backend.network.block({
      targets: [{ type: 'ip', value: '2001:db8::1' }],
      duration: '1h',
    });
    const second = backend.network.block({
      targets: [{ type: 'ip', value: '2001:DB8:0::1' }],
      duration: '2h',
    });
    expect(second.blocks[0]).toMatchObject({
      id: first.blocks[0]!.id,
      expires_at: '2025-01-15T17:00:00Z',
    });
    expect(backend.network.list({}).pagination.total).toBe(1);
  });

  it('expires a block lazily once the clock passes its end, unless auto_unblock is false', () => {
    const backend = frozenBackend();
    const timed = backend.network.block({
      targets: [{ type: 'ip', value: '203.0.113.50' }],
      duration: '30m',
    }).blocks[0]!;
    const kept = backend.network.block({
      targets: [{ type: 'ip', value: '203.0.113.51' }],
      duration: '30m',
      auto_unblock: false,
    }).blocks[0]!;
    backend.clock.advance(31 * 60_000);
    expect(backend.network.list({ status: 'expired' }).data.map((block) => block.id)).toEqual([
      timed.id,
    ]);
    expect(backend.network.list({}).data.map((block) => block.id)).toEqual([kept.id]);
    expect(backend.network.isBlocked('203.0.113.50')).toBe(false);
    expect(refusal(() => backend.network.unblock(timed.id)).code).toBe('CONFLICT');
  });

  it('returns the removed block, then refuses a second removal with CONFLICT', () => {
    const backend = frozenBackend();
    const block = backend.network.block({ targets: [{ type: 'domain', value: 'evil.example' }] })
      .blocks[0]!;
    expect(block.expires_at).toBeNull();
    backend.clock.advance(600_000);
    expect(backend.network.unblock(block.id)).toMatchObject({
      status: 'removed',
      removed_at: '2025-01-15T15:10:00Z',
    });
    expect(refusal(() => backend.network.unblock(block.id)).code).toBe('CONFLICT');
    expect(refusal(() => backend.network.unblock('block_000000000000')).code).toBe('NOT_FOUND');
  });

  it('refuses every wrong target by its path and blocks nothing', () => {
    const backend = frozenBackend();
    const fields = invalidFields(() =>
      backend.network.block({
        targets: [
          { type: 'ip', value: '203.0.113.60' },
          { type: 'domain', value: '-bad-.com' },
          { type: 'cidr', value: '198.51.100.1/24' },
          { type: 'ip', value: '198.51.100.0/24' },
          { type: 'mac', value: 'aa:bb' },
        ],
        duration: '0h',
      }),
    );
    expect(fields).toEqual([
      'targets[1].value',
      'targets[2].value',
      'targets[3].value',
      'targets[4].type',
      'duration',
    ]);
    expect(backend.network.list({}).pagination.total).toBe(0);
    expect(invalidFields(() => backend.network.block({ targets: [] }))).toEqual(['targets']);
  });
});
