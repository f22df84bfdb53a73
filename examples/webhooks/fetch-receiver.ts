/**
 * A CyberFortress webhook receiver as a Web `Request` handler: the `export default { fetch }`
 * shape that Bun, Deno (`deno serve`) and Cloudflare Workers run as it is, verifying every
 * delivery with the SDK (Web Crypto only, no Node API).
 *
 * The raw body is `await request.text()`; never `request.json()`, whose result can no longer be
 * verified.
 *
 *   WEBHOOK_SECRET=your_webhook_secret_value bun examples/webhooks/fetch-receiver.ts
 *   WEBHOOK_SECRET=your_webhook_secret_value npx tsx examples/webhooks/fetch-receiver.ts   (Node)
 *
 * In your own app, import from `@cyberfortress/sdk/webhooks` instead of the source path.
 */

import {
  ReplayedDeliveryError,
  constructEvent,
  createReplayGuard,
  isWebhookVerificationError,
  type ParsedWebhookEvent,
} from '../../src/webhooks/index.js';

export interface FetchReceiverOptions {
  /** The webhook's secret, or the old and new ones while rotating. */
  secret: string | string[];
  /** What to do with each verified event. Throwing answers 500, so CyberFortress retries. */
  onEvent?: (event: ParsedWebhookEvent) => void | Promise<void>;
}

/** A `fetch` handler that accepts verified deliveries on `POST /webhook`. */
export function createWebhookHandler(
  options: FetchReceiverOptions,
): (request: Request) => Promise<Response> {
  const replayGuard = createReplayGuard();

  return async (request) => {
    if (new URL(request.url).pathname !== '/webhook') return new Response(null, { status: 404 });
    if (request.method !== 'POST') return new Response(null, { status: 405 });

    let event: ParsedWebhookEvent;
    try {
      event = await constructEvent({
        payload: await request.text(),
        headers: request.headers,
        secret: options.secret,
        replayGuard,
      });
    } catch (error) {
      // A delivery seen before was handled then: say so, or CyberFortress keeps retrying it.
      if (error instanceof ReplayedDeliveryError) return new Response('duplicate');
      if (isWebhookVerificationError(error)) {
        return Response.json({ error: error.code, message: error.message }, { status: 400 });
      }

      throw error;
    }

    try {
      await options.onEvent?.(event);
    } catch {
      // Let the retry through the replay guard, since this copy was not handled.
      if (event.deliveryId !== undefined) replayGuard.release(event.deliveryId);
      return new Response(null, { status: 500 });
    }

    return new Response(null, { status: 204 });
  };
}

/** The secret from a Worker's `env`, or from the process environment in Bun, Deno and Node. */
function secretFrom(env: { WEBHOOK_SECRET?: string } | undefined): string {
  const processEnv = (globalThis as { process?: { env: Record<string, string | undefined> } })
    .process?.env;
  const secret = env?.WEBHOOK_SECRET ?? processEnv?.WEBHOOK_SECRET;
  if (!secret) throw new Error('Set WEBHOOK_SECRET to the secret the webhook was created with');
  return secret;
}

let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env?: { WEBHOOK_SECRET?: string }): Promise<Response> {
    handler ??= createWebhookHandler({
      secret: secretFrom(env),
      onEvent: (event) => console.log(event.event, event.known ? event.data : '(unknown event)'),
    });
    return handler(request);
  },
};

export interface RunningReceiver {
  /** The webhook URL to register, ending in `/webhook`. */
  url: string;
  /** Every event accepted so far, in order. */
  events: ParsedWebhookEvent[];
  close(): Promise<void>;
}

/**
 * Serves the handler on Node, which has no `serve(fetch)` of its own: a small `node:http`
 * adapter, loaded only here so that the handler above stays free of Node APIs.
 */
export async function startFetchReceiver(
  options: FetchReceiverOptions & { port?: number; host?: string },
): Promise<RunningReceiver> {
  const { createServer } = await import('node:http');
  const { port = 3000, host = '127.0.0.1' } = options;
  const events: ParsedWebhookEvent[] = [];
  const handle = createWebhookHandler({
    secret: options.secret,
    onEvent: async (event) => {
      await options.onEvent?.(event);
      events.push(event);
    },
  });

  const server = createServer((incoming, outgoing) => {
    const chunks: Uint8Array[] = [];
    incoming.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item);
      }

      const method = incoming.method ?? 'GET';
      const request = new Request(`http://${host}${incoming.url ?? '/'}`, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });

      const response = await handle(request).catch(() => new Response(null, { status: 500 }));
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });

  const address = server.address() as { port: number };
  return {
    url: `http://${host}:${address.port}/webhook`,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Run directly on Node: `tsx examples/webhooks/fetch-receiver.ts`. Bun and Deno serve the
// default export themselves.
const argv = (globalThis as { process?: { argv: string[] } }).process?.argv;
const servesItself = 'Bun' in globalThis || 'Deno' in globalThis;
if (
  !servesItself &&
  argv?.[1] !== undefined &&
  import.meta.url.endsWith(argv[1].replace(/\\/g, '/'))
) {
  const receiver = await startFetchReceiver({
    secret: secretFrom(undefined),
    port: Number(
      (globalThis as { process?: { env: Record<string, string> } }).process?.env.PORT ?? 3000,
    ),
    onEvent: (event) => console.log(event.event, event.known ? event.data : '(unknown event)'),
  });
  console.log(`Receiving CyberFortress webhooks on ${receiver.url}`);
}
