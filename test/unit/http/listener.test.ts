import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from '../../../mock-server/http/node.js';
import { normalizeAddress } from '../../../mock-server/http/node.js';
import { createFakeMock } from './support.js';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with node:http, for what fetch cannot send (a lying Content-Length, chunked uploads). */
function raw(
  url: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string | number>;
    chunks?: Buffer[];
  },
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('node listener', () => {
  const mock = createFakeMock({ plan: 'personal' });
  let server: ListeningServer;
  const auth = { authorization: 'Bearer tok_all' };

  beforeAll(async () => {
    server = await mock.runtime.listen({ port: 0 });
  });

  afterAll(() => server.close());

  it('listens on 127.0.0.1 and reports the URL and port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the same state as the in-process handler', async () => {
    await mock.send('POST', '/__mock/threats', {
      token: null,
      json: { ip_address: '198.51.100.1' },
    });
    const response = await fetch(`${server.url}/v1/threats?limit=5`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{12}$/);
    expect(response.headers.get('x-ratelimit-limit')).toBe('10');
    const body = await response.json();
    expect(body.data[0]).toMatchObject({ ip_address: '198.51.100.1' });
  });

  it('takes the origin from the Host header and builds the Fetch request on demand', async () => {
    const response = await fetch(`${server.url}/v1/whoami?a=1`, { headers: auth });
    const body = await response.json();
    expect(body).toMatchObject({
      origin: server.url,
      url: `${server.url}/v1/whoami?a=1`,
      ip: '127.0.0.1',
    });
  });

  it('reads JSON bodies and runs the whole pipeline', async () => {
    const response = await fetch(`${server.url}/v1/threats`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        ip_address: '203.0.113.42',
        threat_type: 'PHISHING',
        confidence: 0.7,
        bogus: true,
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual([
      { field: 'bogus', issue: 'Unknown field' },
    ]);
  });

  it('answers 413 from Content-Length without reading the body', async () => {
    const reply = await raw(server.url, {
      method: 'POST',
      path: '/v1/threats',
      headers: { ...auth, 'content-type': 'application/json', 'content-length': 2 * 1024 * 1024 },
      chunks: [Buffer.from('{"a":')],
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 to a chunked upload that passes 1 MiB', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const reply = await raw(server.url, {
      method: 'POST',
      path: '/v1/threats',
      headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: Array.from({ length: 24 }, () => chunk),
    });
    expect(reply.status).toBe(413);
  });

  it('passes binary responses through', async () => {
    const response = await fetch(`${server.url}/v1/evidence/ev9/content`, { headers: auth });
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe('3');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('answers 404 and 405 over the socket', async () => {
    expect((await fetch(`${server.url}/v1/nope`)).status).toBe(404);
    const wrong = await fetch(`${server.url}/v1/threats`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(`${server.url}/`)).status).toBe(404);
  });

  it('keeps connections alive between requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${server.url}/__mock/health`, { agent }, (res) => {
          ports.add(res.socket.localPort ?? 0);
          expect(res.headers.connection).toBe('keep-alive');
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    }

    agent.destroy();
    expect(ports.size).toBe(1);
  });
});

describe('closing', () => {
  it('ends open keep-alive sockets so close resolves at once', async () => {
    const mock = createFakeMock();
    const server = await mock.runtime.listen({ port: 0 });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve) => {
      httpRequest(`${server.url}/__mock/health`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).end();
    });

    const started = Date.now();
    await server.close();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });

  it('rejects when the port is taken', async () => {
    const mock = createFakeMock();
    const first = await mock.runtime.listen({ port: 0 });
    await expect(mock.runtime.listen({ port: first.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await first.close();
  });
});

describe('normalizeAddress', () => {
  it('strips the IPv4-mapped prefix', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress(undefined)).toBe('0.0.0.0');
  });
});
