// The check of a 2xx body: the shape's compiled fast path gives the same camelCase copy as zod
// followed by camelizeJson on every body the mock serves, and zod (loaded only then) decides
// whatever the fast path cannot vouch for.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockServer } from '../../../mock-server/index.js';
import { camelizeJson } from '../../../src/core/case.js';
import { ResponseValidationError } from '../../../src/core/errors.js';
import { compileShape } from '../../../src/core/fast-path.js';
import { checkResponse } from '../../../src/core/response-check.js';
import type { ResponseShape } from '../../../src/core/shape.js';
import * as shapes from '../../../src/generated/shapes.gen.js';
import { CyberFortress } from '../../../src/index.js';
import { wireToken as token } from '../../fixtures/wire.js';

// Counts the bodies handed to zod, which the check imports only when it needs it.
const zodChecks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/core/validate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/core/validate.js')>();
  return {
    ...actual,
    validateResponse: (...args: Parameters<typeof actual.validateResponse>) => {
      zodChecks.count++;
      return actual.validateResponse(...args);
    },
  };
});

type Call = [ResponseShape, (client: CyberFortress) => Promise<unknown>];

/** One call per response shape that the mock can be asked for without setup. */
const CALLS: Record<string, Call> = {
  'GET /threats': [shapes.rListThreatsResponse, (c) => c.threats.list({ limit: 50 })],
  'GET /threats/{id}': [
    shapes.rGetThreatResponse,
    async (c) => c.threats.get(((await c.threats.list({ limit: 1 })).data[0] as { id: string }).id),
  ],
  'GET /monitoring/status': [shapes.rGetMonitoringStatusResponse, (c) => c.monitoring.status()],
  'POST /network/block': [
    shapes.rBlockTargetsResponse,
    (c) => c.network.block({ targets: [{ type: 'ip', value: '203.0.113.7' }], reason: 'test' }),
  ],
  'GET /network/blocks': [shapes.rListBlocksResponse, (c) => c.network.listBlocks()],
  'GET /api-keys': [shapes.rListApiKeysResponse, (c) => c.apiKeys.list()],
  'POST /webhooks': [
    shapes.rCreateWebhookResponse,
    (c) =>
      c.webhooks.create({
        url: 'https://soc.example.com/hooks',
        events: ['threat.critical'],
        secret: 'whsec_0123456789abcdef',
      }),
  ],
  'GET /webhooks': [shapes.rListWebhooksResponse, (c) => c.webhooks.list()],
  'POST /processes/quarantine': [
    shapes.rQuarantineProcessResponse,
    (c) =>
      c.processes.quarantine({
        processId: 4532,
        processName: 'suspicious.exe',
        action: 'TERMINATE_AND_QUARANTINE',
        collectMemoryDump: true,
      }),
  ],
  'POST /blockchain/wallet/scan': [
    shapes.rScanWalletResponse,
    (c) =>
      c.blockchain.wallet.scan({
        chain: 'ethereum',
        address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
        deepScan: true,
      }),
  ],
};

describe('checkResponse against the mock', () => {
  const mock = createMockServer({ seed: 11, plan: 'custom', logLevel: 'error' });
  let close: () => Promise<void> = async () => undefined;
  let client: CyberFortress;
  const bodies: string[] = [];

  beforeAll(async () => {
    const listening = await mock.listen({ port: 0, host: '127.0.0.1' });
    close = listening.close;
    client = new CyberFortress({
      apiKey: mock.credentials.apiKey,
      baseURL: `${listening.url}/v1`,
      maxRetries: 0,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        bodies.push(await response.clone().text());
        return response;
      },
    });
  });

  afterAll(() => close());

  it.each(Object.entries(CALLS))(
    'returns what zod and camelizeJson would, by the fast path, given %s',
    async (_, [response, call]) => {
      const result = await call(client);
      const wire: unknown = JSON.parse(bodies.at(-1) as string);

      expect(compileShape(response.shape)?.(wire)).toEqual(result);
      expect(result).toEqual(camelizeJson(wire));
      expect(zodChecks.count).toBe(0);
    },
  );

  it('agrees with zod that every body above is valid', async () => {
    const { safeParse } = await import('zod/v4/core');
    const schemas = (await import('../../../src/generated/zod.gen.js')) as unknown as Record<
      string,
      Parameters<typeof safeParse>[0]
    >;
    const names = Object.values(CALLS).map(([response]) => response.schema);
    expect(bodies.length).toBeGreaterThanOrEqual(names.length);
    for (const body of bodies) {
      const wire: unknown = JSON.parse(body);
      const accepted = names.filter((name) => safeParse(schemas[name]!, wire).success);
      expect(accepted.length).toBeGreaterThan(0);
    }
  });
});

describe('checkResponse when the fast path gives up', () => {
  const response = shapes.rCreateOAuthTokenResponse;

  it('keeps an unknown enum value and an unknown field, camelCased, as zod tolerates them', async () => {
    const body = { ...token, token_type: 'DPoP', expires_at: '2026-12-04T00:00:00Z' };
    expect(compileShape(response.shape)?.(body)).toBeUndefined();
    const before = zodChecks.count;
    await expect(checkResponse(response, body, {})).resolves.toEqual({
      ...camelizeJson<object>(token),
      tokenType: 'DPoP',
      expiresAt: '2026-12-04T00:00:00Z',
    });
    expect(zodChecks.count).toBe(before + 1);
  });

  it("throws zod's precise error given a wrong type", async () => {
    const error = await Promise.resolve(
      checkResponse(response, { ...token, expires_in: -5 }, { label: 'POST /oauth/token' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).message).toMatch(
      /^The response of POST \/oauth\/token does not match the API's schema at expires_in: /,
    );
  });

  it('names an existing zod schema in every generated response shape', async () => {
    const schemas = await import('../../../src/generated/zod.gen.js');
    const responses = Object.entries(shapes).filter(([name]) => name.startsWith('r'));
    expect(responses.length).toBeGreaterThan(20);
    for (const [name, value] of responses) {
      expect(Object.keys(schemas)).toContain((value as ResponseShape).schema);
      expect(`r${(value as ResponseShape).schema.slice(1)}`).toBe(name);
    }
  });
});
