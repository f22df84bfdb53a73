/**
 * The reference's webhook receiver (Best Practices, Webhook Security) on `node:http`: `POST
 * /webhook` answers 401 when `X-CyberFortress-Signature` is missing or the signature does not
 * match the raw body, and otherwise processes the payload and answers 200 with an empty body.
 *
 * The signature is checked by the SDK's `verifyWebhook` on the raw bytes, in constant time.
 * CyberFortress also signs each delivery with the Standard Webhooks headers, whose signed
 * timestamp `verifyWebhook` checks as well, so that a captured delivery cannot be replayed hours
 * later. (`examples/webhooks/` holds fuller receivers: Express, a Web `Request` handler, and a
 * guard against the same delivery arriving twice.)
 *
 * Against the bundled mock, which forwards each of its events to a local URL as a signed
 * delivery:
 *
 *   WEBHOOK_SECRET=your_webhook_secret npx tsx examples/integrations/webhook-receiver.ts
 *   npm run mock -- listen --forward-to http://127.0.0.1:3000/webhook \
 *     --secret your_webhook_secret --events-per-second 1             # in another terminal
 *
 * (or create a webhook with `client.webhooks.create({ url, events, secret })` and send it a test
 * with `client.webhooks.test(id)`). PORT changes the port (default 3000).
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWebhookVerificationError, verifyWebhook } from '../../src/webhooks/index.js';
import { isMain, requireEnv, untilInterrupted } from './shared.js';

/** What the receiver takes. */
export interface WebhookReceiverOptions {
  /** The secret the webhook was created with. */
  secret: string;
  /** Processes one verified payload (parsed JSON); throwing answers 500 so that it is retried. */
  processThreat: (payload: Record<string, unknown>) => void | Promise<void>;
  /** @default 3000 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A receiver that is listening. */
export interface RunningWebhookReceiver {
  /** The URL to register, ending in `/webhook`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

function rawBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The request handler: verify, then process, as the reference's route does. */
export function createWebhookServer(options: WebhookReceiverOptions): Server {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (path !== '/webhook') return void response.writeHead(404).end();
    if (request.method !== 'POST') return void response.writeHead(405, { Allow: 'POST' }).end();

    // Verify signature: none, or one that does not match the raw body, is a 401.
    const payload = await rawBody(request);
    if (request.headers['x-cyberfortress-signature'] === undefined) {
      return void response.writeHead(401).end();
    }

    try {
      await verifyWebhook({ payload, headers: request.headers, secret: options.secret });
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      return void response.writeHead(401).end();
    }

    // Process webhook
    try {
      await options.processThreat(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
    } catch (error) {
      console.error('Processing a webhook failed:', error);
      return void response.writeHead(500).end();
    }

    response.writeHead(200).end();
  });
}

/** Starts the receiver and resolves once it listens. */
export async function startWebhookReceiver(
  options: WebhookReceiverOptions,
): Promise<RunningWebhookReceiver> {
  const { port = 3000, host = '127.0.0.1' } = options;
  const server = createWebhookServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });

  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/webhook`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (isMain(import.meta.url)) {
  const receiver = await startWebhookReceiver({
    secret: requireEnv('WEBHOOK_SECRET'),
    port: Number(process.env.PORT ?? 3000),
    processThreat: (payload) => console.log(payload.event, JSON.stringify(payload.data)),
  });
  console.log(`Receiving CyberFortress webhooks on ${receiver.url}; Ctrl-C stops.`);
  await untilInterrupted();
  await receiver.close();
}
