import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { safeParse } from 'zod/v4/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';
import { setupServer } from 'msw/node';
import { BROWSER_BUFFER, browserCrypto } from '../../scripts/browser-mock.js';
import { browserSchemas } from '../../scripts/browser-schemas.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { validateResponse } from '../../src/core/validate.js';
import * as miniSchemas from '../../src/generated/zod-mini.gen.js';

// The browser build (dist/browser, the `browser` condition) checks responses with the
// `zod/mini` schemas, and turns the sources' `zod` imports into `zod/mini`. These tests build
// modules the same way and run them, so that the swap cannot break the browser build unseen.

const root = join(import.meta.dirname, '../..');
let outdir: string;
const mock = createMockServer();
let origin: string;
let closeMock: () => Promise<void>;
let page: { data: Record<string, unknown>[] };

/** Bundles a source module as the browser build does and imports it. */
async function importBrowserBuild<T>(entry: string, mock = false): Promise<T> {
  const name = entry.replace(/\W+/g, '-');
  await build({
    absWorkingDir: root,
    entryPoints: { [name]: join(root, entry) },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
    // The mock's build: its packages stay imports, as in dist/mock-server/browser/msw.js.
    ...(mock
      ? { inject: [BROWSER_BUFFER], plugins: [browserCrypto()], packages: 'external' as const }
      : { plugins: [browserSchemas()] }),
  });
  return (await import(pathToFileURL(join(outdir, `${name}.mjs`)).href)) as T;
}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'cf-browser-build-'));
  const server = await mock.listen({ port: 0, host: '127.0.0.1' });
  origin = server.url;
  closeMock = server.close;
  const response = await fetch(`${origin}/v1/threats?limit=20`, {
    headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
  });
  page = (await response.json()) as typeof page;
});

afterAll(async () => {
  await closeMock();
  await rm(outdir, { recursive: true, force: true });
});

describe('the browser build', () => {
  it('lists threats from the mock, checked with zod/mini', { timeout: 60_000 }, async () => {
    const sdk = await importBrowserBuild<typeof import('../../src/index.js')>('src/index.ts');
    const client = new sdk.CyberFortress({
      apiKey: mock.credentials.apiKey,
      baseURL: `${origin}/v1`,
    });
    const listed = await client.threats.list({ limit: 20 });
    expect(listed.data).toHaveLength(20);
    expect(listed.data[0]?.ipAddress).toBe(page.data[0]?.ip_address);
  });

  it(
    'builds the stream event schemas and checks an event with them',
    { timeout: 60_000 },
    async () => {
      const protocol =
        await importBrowserBuild<typeof import('../../src/stream/protocol.js')>(
          'src/stream/protocol.ts',
        );
      const event = {
        type: 'threat_detected',
        channel: 'threats',
        sequence: 1,
        timestamp: '2025-01-15T14:30:00Z',
        threat: page.data[0],
      };
      expect(safeParse(protocol.EVENT_SCHEMAS.threat_detected, event).success).toBe(true);
      expect(
        safeParse(protocol.EVENT_SCHEMAS.threat_detected, { ...event, sequence: 0 }).success,
      ).toBe(false);
    },
  );
});

describe('validateResponse with the zod/mini schemas', () => {
  it('returns the page itself, unknown fields and enum values accepted', () => {
    const body = structuredClone(page);
    Object.assign(body.data[0] as object, { threat_level: 'EXTREME', brand_new: { nested: 1 } });
    expect(validateResponse(miniSchemas.zListThreatsResponse, body)).toBe(body);
    expect(body.data[0]).toHaveProperty('brand_new');
  });

  it('throws ResponseValidationError naming the path of a wrong type', () => {
    const body = structuredClone(page);
    Object.assign(body.data[3] as object, { threat_score: 'high' });
    const error = (() => {
      try {
        validateResponse(miniSchemas.zListThreatsResponse, body, { label: 'GET /threats' });
      } catch (caught) {
        return caught;
      }
    })() as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0]?.path).toEqual(['data', 3, 'threat_score']);
    expect(error.message).toContain('data[3].threat_score');
  });
});

describe('the browser build of @cyberfortress/sdk/mock/msw', () => {
  it(
    'serves threats, API keys and OAuth tokens with its node:crypto and Buffer stand-ins',
    { timeout: 60_000 },
    async () => {
      const entry = await importBrowserBuild<typeof import('../../mock-server/msw-entry.js')>(
        'mock-server/msw-entry.ts',
        true,
      );
      const mockHandlers = entry.createMockHandlers({ baseUrl: 'https://api.cyberfortress.io' });
      const server = setupServer(...mockHandlers.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      try {
        const { CyberFortress } = await import('../../src/index.js');
        const baseURL = 'https://api.cyberfortress.io/v1';
        const client = new CyberFortress({ apiKey: mockHandlers.credentials.apiKey, baseURL });
        expect((await client.threats.list({ limit: 5 })).data).toHaveLength(5);

        // An API key is stored by its SHA-256; the new key then authenticates.
        const created = await client.apiKeys.create({
          name: 'SIEM',
          permissions: ['threats:read'],
        });
        const withKey = new CyberFortress({ apiKey: created.apiKey, baseURL });
        expect((await withKey.threats.list({ limit: 1 })).data).toHaveLength(1);

        // OAuth tokens are HMAC-signed and base64url-encoded; the token then authenticates.
        const token = await client.oauth.token(mockHandlers.credentials.oauth);
        const withToken = new CyberFortress({ accessToken: token.accessToken, baseURL });
        expect((await withToken.threats.list({ limit: 2 })).data).toHaveLength(2);
      } finally {
        server.close();
      }
    },
  );
});
