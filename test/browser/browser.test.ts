// The SDK in a real browser: Debian's Chromium, driven by playwright-core, loads pages that
// bundle the SDK from src/. The pages come from a small server of their own (the dashboard's
// origin, with its backend's `/session`), and the mock listens on another port, so every API
// call, the stream included, crosses origins and the mock's CORS answers are what let it through.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer, type MockServer } from '../../mock-server/index.js';
import type { ListeningServer } from '../../mock-server/http/node.js';
import type { ApiKeyResults, DashboardResults } from './pages/results.js';

const CHROMIUM = '/usr/bin/chromium';
const PAGES = join(import.meta.dirname, 'pages');
const installed = existsSync(CHROMIUM);

/** The dashboard's origin: its pages, their scripts, and its backend's token endpoint. */
interface PageServer {
  origin: string;
  close(): Promise<void>;
}

async function bundlePages(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: { dashboard: join(PAGES, 'dashboard.ts'), 'api-key': join(PAGES, 'api-key.ts') },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/pages',
    logLevel: 'error',
  });
  return new Map(result.outputFiles.map((file) => [file.path, file.text]));
}

function html(script: string, config: Record<string, string>): string {
  // The config is JSON inside a script element: escape `<` so no value can close the element.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${script}</title></head><body>
<script>window.__config = ${json};</script>
<script type="module" src="/${script}.js"></script>
</body></html>`;
}

async function startPageServer(mock: MockServer, apiOrigin: string): Promise<PageServer> {
  const scripts = await bundlePages();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://pages').pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };

    if (path === '/dashboard.html') {
      send(200, 'text/html; charset=utf-8', html('dashboard', { apiOrigin }));
    } else if (path === '/api-key.html') {
      const config = { apiOrigin, apiKey: mock.credentials.apiKey };
      send(200, 'text/html; charset=utf-8', html('api-key', config));
    } else if (scripts.has(`/pages${path}`)) {
      send(200, 'text/javascript; charset=utf-8', scripts.get(`/pages${path}`) as string);
    } else if (path === '/session' && request.method === 'POST') {
      // The dashboard's backend: it keeps the client secret and hands the page a short-lived,
      // read-only access token, as the reference advises for browsers.
      const { clientId, clientSecret } = mock.credentials.oauth;
      fetch(`${apiOrigin}/v1/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope: 'threats:read',
        }),
      })
        .then(async (token) => {
          const body = (await token.json()) as { access_token: string };
          send(200, 'application/json', JSON.stringify({ accessToken: body.access_token }));
        })
        .catch((error: unknown) => send(502, 'text/plain', String(error)));
    } else {
      send(404, 'text/plain', 'not found');
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('browser: Chromium', () => {
  it('is installed (apt-get install chromium)', () => {
    // Locally the browser suite may be skipped; CI installs Chromium, so there it must run.
    if (!installed && !process.env.CI) {
      console.warn(
        `browser tests skipped: ${CHROMIUM} is missing; run \`apt-get install chromium\``,
      );
      return;
    }

    expect(existsSync(CHROMIUM)).toBe(true);
  });
});

describe.skipIf(!installed)('browser: the SDK in a page', () => {
  let mock: MockServer;
  let api: ListeningServer;
  let pages: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    mock = createMockServer({ seed: 42, logLevel: 'error' });
    api = await mock.listen({ port: 0, host: '127.0.0.1' });
    pages = await startPageServer(mock, api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await api?.close();
  });

  /** Opens a page and collects what it logs, so that a failure shows the page's side. */
  async function open(path: string): Promise<{ page: Page; logs: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
    await page.goto(`${pages.origin}${path}`);
    return { page, logs };
  }

  it('authenticates with a backend-minted OAuth token, lists threats, queries GraphQL and receives a stream event and a GraphQL subscription event across origins', async () => {
    // The list a server-side caller sees now, before the stream's threat is added.
    const expected = await fetch(`${api.url}/v1/threats?limit=5`, {
      headers: { authorization: `Bearer ${mock.credentials.apiKey}` },
    }).then(
      (response) => response.json() as Promise<{ data: { id: string; ip_address: string }[] }>,
    );
    const { page, logs } = await open('/dashboard.html');
    try {
      // Once the page's stream is open, a threat is detected on the server side.
      await page.waitForFunction(
        () => {
          const results = window.__results as DashboardResults | undefined;
          return results?.streamOpen === true || results?.done === true;
        },
        undefined,
        { timeout: 15_000 },
      );
      // …and the page's GraphQL subscription has reached the server.
      const deadline = Date.now() + 15_000;
      while (mock.graphql.stats().operations < 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const injected = mock.backend.threats.inject({
        threat_score: 93,
        threat_level: 'CRITICAL',
        country: 'KP',
      });
      await page.waitForFunction(() => window.__results?.done === true, undefined, {
        timeout: 15_000,
      });
      const results = (await page.evaluate(() => window.__results)) as DashboardResults;

      expect(results.error, logs.join('\n')).toBeUndefined();
      expect(new URL(results.pageOrigin).port).not.toBe(new URL(api.url).port);
      expect(results.apiOrigin).toBe(api.url);
      // An HS256 JWT: base64url of '{"' begins every one.
      expect(results.tokenPrefix).toBe('eyJ');

      // The same five threats the API gives a server-side caller, camelCased.
      expect(results.threats?.map((threat) => threat.id)).toEqual(
        expected.data.map((threat) => threat.id),
      );
      expect(results.threats?.[0]?.ipAddress).toBe(expected.data[0]?.ip_address);

      // Exposed headers: the page read the request id and the rate-limit snapshot.
      expect(results.detail?.id).toBe(expected.data[0]?.id);
      expect(results.detail?.requestId).toMatch(/^req_/);
      expect(results.detail?.rateLimitRemaining).toEqual(expect.any(Number));

      // The browser enforces CORS against the mock: a header outside its list is refused.
      expect(results.disallowedHeader).toMatchObject({ name: 'TypeError' });

      // GraphQL over HTTP from the page, across origins too.
      expect(results.graphqlThreat).toEqual({
        id: expected.data[0]?.id,
        ipAddress: expected.data[0]?.ip_address,
        threatLevel: expect.stringMatching(/^(LOW|MEDIUM|HIGH|CRITICAL)$/),
      });

      expect(results.streamThreat).toEqual({ id: injected.id, threatScore: 93, country: 'KP' });
      expect(results.subscriptionThreat).toEqual({
        id: injected.id,
        threatScore: 93,
        threatLevel: 'CRITICAL',
      });
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('refuses a long-lived API key without dangerouslyAllowBrowser', async () => {
    const { page, logs } = await open('/api-key.html');
    try {
      await page.waitForFunction(() => window.__results?.done === true, undefined, {
        timeout: 15_000,
      });
      const results = (await page.evaluate(() => window.__results)) as ApiKeyResults;

      expect(results.error, logs.join('\n')).toBeUndefined();
      expect(results.refused).toEqual({
        name: 'CyberFortressError',
        isCyberFortressError: true,
        message: expect.stringContaining(
          'Refusing to use an API key in a browser, where anyone who opens the page can read it.',
        ),
      });
      expect(results.refused?.message).toContain('dangerouslyAllowBrowser: true');
      // Opting in is the only thing between the page and the API.
      expect(results.allowedListed).toBe(2);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
