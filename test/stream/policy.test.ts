// The close-code policy and the stream URL, without sockets.
import { describe, expect, it } from 'vitest';
import { CyberFortress, randomisedExponentialBackoff } from '../../src/index.js';
import { closeVerdict } from '../../src/stream/policy.js';

describe('closeVerdict', () => {
  it('returns fatal for 1000, 1009, 4400, 4403 and 4409, and for 4401 without fresh credentials', () => {
    for (const code of [1000, 1009, 4400, 4401, 4403, 4409])
      expect(closeVerdict(code, false)).toBe('fatal');
  });

  it('returns retry for 4401 given fresh credentials', () => {
    expect(closeVerdict(4401, true)).toBe('retry');
  });

  it('returns retry for 1001, 1006, 1011, 1013, 4408, 4429, 4500 and unknown codes', () => {
    for (const code of [1001, 1006, 1011, 1013, 4408, 4429, 4500, 4999, 3000]) {
      expect(closeVerdict(code, false)).toBe('retry');
    }
  });
});

describe('randomisedExponentialBackoff', () => {
  it('doubles from about a second up to 30 seconds, jittered within the upper half', () => {
    for (let i = 0; i < 100; i++) {
      const first = randomisedExponentialBackoff(1);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1_000);
      const third = randomisedExponentialBackoff(3);
      expect(third).toBeGreaterThanOrEqual(2_000);
      expect(third).toBeLessThanOrEqual(4_000);
      const late = randomisedExponentialBackoff(20);
      expect(late).toBeGreaterThanOrEqual(15_000);
      expect(late).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('client.stream.url', () => {
  const key = { apiKey: 'cf_test_abcdefabcdefabcdefabcdef' };

  it('returns the production stream host given the default environment', () => {
    expect(new CyberFortress(key).stream.url).toBe('wss://stream.cyberfortress.io/v1/threats');
  });

  it("derives ws(s)://<origin>/v1/threats from baseURL's origin", () => {
    expect(new CyberFortress({ ...key, baseURL: 'http://127.0.0.1:4010/v1' }).stream.url).toBe(
      'ws://127.0.0.1:4010/v1/threats',
    );
    expect(new CyberFortress({ ...key, baseURL: 'https://api.example.test/v1' }).stream.url).toBe(
      'wss://api.example.test/v1/threats',
    );
  });

  it('returns streamURL given one, and refuses one that is not ws(s)', () => {
    const streamURL = 'wss://stream.example.test/v1/threats';
    expect(new CyberFortress({ ...key, streamURL }).stream.url).toBe(streamURL);
    expect(() => new CyberFortress({ ...key, streamURL: 'http://x/v1/threats' })).toThrow(
      /streamURL/,
    );
  });

  it('returns the same stream on every access', () => {
    const client = new CyberFortress(key);
    expect(client.stream).toBe(client.stream);
  });
});
