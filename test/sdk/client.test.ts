import { afterEach, describe, expect, it, vi } from 'vitest';
import DefaultExport, { CyberFortress } from '../../src/index.js';
import { describeEachTarget } from './support.js';

describe('CyberFortress', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the default export and a named export', () => {
    expect(DefaultExport).toBe(CyberFortress);
  });

  it('uses the production URL given no base URL', () => {
    vi.stubEnv('CYBERFORTRESS_BASE_URL', '');
    expect(new CyberFortress({ apiKey: 'k' }).baseURL).toBe('https://api.cyberfortress.io/v1');
    expect(new CyberFortress({ apiKey: 'k', environment: 'staging' }).baseURL).toBe(
      'https://api-staging.cyberfortress.io/v1',
    );
  });

  it('makes each resource once, on first access', () => {
    const client = new CyberFortress({ apiKey: 'k' });
    expect(client.threats.constructor.name).toBe('Threats');
    expect(client.threats).toBe(client.threats);
    expect(client.blockchain.wallet).toBe(client.blockchain.wallet);
  });

  it('throws a TypeError naming the option given a malformed option', () => {
    expect(() => new CyberFortress({ apiKey: 'k', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new CyberFortress(null as never)).toThrow(TypeError);
  });

  it('does not show the API key given the client is inspected', () => {
    const client = new CyberFortress({ apiKey: 'cf_live_secretsecretsecretsecret' });
    expect(JSON.stringify(client)).not.toContain('secretsecret');
  });
});

describe('CyberFortress.withOptions', () => {
  it('returns a new client with the new options laid over the old ones', () => {
    const client = new CyberFortress({ apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1' });
    const other = client.withOptions({ environment: 'staging', baseURL: undefined });
    expect(other).not.toBe(client);
    expect(other).toBeInstanceOf(CyberFortress);
    expect(client.baseURL).toBe('http://127.0.0.1:1/v1');
    expect(other.threats).not.toBe(client.threats);
  });

  it('is not affected by later changes to the object passed in', () => {
    const appInfo = { name: 'siem-bridge', version: '1.0.0' };
    const options = { apiKey: 'k', appInfo, baseURL: 'http://127.0.0.1:1/v1' };
    const client = new CyberFortress(options);
    options.baseURL = 'http://127.0.0.1:2/v1';
    appInfo.name = 'changed';
    expect(client.withOptions({}).baseURL).toBe('http://127.0.0.1:1/v1');
  });
});

describeEachTarget(
  'client state',
  (target) => {
    describe('client.rateLimit', () => {
      it('returns the last snapshot given a call, and none on a fresh withOptions clone', async () => {
        const client = target().client();
        expect(client.rateLimit).toBeUndefined();
        await client.monitoring.status();
        expect(client.rateLimit).toMatchObject({ limit: 50, burstLimit: 200 });
        const clone = client.withOptions({ maxRetries: 0 });
        expect(clone.rateLimit).toBeUndefined();
      });
    });

    describe('client request headers', () => {
      it("sends the reference's required headers given appInfo", async () => {
        const seen: Headers[] = [];
        const fetchSpy: typeof fetch = (input, init) => {
          seen.push(
            new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)),
          );
          return fetch(input, init);
        };
        const client = target().client({
          appInfo: { name: 'your-app', version: '1.0.0' },
          fetch: fetchSpy,
        });
        await client.monitoring.status();
        const headers = seen[0]!;
        expect(headers.get('accept')).toBe('application/json');
        expect(headers.get('x-api-version')).toBe('1.0');
        expect(headers.get('x-client-version')).toBe('your-app/1.0.0');
        expect(headers.get('authorization')).toBe(`Bearer ${target().mock.credentials.apiKey}`);
      });
    });
  },
  { plan: 'professional' },
);
