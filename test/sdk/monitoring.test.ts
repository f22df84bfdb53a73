import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

describeEachTarget('monitoring', (target) => {
  describe('monitoring.status', () => {
    it('returns engines, statistics and performance in camelCase given no params', async () => {
      const status = await target().client().monitoring.status();
      expect(status.engines).toHaveProperty('threatDetection');
      expect(status.statistics).toHaveProperty('uptimeSeconds');
      expect(status.performance).toHaveProperty('memoryUsageMb');
      expect(status.options).toHaveProperty('scanInterval');
    });
  });

  describe('monitoring.setMode', () => {
    it('returns the new mode and options given the reference body', async () => {
      const client = target().client();
      const status = await client.monitoring.setMode({
        mode: 'DEEP_SCAN',
        options: {
          scanInterval: 10,
          mlEnabled: true,
          autoResponse: true,
          personalMonitoring: false,
        },
      });
      expect(status.mode).toBe('DEEP_SCAN');
      expect(status.options).toEqual({
        scanInterval: 10,
        mlEnabled: true,
        autoResponse: true,
        personalMonitoring: false,
      });
      expect((await client.monitoring.status()).mode).toBe('DEEP_SCAN');
    });
  });
});
