/**
 * The reference's rate-limit handler (Error Handling): a service whose `checkThreat(ip)` checks
 * an address and, when the API answers 429 `RATE_LIMIT_EXCEEDED`, logs a warning, waits the
 * `retryAfter` seconds the API asked for (60 when it gave none) and checks again. Any other
 * error is logged and thrown.
 *
 * The SDK waits out a 429 by itself (`maxRetries`, honouring `Retry-After`), and its optional
 * client-side limiter (`rateLimit`) avoids most 429s in the first place. This service shows the
 * reference's explicit handling instead, so its client is built with `maxRetries: 0`.
 *
 * Changes from the reference, each on purpose:
 * - Its retry has no end; here it gives up after `maxWaits` waits (default 5) and throws the
 *   last `RateLimitError`, so that an exhausted hourly quota cannot hang a caller for hours.
 * - Its `NETWORK_ERROR` branch calls a `handleNetworkError` it never shows and then returns
 *   nothing, which a caller would read as "no result". Here a `ConnectionError` is logged as a
 *   warning and thrown; wrap the call in the retry helper (`retry-helper.ts`) to retry it.
 *
 * Against the bundled mock on its smallest plan (10 requests a second, bursts of 50):
 *
 *   npm run mock -- --port 4010 --plan personal      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *     npx tsx examples/integrations/rate-limit-handler.ts 203.0.113.42 198.51.100.7 …
 *
 * With more than 50 addresses, the later checks wait for the limit to refill.
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import CyberFortress, {
  ConnectionError,
  RateLimitError,
  type ThreatCheck,
} from '../../src/index.js';
import { isMain } from './shared.js';

/** Where the service writes; `console` fits. */
export interface ServiceLogger {
  warn(message: string): void;
  error(message: string, error: unknown): void;
}

/** What `CyberFortressService` takes. */
export interface ServiceOptions {
  /** A client built with `maxRetries: 0`, so that the service sees each 429. */
  client: CyberFortress;
  /** @default console */
  logger?: ServiceLogger;
  /** Waits this many milliseconds; tests pass one that moves the mock clock instead. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Rate-limit waits before giving up on one check. @default 5 */
  maxWaits?: number;
}

/** Seconds to wait when a 429 names no `retryAfter`, as the reference does. */
const FALLBACK_RETRY_AFTER = 60;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Address checks that wait out rate limits.
 *
 * @example
 * const service = new CyberFortressService({ client: new CyberFortress({ maxRetries: 0 }) });
 * const { isThreat } = await service.checkThreat('203.0.113.42');
 */
export class CyberFortressService {
  readonly #client: CyberFortress;
  readonly #logger: ServiceLogger;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #maxWaits: number;

  constructor(options: ServiceOptions) {
    this.#client = options.client;
    this.#logger = options.logger ?? console;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#maxWaits = options.maxWaits ?? 5;
  }

  /** What CyberFortress knows about `ip`, waiting out any rate limit on the way. */
  async checkThreat(ip: string): Promise<ThreatCheck> {
    for (let waits = 0; ; waits += 1) {
      try {
        return await this.#client.threats.check(ip);
      } catch (error) {
        if (error instanceof RateLimitError && waits < this.#maxWaits) {
          await this.handleRateLimit(error);
        } else if (error instanceof ConnectionError) {
          this.#logger.warn(`Network error checking ${ip}: ${error.message}`);
          throw error;
        } else {
          this.#logger.error('Unexpected error:', error);
          throw error;
        }
      }
    }
  }

  /** Waits as long as the 429 asked. */
  async handleRateLimit(error: RateLimitError): Promise<void> {
    const retryAfter = error.retryAfter ?? FALLBACK_RETRY_AFTER;
    this.#logger.warn(`Rate limited. Waiting ${retryAfter}s`);
    await this.#sleep(retryAfter * 1000);
  }
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const service = new CyberFortressService({ client: new CyberFortress({ maxRetries: 0 }) });
  const ips = process.argv.slice(2);
  if (ips.length === 0) console.error('Name one or more IP addresses to check.');
  // All at once, as a busy caller would: the ones over the limit wait their turn.
  const checks = await Promise.all(ips.map((ip) => service.checkThreat(ip)));
  for (const [i, check] of checks.entries()) {
    console.log(
      `${ips[i]}: threat ${check.isThreat}, score ${check.threatScore}, blocked ${check.blocked}`,
    );
  }
}
