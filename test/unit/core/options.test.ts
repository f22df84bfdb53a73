import { afterEach, describe, expect, it, vi } from 'vitest';
import { CyberFortressError } from '../../../src/core/errors.js';
import { rateLimitFigures, resolveOptions } from '../../../src/core/options.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('resolveOptions', () => {
  it('returns the documented defaults given no options', () => {
    vi.stubEnv('CYBERFORTRESS_API_KEY', '');
    vi.stubEnv('CYBERFORTRESS_BASE_URL', '');
    vi.stubEnv('CYBERFORTRESS_LOG', '');
    const resolved = resolveOptions({});
    expect(resolved).toMatchObject({
      apiKey: undefined,
      environment: 'production',
      baseURL: 'https://api.cyberfortress.io/v1',
      timeout: 60_000,
      maxRetries: 2,
      maxRetryAfter: 60_000,
      logLevel: 'off',
      validateResponses: true,
      dangerouslyAllowBrowser: false,
      rateLimit: undefined,
    });
    expect(resolved.fetch).toBe(globalThis.fetch);
    expect(resolved.logger).toBe(console);
  });

  it('returns the staging URL given environment staging, and the option over the environment', () => {
    vi.stubEnv('CYBERFORTRESS_BASE_URL', '');
    expect(resolveOptions({ environment: 'staging' }).baseURL).toBe(
      'https://api-staging.cyberfortress.io/v1',
    );
    expect(resolveOptions({ baseURL: 'http://127.0.0.1:4010/v1/' }).baseURL).toBe(
      'http://127.0.0.1:4010/v1',
    );
  });

  it('returns values from CYBERFORTRESS_* given environment variables', () => {
    vi.stubEnv('CYBERFORTRESS_API_KEY', 'cf_test_fromenv');
    vi.stubEnv('CYBERFORTRESS_BASE_URL', 'http://localhost:9/v1');
    vi.stubEnv('CYBERFORTRESS_LOG', 'DEBUG');
    expect(resolveOptions({})).toMatchObject({
      apiKey: 'cf_test_fromenv',
      baseURL: 'http://localhost:9/v1',
      logLevel: 'debug',
    });
    expect(resolveOptions({ oauth: { clientId: 'a', clientSecret: 'b' } }).apiKey).toBeUndefined();
  });

  it('throws a TypeError naming the option given malformed values', () => {
    expect(() => resolveOptions({ timeout: -1 })).toThrow(/`timeout`/);
    expect(() => resolveOptions({ maxRetries: 1.5 })).toThrow(/`maxRetries`/);
    expect(() => resolveOptions({ baseURL: 'not a url' })).toThrow(/`baseURL`/);
    expect(() => resolveOptions({ environment: 'dev' as never })).toThrow(/`environment`/);
    expect(() => resolveOptions({ logLevel: 'loud' as never })).toThrow(/`logLevel`/);
    expect(() => resolveOptions({ rateLimit: { plan: 'gold' as never } })).toThrow(
      /`rateLimit.plan`/,
    );
    expect(() => resolveOptions({ oauth: { clientId: 'x' } as never })).toThrow(
      /`oauth.clientSecret`/,
    );
    expect(() => resolveOptions({ appInfo: { name: 'x' } as never })).toThrow(/`appInfo`/);
    expect(() => resolveOptions({ apiKey: '' })).toThrow(TypeError);
    expect(() => resolveOptions(null as never)).toThrow(/`options`/);
  });

  it('throws CyberFortressError given an API key in a browser', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(() => resolveOptions({ apiKey: 'cf_live_x' })).toThrow(CyberFortressError);
    expect(() => resolveOptions({ apiKey: 'cf_live_x' })).toThrow(/OAuth access token/);
    expect(resolveOptions({ apiKey: 'cf_live_x', dangerouslyAllowBrowser: true }).apiKey).toBe(
      'cf_live_x',
    );
    expect(resolveOptions({ accessToken: 'eyJx.y.z' }).accessToken).toBe('eyJx.y.z');
  });
});

describe('rateLimitFigures', () => {
  it("returns the reference's table given a plan, and null for custom", () => {
    expect(rateLimitFigures({ plan: 'personal' })).toEqual({
      perSecond: 10,
      perHour: 10_000,
      burst: 50,
    });
    expect(rateLimitFigures({ plan: 'professional' })).toEqual({
      perSecond: 50,
      perHour: 50_000,
      burst: 200,
    });
    expect(rateLimitFigures({ plan: 'enterprise' })).toEqual({
      perSecond: 200,
      perHour: 200_000,
      burst: 1000,
    });
    expect(rateLimitFigures({ plan: 'custom' })).toBeNull();
    expect(rateLimitFigures({ perSecond: 1, perHour: 2, burst: 3 })).toEqual({
      perSecond: 1,
      perHour: 2,
      burst: 3,
    });
  });
});
