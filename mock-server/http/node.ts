/**
 * The `node:http` listener: serves the pipeline on a real port. It builds the pipeline's request
 * straight from `IncomingMessage` (a Fetch `Request` is made only when a handler asks for one)
 * and writes the answer back as one buffer, because this path is benchmarked.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  declaredTooLarge,
  MAX_BODY_BYTES,
  methodHasBody,
  type MockRequest,
  type MockResponse,
} from './exchange.js';
import type { MockLogger } from './log.js';

/** How much of an oversized upload we drain before giving up on the connection. */
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

/** Where `listen()` serves the mock. */
export interface NodeListenOptions {
  /** @default 4010 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A mock serving on a real port. */
export interface ListeningServer {
  /** `http://127.0.0.1:4010`: the origin, without `/v1`. */
  url: string;
  /** The port it listens on (the one the OS picked when asked for 0). */
  port: number;
  /** The underlying server, for attaching `upgrade` handlers (WebSocket stream, GraphQL). */
  server: Server;
  /** Stops accepting connections and ends open keep-alive sockets. */
  close(): Promise<void>;
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IP whitelists compare plain IPv4 addresses. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function headerValue(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

interface ReadBody {
  body: Uint8Array | null;
  tooLarge: boolean;
}

const NO_BODY: ReadBody = { body: null, tooLarge: false };

/**
 * Reads the body with the 1 MiB cap. Past the cap it keeps reading and discarding (up to a
 * limit) rather than resetting the connection, so the client sees the 413 instead of an error.
 */
function readBody(message: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (settled) {
        if (size > DRAIN_LIMIT_BYTES) message.destroy();
        return;
      }

      if (size > MAX_BODY_BYTES) {
        settled = true;
        chunks.length = 0;
        resolve({ body: null, tooLarge: true });
        return;
      }

      chunks.push(chunk);
    });

    message.on('end', () => {
      if (settled) return;
      settled = true;
      if (size === 0) resolve(NO_BODY);
      else
        resolve({
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
          tooLarge: false,
        });
    });

    message.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

function toMockRequest(message: IncomingMessage, origin: string, read: ReadBody): MockRequest {
  const target = message.url ?? '/';
  const query = target.indexOf('?');
  const method = message.method ?? 'GET';
  return {
    method,
    pathname: query === -1 ? target : target.slice(0, query),
    search: query === -1 ? '' : target.slice(query),
    origin,
    header: (name) => headerValue(message, name),
    body: read.body,
    bodyTooLarge: read.tooLarge,
    clientIp: normalizeAddress(message.socket.remoteAddress),
    toRequest: () => {
      const headers = new Headers();
      const raw = message.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2)
        headers.append(raw[i] as string, raw[i + 1] as string);
      return new Request(origin + target, { method, headers, body: read.body as BodyInit | null });
    },
  };
}

function writeResponse(res: ServerResponse, response: MockResponse, close: boolean): void {
  const body = response.body;
  const headers: Record<string, string | number> = response.headers;
  // The listener owns the framing: a handler's own Content-Length (any case) would be sent twice.
  delete headers['content-length'];
  delete headers['Content-Length'];
  if (body !== null) {
    headers['Content-Length'] =
      typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  }

  if (close) headers['Connection'] = 'close';
  res.writeHead(response.status, headers);
  res.end(body ?? undefined);
}

/**
 * Creates (without starting) a server that answers every request with `pipeline`.
 * @param fallbackOrigin the listen address, for requests without a Host header
 */
export function createNodeServer(
  pipeline: (request: MockRequest) => Promise<MockResponse>,
  log: MockLogger,
  fallbackOrigin: () => string,
): Server {
  const server = createServer({ keepAlive: true }, (message, res) => {
    const host = message.headers.host;
    const origin = host ? `http://${host}` : fallbackOrigin();
    const method = message.method ?? 'GET';

    // Bodies are read only for methods that have one, and not at all when Content-Length is over the cap.
    const tooLarge = declaredTooLarge(message.headers['content-length']);
    const reading = tooLarge
      ? Promise.resolve({ body: null, tooLarge: true })
      : methodHasBody(method)
        ? readBody(message)
        : Promise.resolve(NO_BODY);

    reading
      .then((read) =>
        pipeline(toMockRequest(message, origin, read)).then((response) =>
          writeResponse(res, response, read.tooLarge),
        ),
      )
      .catch((error: unknown) => {
        // The pipeline answers every error itself; this is a broken socket or a bug in this file.
        log.error(
          'listener failed to answer a request:',
          error instanceof Error ? (error.stack ?? error.message) : error,
        );
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json', Connection: 'close' });
          res.end(
            '{"error":{"code":"INTERNAL_ERROR","message":"The mock server failed to answer"}}',
          );
        } else {
          res.destroy();
        }
      });
  });

  // Keep idle keep-alive sockets a little longer than common client pools do.
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Starts `server` on `host:port` and resolves once it accepts connections. */
export async function startNodeServer(
  server: Server,
  { port = 4010, host = '127.0.0.1' }: NodeListenOptions = {},
): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold `close` open until they time out.
        server.closeAllConnections();
      });

      return closing;
    },
  };
}
