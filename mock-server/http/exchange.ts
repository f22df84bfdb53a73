/**
 * The transport-neutral request and response the pipeline works on. The node listener builds
 * them straight from `IncomingMessage` (building a Fetch `Request` per request costs more than
 * the routing), and the msw path converts from and to Fetch objects; both then run the same code.
 */

/** The largest request body the mock reads: 1 MiB, as the model's PAYLOAD_TOO_LARGE says. */
export const MAX_BODY_BYTES = 1024 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Methods whose body the transports read; a GET's body is never looked at. */
export function methodHasBody(method: string): boolean {
  return BODY_METHODS.has(method);
}

export interface MockRequest {
  /** Upper case, as sent. */
  method: string;
  /** Path without the query, as sent (percent-encoded). */
  pathname: string;
  /** `?limit=20`, or `''`. */
  search: string;
  /** `http://127.0.0.1:4010`: the origin the client used, for absolute URLs in bodies. */
  origin: string;
  /** A header by lower-case name. */
  header(name: string): string | undefined;
  /** The body bytes; `null` when none was sent or the method has none. */
  body: Uint8Array | null;
  /** True when the body was longer than `MAX_BODY_BYTES` (by Content-Length or as read). */
  bodyTooLarge: boolean;
  clientIp: string;
  /** The request as a Fetch `Request`, built on first use only. */
  toRequest(): Request;
}

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** True when a Content-Length header already says the body is too large. */
export function declaredTooLarge(contentLength: string | null | undefined): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
}

/**
 * Reads a stream into one buffer, stopping (and cancelling the stream) once it passes
 * `MAX_BODY_BYTES`, so a huge upload costs at most a little over the cap in memory.
 */
async function readCapped(
  stream: ReadableStream<Uint8Array>,
): Promise<{ body: Uint8Array | null; tooLarge: boolean }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Not awaited: under msw the cancel of an intercepted request body can stay pending
      // forever, and the answer (413) must not wait for the rest of an upload it refuses.
      void reader.cancel().catch(() => undefined);
      return { body: null, tooLarge: true };
    }

    chunks.push(value);
  }

  if (size === 0) return { body: null, tooLarge: false };
  return {
    body: chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks),
    tooLarge: false,
  };
}

/** Converts a Fetch `Request` (msw, `handle()`) into the pipeline's request. */
export async function fromFetchRequest(request: Request, clientIp: string): Promise<MockRequest> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  let body: Uint8Array | null = null;
  let tooLarge = declaredTooLarge(request.headers.get('content-length'));
  if (!tooLarge && request.body && methodHasBody(method)) {
    ({ body, tooLarge } = await readCapped(request.body));
  }

  return {
    method,
    pathname: url.pathname,
    search: url.search,
    origin: url.origin,
    header: (name) => request.headers.get(name) ?? undefined,
    body,
    bodyTooLarge: tooLarge,
    clientIp,
    // The original's body stream is spent; handlers get a copy that carries the bytes read.
    toRequest: () =>
      new Request(request.url, {
        method,
        headers: request.headers,
        body: body as BodyInit | null,
      }),
  };
}

/** Converts the pipeline's response into a Fetch `Response`. */
export function toFetchResponse(response: MockResponse): Response {
  return new Response(response.body as BodyInit | null, {
    status: response.status,
    headers: response.headers,
  });
}
