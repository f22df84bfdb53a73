/**
 * The long form of each verification failure's message: what went wrong, the likely cause and
 * how to fix it (how to read the raw body in the common frameworks, a body that was parsed and
 * serialised again, a wrong clock).
 *
 * `verifyWebhook`, `constructEvent` and `signWebhook` load this module with `import()` only when
 * they reject, and put its text on the error before the caller sees it; an error class built
 * directly keeps its short message. The texts are most of the verifier's size, and a receiver
 * that verifies genuine deliveries never needs them (see scripts/size.ts for the budget).
 *
 * @internal
 * @module
 */

// Types only: a runtime import would make bundlers split the verifier's code into a chunk that
// this module shares, which costs more than it saves.
import type { WebhookVerificationError } from './errors.js';

/** How to read the raw body in the common frameworks; part of `ParsedPayloadError`'s message. */
const RAW_BODY_GUIDANCE = [
  'Pass the raw request body exactly as received (a string, Uint8Array or ArrayBuffer), before any JSON parsing:',
  "Express: app.post('/webhook', express.raw({ type: 'application/json' }), handler) and pass req.body (a Buffer);",
  "Fastify: app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => done(null, body)) or a raw-body plugin such as fastify-raw-body (request.rawBody);",
  'Next.js: in a route handler, await request.text(); in a pages API route, export const config = { api: { bodyParser: false } } and read the stream;',
  'a Web Request (Bun, Deno, Cloudflare Workers, Hono): await request.text().',
].join(' ');

/**
 * What the failed call was given, as far as the explanation needs it.
 *
 * @internal
 */
export interface ExplainContext {
  /** The payload as passed, to recognise one that was parsed and serialised again. */
  payload?: unknown;
  /** Whether the delivery had a `webhook-signature` header. */
  standardSignature?: boolean;
}

/**
 * Replaces a verification error's short message by its long form, and returns the error. A
 * message with no long form is left as it is.
 *
 * @example
 * throw explain(error, params);
 * @internal
 */
export function explain(error: WebhookVerificationError, context: ExplainContext): Error {
  const message = longMessage(error, context);
  if (message !== undefined) error.message = message;
  return error;
}

function longMessage(error: WebhookVerificationError, context: ExplainContext): string | undefined {
  // Each subclass's own fields (`header`, `received`, …), read without importing the classes.
  const fields = error as unknown as Record<string, unknown>;
  switch (error.code) {
    case 'WEBHOOK_MISSING_HEADER':
      switch (fields.header) {
        case 'webhook-id':
          return 'The webhook delivery has a `webhook-signature` header but no `webhook-id`, which the signature covers';
        case 'webhook-timestamp':
          return context.standardSignature
            ? 'The webhook delivery has a `webhook-signature` header but no `webhook-timestamp`, which the signature covers'
            : 'The webhook delivery has no `webhook-timestamp` header, and `requireTimestamp` is set';
        case 'webhook-signature':
          return 'The webhook delivery has no signature header: expected `webhook-signature` (with `webhook-id` and `webhook-timestamp`) or `X-CyberFortress-Signature`';
        default:
          return undefined;
      }

    case 'WEBHOOK_MALFORMED_SIGNATURE':
      switch (fields.header) {
        case 'webhook-signature':
          return 'The `webhook-signature` header holds no `v1,<base64 HMAC-SHA256>` signature';
        case 'x-cyberfortress-signature':
          return 'The `X-CyberFortress-Signature` header is not `sha256=` followed by 64 hex digits';
        case 'webhook-timestamp':
          return 'The `webhook-timestamp` header is not a whole number of seconds since the Unix epoch';
        default:
          return undefined;
      }

    case 'WEBHOOK_STALE_TIMESTAMP': {
      const { timestamp, tolerance, now } = fields as {
        timestamp: number;
        tolerance: number;
        now: number;
      };
      const drift = (timestamp as number) - (now as number);
      const where = drift < 0 ? `${-drift} s in the past` : `${drift} s in the future`;
      return `The webhook timestamp ${timestamp} is ${where}, outside the tolerance of ${tolerance} s: the delivery is stale or replayed, or this machine's clock is wrong`;
    }

    case 'WEBHOOK_SIGNATURE_MISMATCH': {
      const text = `No signature in \`${String(fields.header)}\` matches the payload under the given secret(s). Verify the raw request body exactly as received, and check that the secret is the one the webhook was created with`;
      return looksReserialised(context.payload)
        ? `${text}. The payload reads like JSON.stringify output: if it was produced by parsing the body and serialising it again, pass the raw body instead (express.raw({ type: 'application/json' }), await request.text())`
        : text;
    }

    case 'WEBHOOK_PARSED_PAYLOAD': {
      const received = String(fields.received);
      const what =
        received === 'object' || received === 'array'
          ? `The webhook payload is a parsed ${received}, not the raw body: a signature covers the exact bytes that were sent, and JSON.stringify of the parsed body rarely reproduces them.`
          : `The webhook payload is ${received === 'undefined' || received === 'null' ? received : `a ${received}`}, not the raw body (often because no body parser produced one).`;
      return `${what} ${RAW_BODY_GUIDANCE}`;
    }

    default:
      return undefined;
  }
}

/**
 * Whether a payload is a string that `JSON.stringify` would write exactly so: often a body that
 * was parsed and serialised again, whose spacing, key order or escapes no longer match what was
 * signed. It cannot be certain, so the message only says what to check.
 */
function looksReserialised(payload: unknown): boolean {
  if (typeof payload !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null && JSON.stringify(parsed) === payload;
  } catch {
    // Not JSON: it cannot be the output of JSON.stringify.
    return false;
  }
}
