/**
 * A CyberFortress webhook receiver in Express, verifying every delivery with the SDK.
 *
 * The one thing to get right: verify the raw body. `express.raw({ type: 'application/json' })`
 * on this route hands the handler the body as a Buffer, exactly as it was signed; `express.json()`
 * would parse it, and a parsed body can no longer be verified.
 *
 * Run it (then point a webhook at it, or `npx cyberfortress-mock listen --forward-to
 * http://localhost:3000/webhook`):
 *
 *   WEBHOOK_SECRET=your_webhook_secret_value npx tsx examples/webhooks/express-receiver.ts
 *
 * In your own app, import from `@cyberfortress/sdk/webhooks` instead of the source path.
 */

import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  ReplayedDeliveryError,
  constructEvent,
  createReplayGuard,
  isWebhookVerificationError,
  type ParsedWebhookEvent,
} from '../../src/webhooks/index.js';

export interface ExpressReceiverOptions {
  /** The webhook's secret, or the old and new ones while rotating. */
  secret: string | string[];
  /** @default 3000 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** What to do with each verified event. Throwing answers 500, so CyberFortress retries. */
  onEvent?: (event: ParsedWebhookEvent) => void | Promise<void>;
}

export interface RunningReceiver {
  /** The webhook URL to register, ending in `/webhook`. */
  url: string;
  /** Every event accepted so far, in order. */
  events: ParsedWebhookEvent[];
  close(): Promise<void>;
}

/** The Express app with its one route, `POST /webhook`. */
export function createExpressApp(
  options: ExpressReceiverOptions,
  events: ParsedWebhookEvent[] = [],
) {
  const app = express();
  const replayGuard = createReplayGuard();

  app.post('/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
    let event: ParsedWebhookEvent;
    try {
      event = await constructEvent({
        payload: req.body as Buffer,
        headers: req.headers,
        secret: options.secret,
        replayGuard,
      });
    } catch (error) {
      // A delivery seen before was handled then: say so, or CyberFortress keeps retrying it.
      if (error instanceof ReplayedDeliveryError) return void res.status(200).send('duplicate');
      if (isWebhookVerificationError(error)) {
        return void res.status(400).json({ error: error.code, message: error.message });
      }

      throw error;
    }

    try {
      await options.onEvent?.(event);
    } catch {
      // Let the retry through the replay guard, since this copy was not handled.
      if (event.deliveryId !== undefined) replayGuard.release(event.deliveryId);
      return void res.sendStatus(500);
    }

    events.push(event);
    res.sendStatus(204);
  });

  return app;
}

/** Starts the receiver; resolves once it listens. */
export async function startExpressReceiver(
  options: ExpressReceiverOptions,
): Promise<RunningReceiver> {
  const { port = 3000, host = '127.0.0.1' } = options;
  const events: ParsedWebhookEvent[] = [];
  const app = createExpressApp(options, events);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening));
    listening.once('error', reject);
  });

  const address = server.address() as AddressInfo;
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

// Run directly: `tsx examples/webhooks/express-receiver.ts`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error('Set WEBHOOK_SECRET to the secret the webhook was created with');
  const receiver = await startExpressReceiver({
    secret,
    port: Number(process.env.PORT ?? 3000),
    onEvent: (event) => console.log(`${event.event}`, event.known ? event.data : '(unknown event)'),
  });
  console.log(`Receiving CyberFortress webhooks on ${receiver.url}`);
}
