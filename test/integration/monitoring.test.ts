import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import {
  RFC3339,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  reference,
} from './support.js';

const MODES = ['STANDARD', 'DEEP_SCAN', 'PERSONAL', 'ENTERPRISE', 'ML_MODE', 'AUTO_RESPONSE'];
const ENGINES = [
  'threat_detection',
  'network_monitor',
  'process_analyzer',
  'ml_engine',
  'crypto_guardian',
  'response_engine',
];

describeEachTarget('monitoring', (t) => {
  describe('GET /monitoring/status', () => {
    it('returns the mode, all six engines, statistics, performance and options', async () => {
      const reply = await t().request('GET', '/monitoring/status');
      expect(reply.status).toBe(200);
      const status = reply.body;
      expect(MODES).toContain(status.mode);
      expect(Object.keys(status.engines).sort()).toEqual([...ENGINES].sort());
      for (const state of Object.values(status.engines))
        expect(['active', 'standby', 'disabled']).toContain(state);
      for (const key of [
        'uptime_seconds',
        'threats_detected',
        'threats_blocked',
        'false_positives',
        'connections_analyzed',
      ]) {
        expect(Number.isInteger(status.statistics[key]), key).toBe(true);
        expect(status.statistics[key]).toBeGreaterThanOrEqual(0);
      }

      expect(status.performance.cpu_usage).toBeTypeOf('number');
      expect(Number.isInteger(status.performance.memory_usage_mb)).toBe(true);
      expect(status.options.scan_interval).toBeGreaterThanOrEqual(1);
      expect(status.updated_at).toMatch(RFC3339);
    });

    it('returns the same status to a key that has monitoring:admin only, which implies read', async () => {
      const key = await createKey(t(), ['monitoring:admin']);
      const reply = await t().request('GET', '/monitoring/status', { token: key });
      expect(reply.status).toBe(200);
    });

    it('refuses with 401 without a token and 403 naming monitoring:read without it', async () => {
      expectError(
        await t().request('GET', '/monitoring/status', { token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('GET', '/monitoring/status', { token: key }),
        'monitoring:read',
      );
    });
  });

  describe('PUT /monitoring/mode', () => {
    it("switches to DEEP_SCAN with the reference's options and GET /monitoring/status shows it", async () => {
      await t().control('POST', '/clock', { advance: '1m' });
      const reply = await t().request('PUT', '/monitoring/mode', { body: reference.setMode });
      expect(reply.status).toBe(200);
      expect(reply.body.mode).toBe('DEEP_SCAN');
      expect(reply.body.options).toEqual(reference.setMode.options);
      expect(reply.body.updated_at).toBe('2025-01-15T15:01:00Z');
      const status = await t().request('GET', '/monitoring/status');
      expect(status.body.mode).toBe('DEEP_SCAN');
      expect(status.body.options).toEqual(reference.setMode.options);
    });

    it('keeps the options it is not given', async () => {
      await t().request('PUT', '/monitoring/mode', { body: reference.setMode });
      const reply = await t().request('PUT', '/monitoring/mode', {
        body: { mode: 'STANDARD', options: { scan_interval: 60 } },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.mode).toBe('STANDARD');
      expect(reply.body.options).toEqual({ ...reference.setMode.options, scan_interval: 60 });
    });

    it('accepts every mode of the reference', async () => {
      for (const mode of MODES) {
        const reply = await t().request('PUT', '/monitoring/mode', { body: { mode } });
        expect(reply.status, mode).toBe(200);
        expect((await t().request('GET', '/monitoring/status')).body.mode).toBe(mode);
      }
    });

    it('is forgotten on reset', async () => {
      const before = (await t().request('GET', '/monitoring/status')).body;
      await t().request('PUT', '/monitoring/mode', {
        body: { mode: before.mode === 'ML_MODE' ? 'PERSONAL' : 'ML_MODE' },
      });
      await t().control('POST', '/reset');
      expect((await t().request('GET', '/monitoring/status')).body.mode).toBe(before.mode);
    });

    it.each([
      ['no mode', { options: { scan_interval: 5 } }, 'mode'],
      ['an unknown mode', { mode: 'TURBO' }, 'mode'],
      ['a lowercase mode', { mode: 'deep_scan' }, 'mode'],
      [
        'scan_interval 0',
        { mode: 'DEEP_SCAN', options: { scan_interval: 0 } },
        'options.scan_interval',
      ],
      [
        'scan_interval 3601',
        { mode: 'DEEP_SCAN', options: { scan_interval: 3601 } },
        'options.scan_interval',
      ],
      [
        'a fractional scan_interval',
        { mode: 'DEEP_SCAN', options: { scan_interval: 1.5 } },
        'options.scan_interval',
      ],
      [
        'ml_enabled as a string',
        { mode: 'DEEP_SCAN', options: { ml_enabled: 'yes' } },
        'options.ml_enabled',
      ],
      ['an unknown option', { mode: 'DEEP_SCAN', options: { turbo: true } }, 'options.turbo'],
      ['an unknown field', { mode: 'DEEP_SCAN', force: true }, 'force'],
    ])('refuses with 400 and changes nothing given %s', async (_, body, field) => {
      const before = (await t().request('GET', '/monitoring/status')).body;
      expectInvalid(await t().request('PUT', '/monitoring/mode', { body }), field);
      expect((await t().request('GET', '/monitoring/status')).body).toEqual(before);
    });

    it('refuses with 401 without a token and 403 naming monitoring:write given a read-only key', async () => {
      const before = (await t().request('GET', '/monitoring/status')).body;
      expectError(
        await t().request('PUT', '/monitoring/mode', { body: reference.setMode, token: null }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['monitoring:read']);
      expectForbidden(
        await t().request('PUT', '/monitoring/mode', { body: reference.setMode, token: key }),
        'monitoring:write',
      );
      expect((await t().request('GET', '/monitoring/status')).body).toEqual(before);
    });

    it('accepts a key with monitoring:write', async () => {
      const key = await createKey(t(), ['monitoring:write']);
      const reply = await t().request('PUT', '/monitoring/mode', {
        body: reference.setMode,
        token: key,
      });
      expect(reply.status).toBe(200);
    });
  });
});
