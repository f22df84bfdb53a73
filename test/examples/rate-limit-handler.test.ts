// examples/integrations/rate-limit-handler.ts against the real mock on the personal plan (10
// requests a second, bursts of 50). Most waits move the mock's frozen clock instead of sleeping;
// one test waits real seconds to show the whole path end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CyberFortressService,
  type ServiceLogger,
} from '../../examples/integrations/rate-limit-handler.js';
import { InvalidRequestError, RateLimitError, type CyberFortress } from '../../src/index.js';
import { startMock, type RunningMock } from './support.js';

const IP = '203.0.113.42';

function recordingLogger(): ServiceLogger & { warnings: string[]; errors: unknown[] } {
  const warnings: string[] = [];
  const errors: unknown[] = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (_m, e) => errors.push(e),
  };
}

/** Spends the whole burst, so that the next request is refused with 429. */
async function spendBurst(client: CyberFortress): Promise<void> {
  await Promise.all(Array.from({ length: 50 }, () => client.threats.check(IP)));
}

async function counters(origin: string): Promise<{ rate_limited: number; requests: number }> {
  return (await (await fetch(`${origin}/__mock/counters`)).json()) as {
    rate_limited: number;
    requests: number;
  };
}

let frozen: RunningMock;
beforeAll(async () => {
  frozen = await startMock({ plan: 'personal', frozenClock: true });
  // The control API takes no rate limit: the address becomes a known threat for free.
  await frozen.inject({ ip_address: IP, threat_score: 92 });
});

afterAll(async () => {
  await frozen.close();
});

/** A sleep that moves the frozen mock clock by the time asked for, and remembers it. */
function clockSleep(origin: string) {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    await fetch(`${origin}/__mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: ms }),
    });
  };
  return { waits, sleep };
}

describe('examples/integrations/rate-limit-handler', () => {
  it('waits the retryAfter of a 429 and then returns the check', async () => {
    const client = frozen.client({ maxRetries: 0 });
    const logger = recordingLogger();
    const { waits, sleep } = clockSleep(frozen.origin);
    const service = new CyberFortressService({ client, logger, sleep });
    await spendBurst(client);
    const before = await counters(frozen.origin);

    // The refusal the service will meet, seen first by hand.
    const refusal = await client.threats.check(IP).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitError);
    const retryAfter = (refusal as RateLimitError).retryAfter!;
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    const check = await service.checkThreat(IP);

    expect(waits).toEqual([retryAfter * 1000]);
    expect(logger.warnings).toEqual([`Rate limited. Waiting ${retryAfter}s`]);
    expect(check).toMatchObject({ ip: IP, isThreat: true, threatScore: 92, threatCount: 1 });
    const after = await counters(frozen.origin);
    // The hand-made refusal, the service's refused try, and its successful one.
    expect(after.rate_limited - before.rate_limited).toBe(2);
    expect(after.requests - before.requests).toBe(3);
  });

  it('gives up with the RateLimitError after maxWaits waits when the limit never lifts', async () => {
    const client = frozen.client({ maxRetries: 0 });
    const logger = recordingLogger();
    const waits: number[] = [];
    // A sleep that lets no time pass on the frozen clock: the bucket never refills.
    const service = new CyberFortressService({
      client,
      logger,
      maxWaits: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    await spendBurst(client).catch(() => undefined);

    await expect(service.checkThreat(IP)).rejects.toBeInstanceOf(RateLimitError);
    expect(waits).toHaveLength(2);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.errors[0]).toBeInstanceOf(RateLimitError);
  });

  it('logs and throws an error that is not a rate limit, without waiting', async () => {
    const logger = recordingLogger();
    const { waits, sleep } = clockSleep(frozen.origin);
    await fetch(`${frozen.origin}/__mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: '1m' }),
    });
    const service = new CyberFortressService({
      client: frozen.client({ maxRetries: 0 }),
      logger,
      sleep,
    });

    await expect(service.checkThreat('not-an-ip')).rejects.toBeInstanceOf(InvalidRequestError);
    expect(waits).toEqual([]);
    expect(logger.errors[0]).toBeInstanceOf(InvalidRequestError);
  });

  it('lets a burst of 60 concurrent checks all succeed, each refused one after a real wait', async () => {
    const live = await startMock({ plan: 'personal' });
    try {
      await live.inject({ ip_address: IP, threat_score: 71 });
      const logger = recordingLogger();
      const service = new CyberFortressService({ client: live.client({ maxRetries: 0 }), logger });
      const started = Date.now();

      // Ten more than the burst of 50, at once: about ten are refused and wait their turn.
      const checks = await Promise.all(Array.from({ length: 60 }, () => service.checkThreat(IP)));

      expect(checks.every((check) => check.ip === IP && check.threatScore === 71)).toBe(true);
      const refused = (await counters(live.origin)).rate_limited;
      expect(refused).toBeGreaterThan(0);
      // Each refusal was waited out once, as long as the API asked (one second on this plan).
      expect(logger.warnings).toHaveLength(refused);
      expect(new Set(logger.warnings)).toEqual(new Set(['Rate limited. Waiting 1s']));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      await live.close();
    }
  });
});
