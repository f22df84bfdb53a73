/**
 * The client's options: `ClientOptions` as callers write them, every field optional with its
 * default beside it, and `ResolvedClientOptions` after `resolveOptions` has applied the
 * defaults (once, here) and the environment variables, and refused malformed values.
 *
 * @see https://docs.cyberfortress.io/sdks/node#configuration
 * @module
 */

import { isBrowserLike, readEnv } from './env.js';
import { CyberFortressError } from './errors.js';
import { isLogLevel, type Logger, type LogLevel } from './log.js';
import type { StreamOptions, WebSocketConstructor } from '../stream/options.js';
import type { GraphQLOptions } from '../graphql/options.js';

/**
 * The API's deployments and their base URLs.
 *
 * @example
 * new CyberFortress({ environment: 'staging' });
 * @category Client
 */
export const ENVIRONMENTS = {
  production: 'https://api.cyberfortress.io/v1',
  staging: 'https://api-staging.cyberfortress.io/v1',
} as const;

/** The production stream, which lives on its own host. @internal */
export const PRODUCTION_STREAM_URL = 'wss://stream.cyberfortress.io/v1/threats';

/** The production GraphQL endpoint, which lives on its own host too. @internal */
export const PRODUCTION_GRAPHQL_URL = 'https://graphql.cyberfortress.io/v1';

/** A deployment of the API. @useDeclaredType @category Client */
export type Environment = keyof typeof ENVIRONMENTS;

/** The plans of the API's rate-limit table. @category Client */
export type PlanName = 'personal' | 'professional' | 'enterprise' | 'custom';

/** Explicit client-side limits. @category Client */
export interface RateLimitFigures {
  /** Sustained requests per second (the bucket's refill rate). */
  perSecond: number;
  /** Requests per hour. */
  perHour: number;
  /** How many requests may go at once (the bucket's capacity). */
  burst: number;
}

/**
 * The client-side limiter's setting: a plan of the reference's table or explicit figures.
 *
 * @example
 * new CyberFortress({ rateLimit: { plan: 'professional' } });
 * new CyberFortress({ rateLimit: { perSecond: 5, perHour: 1000, burst: 10 } });
 * @category Client
 */
export type RateLimitOptions =
  | {
      /** Limit to this plan's figures; `custom` turns the limiter off. */
      plan: PlanName;
    }
  | RateLimitFigures;

/**
 * The reference's plan table; `custom` plans are unlimited, so no limiter runs for them.
 *
 * @internal
 */
export const PLAN_LIMITS: Record<PlanName, RateLimitFigures | null> = {
  personal: { perSecond: 10, perHour: 10_000, burst: 50 },
  professional: { perSecond: 50, perHour: 50_000, burst: 200 },
  enterprise: { perSecond: 200, perHour: 200_000, burst: 1000 },
  custom: null,
};

/** OAuth 2.0 client credentials. @category Client */
export interface OAuthOptions {
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret; keep it on a server. */
  clientSecret: string;
  /** Space-separated scopes to ask for. @default all of the client's scopes */
  scope?: string;
}

/**
 * Options of `new CyberFortress(options)`.
 *
 * @example
 * const client = new CyberFortress({ apiKey: process.env.CYBERFORTRESS_API_KEY, maxRetries: 3 });
 * @see https://docs.cyberfortress.io/sdks/node#configuration
 * @category Client
 */
export interface ClientOptions {
  /** A long-lived API key (`cf_live_…`). @default process.env.CYBERFORTRESS_API_KEY, when no other credential is given */
  apiKey?: string | undefined;
  /** A short-lived OAuth access token, the safe credential for browsers. @default undefined */
  accessToken?: string | undefined;
  /** OAuth client credentials: a token is fetched on first use and refreshed before it expires. @default undefined */
  oauth?: OAuthOptions | undefined;
  /** @default 'production' */
  environment?: Environment | undefined;
  /** Overrides the environment's URL, e.g. a mock's `http://127.0.0.1:4010/v1`. @default process.env.CYBERFORTRESS_BASE_URL, else the environment's URL */
  baseURL?: string | undefined;
  /** Milliseconds each attempt may take, body included. @default 60_000 */
  timeout?: number | undefined;
  /** Retries after the first attempt; `0` turns retries off. @default 2 */
  maxRetries?: number | undefined;
  /** Longest server-requested wait (`Retry-After`) to sleep through, in ms; a longer one throws. @default 60_000 */
  maxRetryAfter?: number | undefined;
  /** Your application, sent as `X-Client-Version: name/version`. @default undefined */
  appInfo?:
    | {
        /** Your application's name. */
        name: string;
        /** Your application's version. */
        version: string;
      }
    | undefined;
  /** The `fetch` to use (a proxy agent's, a test double). @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** @default process.env.CYBERFORTRESS_LOG, else 'off' */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. @default console */
  logger?: Logger | undefined;
  /** A client-side limiter that queues requests to stay under a plan. @default undefined (no limiter) */
  rateLimit?: RateLimitOptions | undefined;
  /** Check every response against the API's schema. @default true */
  validateResponses?: boolean | undefined;
  /** Allow a long-lived `apiKey` in a browser, where anyone can read it. @default false */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** The threat stream's WebSocket URL. @default 'wss://stream.cyberfortress.io/v1/threats' for production, else `ws(s)://<baseURL's origin>/v1/threats` */
  streamURL?: string | undefined;
  /** The WebSocket constructor of `client.stream` (the browser's, `ws`'s, a test double). @default isows: the runtime's WebSocket, or `ws` on Node 20 */
  WebSocket?: WebSocketConstructor | undefined;
  /** Heartbeats, reconnects and command limits of `client.stream`; each default is on `StreamOptions`. @default {} */
  stream?: StreamOptions | undefined;
  /** The GraphQL endpoint of `client.graphql` (subscriptions use the same URL with ws:// or wss://). @default 'https://graphql.cyberfortress.io/v1' for production, else `<baseURL's origin>/graphql` */
  graphqlURL?: string | undefined;
  /** Reconnects of `client.graphql`'s subscriptions; each default is on `GraphQLOptions`. @default {} */
  graphql?: GraphQLOptions | undefined;
}

/**
 * `ClientOptions` after `resolveOptions`: defaults applied, environment read, values checked.
 *
 * @category Client
 */
export interface ResolvedClientOptions {
  apiKey: string | undefined;
  accessToken: string | undefined;
  oauth: OAuthOptions | undefined;
  environment: Environment;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  maxRetryAfter: number;
  appInfo: { name: string; version: string } | undefined;
  fetch: typeof fetch;
  logLevel: LogLevel;
  logger: Logger;
  rateLimit: RateLimitOptions | undefined;
  validateResponses: boolean;
  dangerouslyAllowBrowser: boolean;
  streamURL: string;
  WebSocket: WebSocketConstructor | undefined;
  stream: StreamOptions;
  graphqlURL: string;
  /** `graphqlURL` with ws:// or wss://, for subscriptions. */
  graphqlWsURL: string;
  graphql: GraphQLOptions;
}

/** One minute, in ms: the default for both `timeout` and `maxRetryAfter`. */
const ONE_MINUTE = 60_000;

/**
 * Applies the defaults and the environment (`CYBERFORTRESS_API_KEY`, `CYBERFORTRESS_BASE_URL`,
 * `CYBERFORTRESS_LOG`) to `options`.
 *
 * @throws TypeError naming the option when one is malformed
 * @throws CyberFortressError when an API key would be used in a browser without `dangerouslyAllowBrowser`
 * @example
 * const resolved = resolveOptions({ environment: 'staging' });
 * @internal
 */
export function resolveOptions(options: ClientOptions = {}): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('The `options` argument must be an object');
  }

  const environment = options.environment ?? 'production';
  if (!Object.hasOwn(ENVIRONMENTS, environment)) {
    throw new TypeError(
      `The \`environment\` option must be 'production' or 'staging', got ${JSON.stringify(environment)}`,
    );
  }

  // The environment's key is a fallback for the simple case only: explicit OAuth wins over it.
  const explicitCredential = options.apiKey ?? options.accessToken ?? options.oauth;
  const apiKey =
    explicitCredential === undefined ? readEnv('CYBERFORTRESS_API_KEY') : options.apiKey;

  const envLevel = readEnv('CYBERFORTRESS_LOG')?.toLowerCase();
  const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'off');
  if (!isLogLevel(logLevel)) {
    throw new TypeError(
      `The \`logLevel\` option must be one of off, error, warn, info, debug, got ${JSON.stringify(logLevel)}`,
    );
  }

  const baseURL = checkBaseURL(
    options.baseURL ?? readEnv('CYBERFORTRESS_BASE_URL') ?? ENVIRONMENTS[environment],
  );
  if (options.WebSocket !== undefined && typeof options.WebSocket !== 'function') {
    throw new TypeError('The `WebSocket` option must be a WebSocket constructor');
  }

  const graphqlURL = checkGraphqlURL(options.graphqlURL ?? graphqlURLFor(baseURL));
  const resolved: ResolvedClientOptions = {
    apiKey: optionalString(apiKey, 'apiKey'),
    accessToken: optionalString(options.accessToken, 'accessToken'),
    oauth: checkOAuth(options.oauth),
    environment,
    baseURL,
    timeout: nonNegative(options.timeout ?? ONE_MINUTE, 'timeout'),
    maxRetries: nonNegativeInteger(options.maxRetries ?? 2, 'maxRetries'),
    maxRetryAfter: nonNegative(options.maxRetryAfter ?? ONE_MINUTE, 'maxRetryAfter'),
    appInfo: checkAppInfo(options.appInfo),
    fetch: checkFetch(options.fetch),
    logLevel,
    logger: checkLogger(options.logger ?? console),
    rateLimit: checkRateLimit(options.rateLimit),
    validateResponses: options.validateResponses ?? true,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    streamURL: checkStreamURL(options.streamURL ?? streamURLFor(baseURL)),
    WebSocket: options.WebSocket,
    stream: { ...options.stream },
    graphqlURL,
    graphqlWsURL: graphqlURL.replace(/^http/i, 'ws'),
    graphql: { ...options.graphql },
  };

  if (resolved.apiKey !== undefined && !resolved.dangerouslyAllowBrowser && isBrowserLike()) {
    throw new CyberFortressError(
      'Refusing to use an API key in a browser, where anyone who opens the page can read it. Use a short-lived OAuth access token instead (`accessToken`, obtained by your backend), or pass `dangerouslyAllowBrowser: true` if you understand the risk.',
    );
  }

  return resolved;
}

/**
 * The figures a limiter option stands for, or `null` for an unlimited (`custom`) plan.
 *
 * @example
 * rateLimitFigures({ plan: 'professional' }); // { perSecond: 50, perHour: 50_000, burst: 200 }
 * @internal
 */
export function rateLimitFigures(option: RateLimitOptions): RateLimitFigures | null {
  return 'plan' in option ? PLAN_LIMITS[option.plan] : option;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`The \`${name}\` option must be a non-empty string`);
  }

  return value;
}

function checkOAuth(value: OAuthOptions | undefined): OAuthOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError('The `oauth` option must be an object with `clientId` and `clientSecret`');
  }

  return {
    clientId: optionalString(value.clientId, 'oauth.clientId') ?? missing('oauth.clientId'),
    clientSecret:
      optionalString(value.clientSecret, 'oauth.clientSecret') ?? missing('oauth.clientSecret'),
    ...(value.scope === undefined ? {} : { scope: optionalString(value.scope, 'oauth.scope') }),
  };
}

function missing(name: string): never {
  throw new TypeError(`The \`${name}\` option is required`);
}

function checkBaseURL(value: string): string {
  if (typeof value !== 'string' || !isAbsoluteURL(value)) {
    throw new TypeError(
      `The \`baseURL\` option must be an absolute URL, got ${JSON.stringify(value)}`,
    );
  }

  // Paths are appended as `/threats`; a trailing slash would double it.
  return value.replace(/\/+$/, '');
}

/**
 * The stream URL that goes with a REST base URL: production's own host, else the same origin
 * as REST (`http://127.0.0.1:4010/v1` → `ws://127.0.0.1:4010/v1/threats`), as the mock serves it.
 */
function streamURLFor(baseURL: string): string {
  if (baseURL === ENVIRONMENTS.production) return PRODUCTION_STREAM_URL;
  const url = new URL(baseURL);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}/v1/threats`;
}

function checkStreamURL(value: string): string {
  if (typeof value !== 'string' || !/^wss?:\/\//i.test(value) || !isAbsoluteURL(value)) {
    throw new TypeError(
      `The \`streamURL\` option must be an absolute ws:// or wss:// URL, got ${JSON.stringify(value)}`,
    );
  }

  return value;
}

/**
 * The GraphQL URL that goes with a REST base URL: production's own host, else `/graphql` on the
 * same origin as REST (`http://127.0.0.1:4010/v1` → `http://127.0.0.1:4010/graphql`), as the mock serves it.
 */
function graphqlURLFor(baseURL: string): string {
  if (baseURL === ENVIRONMENTS.production) return PRODUCTION_GRAPHQL_URL;
  return `${new URL(baseURL).origin}/graphql`;
}

function checkGraphqlURL(value: string): string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || !isAbsoluteURL(value)) {
    throw new TypeError(
      `The \`graphqlURL\` option must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`,
    );
  }

  return value;
}

function isAbsoluteURL(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** @internal also checks a call's `timeout` */
export function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new TypeError(
      `The \`${name}\` option must be a non-negative number of milliseconds, got ${String(value)}`,
    );
  }

  return value;
}

/** @internal also checks a call's `maxRetries` */
export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(
      `The \`${name}\` option must be a non-negative integer, got ${String(value)}`,
    );
  }

  return value;
}

function checkAppInfo(value: ClientOptions['appInfo']): ResolvedClientOptions['appInfo'] {
  if (value === undefined) return undefined;
  if (typeof value?.name !== 'string' || typeof value.version !== 'string') {
    throw new TypeError('The `appInfo` option must be `{ name: string; version: string }`');
  }

  return { name: value.name, version: value.version };
}

function checkFetch(value: typeof fetch | undefined): typeof fetch {
  const chosen = value ?? (typeof fetch === 'function' ? fetch : undefined);
  if (typeof chosen !== 'function') {
    throw new TypeError(
      'The `fetch` option must be a function; this runtime has no global fetch, so pass one',
    );
  }

  return chosen;
}

function checkLogger(value: Logger): Logger {
  for (const method of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof value?.[method] !== 'function') {
      throw new TypeError(`The \`logger\` option must have a \`${method}\` method`);
    }
  }

  return value;
}

function checkRateLimit(value: RateLimitOptions | undefined): RateLimitOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(
      'The `rateLimit` option must be `{ plan }` or `{ perSecond, perHour, burst }`',
    );
  }

  if ('plan' in value) {
    if (!Object.hasOwn(PLAN_LIMITS, value.plan)) {
      throw new TypeError(
        `The \`rateLimit.plan\` option must be personal, professional, enterprise or custom, got ${JSON.stringify(value.plan)}`,
      );
    }

    return { plan: value.plan };
  }

  for (const key of ['perSecond', 'perHour', 'burst'] as const) {
    if (typeof value[key] !== 'number' || !(value[key] > 0)) {
      throw new TypeError(`The \`rateLimit.${key}\` option must be a positive number`);
    }
  }

  return { perSecond: value.perSecond, perHour: value.perHour, burst: value.burst };
}
