/**
 * `@cyberfortress/sdk/webhooks`: verify CyberFortress webhook deliveries on the raw body, parse
 * them into typed events, and sign deliveries for tests. Web Crypto only, so it runs in Node,
 * Bun, Deno, browsers and edge workers.
 *
 * @example
 * import { constructEvent } from '@cyberfortress/sdk/webhooks';
 *
 * export default {
 *   async fetch(request: Request) {
 *     const event = await constructEvent({ payload: await request.text(), headers: request.headers, secret: WEBHOOK_SECRET });
 *     return new Response(null, { status: 204 });
 *   },
 * };
 * @see https://docs.cyberfortress.io/webhooks
 * @module
 */

/* Functions */
export { verifyWebhook, DEFAULT_TOLERANCE, type VerifyWebhookParams } from './verify.js';
export {
  constructEvent,
  type ConstructEventParams,
  type KnownWebhookEvent,
  type KnownWebhookEventName,
  type UnknownWebhookEvent,
  type ParsedWebhookEvent,
  type WebhookEventData,
} from './events.js';
export { signWebhook, type SignWebhookParams, type SignedWebhookHeaders } from './sign.js';
export {
  createReplayGuard,
  type MemoryReplayGuard,
  type ReplayGuard,
  type ReplayGuardOptions,
} from './replay-guard.js';
export type { WebhookHeadersInput, WebhookPayloadInput } from './headers.js';

/* Errors */
export {
  InvalidPayloadError,
  InvalidSecretError,
  MalformedSignatureError,
  MissingHeaderError,
  ParsedPayloadError,
  ReplayedDeliveryError,
  SignatureMismatchError,
  StaleTimestampError,
  WebhookVerificationError,
  isWebhookVerificationError,
  type WebhookErrorCode,
} from './errors.js';
