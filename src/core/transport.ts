/**
 * The request pipeline every resource goes through: URL, headers, credentials, client-side
 * limiter, per-attempt timeout, the caller's signal, retries, error mapping, rate-limit
 * snapshot, logging, JSON parsing, validation and case conversion. Resources only describe a
 * request (`RequestSpec`) and type its result.
 *
 * @see https://docs.cyberfortress.io/sdks/node#requests
 * @module
 */

// `fetch` is called directly rather than through ky: ky's per-request machinery (Request
// cloning, its own timeout race, hooks) costs more than the whole budget the 0.75× benchmark
// target leaves, and our retries need their own rules (idempotency keys, Retry-After caps, token refresh).

import { APIPromise, type WithResponse } from './api-promise.js';
import { createCredentials, type Credentials, type TokenResponse } from './auth.js';
import { camelizeJson } from './case.js';
import { checkResponse } from './response-check.js';
import {
  ApiError,
  ConnectionError,
  CyberFortressError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UserAbortError,
  type RequestSummary,
} from './errors.js';
import { createLog, type Log } from './log.js';
import {
  nonNegative,
  nonNegativeInteger,
  rateLimitFigures,
  type ResolvedClientOptions,
} from './options.js';
import { ClientRateLimiter, parseRateLimit, type RateLimitSnapshot } from './rate-limit.js';
import { redactHeaders } from './redact.js';
import type { ResponseShape } from './shape.js';
import {
  applyHeaders,
  buildURL,
  checkIdempotencyKey,
  expandPath,
  encodeBody,
  idempotencyKey,
  staticHeaders,
  type QueryParams,
} from './request-parts.js';
import { isRetryable, retryDelay, sleep } from './retry.js';

/**
 * Options of one call, the last argument of every resource method.
 *
 * @example
 * await client.threats.report(params, { idempotencyKey: 'report-42', timeout: 5_000, maxRetries: 0 });
 * @see https://docs.cyberfortress.io/sdks/node#requests
 * @category Http
 */
export interface RequestOptions {
  /** Milliseconds each attempt may take, body included; `0` turns the timeout off. @default the client's `timeout` (60_000) */
  timeout?: number;
  /** Retries after the first attempt; `0` turns retries off. @default the client's `maxRetries` (2) */
  maxRetries?: number;
  /** Aborts the call, its retries and its waits; the call rejects with `UserAbortError`. */
  signal?: AbortSignal;
  /** POST only: the `Idempotency-Key`, the same on every retry. @default `cf-idem-` + a random UUID */
  idempotencyKey?: string;
  /** Extra headers; `null` removes one the client would send. */
  headers?: Record<string, string | null>;
}

/**
 * What a resource asks the transport for.
 *
 * @internal for the resources
 */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the base URL: `/threats`, or a template such as `/threats/{threat_id}` filled from `params`. */
  path: string;
  /** The values of the path's `{name}` parts, checked and encoded by the transport. */
  params?: Readonly<Record<string, unknown>>;
  /** camelCase keys are fine: they are snake_cased; arrays become repeated parameters. */
  query?: QueryParams;
  /** A camelCase object, sent as snake_case JSON; or `{ form: {...} }`, sent form-encoded. */
  body?: unknown;
  /** The body's generated shape (`src/generated/shapes.gen.ts`), checked when `validateResponses` is on. */
  response?: ResponseShape;
  /** Resolve to the body's bytes (`Uint8Array`) instead of parsed JSON. */
  binary?: boolean;
  /** Send the client's credentials. @default true (false for the token endpoint) */
  auth?: boolean;
  /** An absolute URL that replaces `baseURL + path` (the GraphQL endpoint); `path` still names the request in logs. */
  url?: string;
  /** Send `body` (a JSON string) as it is and resolve to the response's text: no case conversion, no validation (GraphQL's names are camelCase already). */
  raw?: boolean;
}

/** What one attempt produced before parsing. */
interface Raw {
  response: Response;
  payload: unknown;
  requestId: string | undefined;
  rateLimit: RateLimitSnapshot | undefined;
}

/**
 * The HTTP transport of one client.
 *
 * @example
 * const transport = new Transport(resolveOptions({ apiKey }));
 * const threats = await transport.request<ThreatList>({ method: 'GET', path: '/threats', query: { limit: 20 } });
 * @internal for the client and the resources
 */
export class Transport {
  readonly options: ResolvedClientOptions;
  readonly #fetch: typeof fetch;
  readonly #headers: Record<string, string>;
  readonly #credentials: Credentials;
  readonly #limiter: ClientRateLimiter | undefined;
  readonly #log: Log;
  #rateLimit: RateLimitSnapshot | undefined;

  constructor(options: ResolvedClientOptions) {
    this.options = options;
    this.#fetch = options.fetch;
    this.#headers = staticHeaders(options);
    this.#log = createLog(options.logLevel, options.logger);
    const figures = options.rateLimit && rateLimitFigures(options.rateLimit);
    this.#limiter = figures ? new ClientRateLimiter(figures) : undefined;
    this.#credentials = createCredentials(options, (form) =>
      this.request<TokenResponse>({
        method: 'POST',
        path: '/oauth/token',
        body: { form },
        auth: false,
      }),
    );
  }

  /** The credentials requests are sent with, shared with the GraphQL subscriptions (one token cache). */
  get credentials(): Credentials {
    return this.#credentials;
  }

  /** The rate-limit snapshot of the last response that carried one. */
  get rateLimit(): RateLimitSnapshot | undefined {
    return this.#rateLimit;
  }

  /** Sends a request; `T` is the camelCase result type. */
  request<T>(spec: RequestSpec, options?: RequestOptions): APIPromise<T> {
    return new APIPromise<T>(this.#send<T>(spec, options));
  }

  async #send<T>(
    template: RequestSpec,
    options: RequestOptions | undefined,
  ): Promise<WithResponse<T>> {
    const signal = options?.signal;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new TypeError('The `signal` option must be an AbortSignal');
    }

    if (signal?.aborted) throw new UserAbortError(undefined, { cause: signal.reason });

    // The path's ids are checked here, so that a bad one rejects the call's promise.
    const spec = template.params
      ? { ...template, path: expandPath(template.path, template.params) }
      : template;

    const url = spec.url ?? buildURL(this.options.baseURL, spec.path, spec.query);
    const headers = { ...this.#headers };
    if (spec.binary) headers.accept = 'application/octet-stream, application/json';
    const encoded = spec.raw
      ? { body: spec.body as string, contentType: 'application/json' }
      : encodeBody(spec.body);
    if (encoded) headers['content-type'] = encoded.contentType;

    // One key per call, reused by every retry: that is what makes retrying a POST safe.
    if (spec.method === 'POST')
      headers['idempotency-key'] =
        options?.idempotencyKey === undefined
          ? idempotencyKey()
          : checkIdempotencyKey(options.idempotencyKey);
    if (options?.headers) applyHeaders(headers, options.headers);
    const useCredentials = spec.auth !== false && !hasKey(options?.headers, 'authorization');

    const maxRetries =
      options?.maxRetries === undefined
        ? this.options.maxRetries
        : nonNegativeInteger(options.maxRetries, 'maxRetries');
    const timeout =
      options?.timeout === undefined
        ? this.options.timeout
        : nonNegative(options.timeout, 'timeout');
    let retries = 0;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.#limiter) await this.#waitForLimiter(signal);
      try {
        if (useCredentials) {
          const pending = this.#credentials.authorization();
          headers.authorization = typeof pending === 'string' ? pending : await pending;
        }
      } catch (error) {
        // A failed token request was retried on its own; retrying this call would repeat it.
        this.#limiter?.settle(undefined);
        throw error;
      }

      try {
        const raw = await this.#attempt(
          spec,
          url,
          headers,
          encoded?.body,
          timeout,
          signal,
          attempt,
        );
        return await this.#parse<T>(spec, raw);
      } catch (error) {
        // A 401 for an OAuth token that expired early: fetch a new one and try once more.
        if (
          useCredentials &&
          !refreshed &&
          error instanceof ApiError &&
          error.status === 401 &&
          this.#credentials.invalidate(headers.authorization as string)
        ) {
          refreshed = true;
          continue;
        }

        if (!isRetryable(error) || retries >= maxRetries) throw error;
        const delay = retryDelay(error, retries + 1, this.options.maxRetryAfter);
        if (delay === undefined) throw error;
        if (error instanceof RateLimitError) this.#limiter?.pause(delay);
        retries += 1;
        if (this.#log.debugEnabled) {
          this.#log.debug(
            `${spec.method} ${spec.path}: retrying in ${Math.round(delay)} ms after ${(error as Error).name}`,
          );
        }

        await sleep(delay, signal).catch((reason: unknown) => {
          throw new UserAbortError(undefined, { cause: reason });
        });
      }
    }
  }

  async #waitForLimiter(signal: AbortSignal | undefined): Promise<void> {
    const wait = (this.#limiter as ClientRateLimiter).acquire(signal);
    if (wait) {
      await wait.catch((reason: unknown) => {
        throw new UserAbortError(undefined, { cause: reason });
      });
    }
  }

  /** One try: fetch and read the body under the timeout; a non-2xx answer is thrown as an `ApiError`. */
  async #attempt(
    spec: RequestSpec,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeout: number,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<Raw> {
    const started = this.#log.debugEnabled ? performance.now() : 0;

    // One controller covers the timeout and the caller's signal, for the request and its body.
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeout)
        : undefined;
    const onAbort = signal ? () => controller.abort() : undefined;
    if (signal) signal.addEventListener('abort', onAbort as () => void, { once: true });

    let settled = this.#limiter === undefined;
    try {
      const doFetch = this.#fetch;
      const response = await doFetch(url, {
        method: spec.method,
        headers,
        body,
        signal: controller.signal,
      });
      const requestId = response.headers.get('x-request-id') ?? undefined;
      const rateLimit = parseRateLimit(response.headers);
      if (rateLimit) this.#rateLimit = rateLimit;
      if (!settled) {
        settled = true;
        this.#limiter?.settle(rateLimit);
      }

      if (!response.ok) {
        const text = await response.text();
        this.#logAttempt(spec, requestId, response.status, started, attempt);
        throw ApiError.from(
          response.status,
          parseErrorBody(text),
          response.headers,
          summary(spec, url, headers),
        );
      }

      const payload = spec.binary
        ? new Uint8Array(await response.arrayBuffer())
        : spec.raw
          ? await response.text()
          : await readJson(response);
      this.#logAttempt(spec, requestId, response.status, started, attempt);
      return { response, payload, requestId, rateLimit };
    } catch (error) {
      if (error instanceof CyberFortressError) throw error;
      if (signal?.aborted) throw new UserAbortError(undefined, { cause: error });
      if (timedOut) throw TimeoutError.client(timeout, summary(spec, url, headers));
      this.#logAttempt(spec, undefined, 'connection error', started, attempt);
      throw new ConnectionError(`Connection error: ${errorMessage(error)}`, {
        cause: error,
        request: summary(spec, url, headers),
      });
    } finally {
      if (!settled) this.#limiter?.settle(undefined);
      if (timer !== undefined) clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort as () => void);
    }
  }

  /** Validation (on the wire shape) and case conversion, for a 2xx answer. */
  async #parse<T>(spec: RequestSpec, raw: Raw): Promise<WithResponse<T>> {
    const { response, requestId } = raw;
    let data = raw.payload;
    if (!spec.binary && !spec.raw && data !== undefined) {
      data =
        spec.response && this.options.validateResponses
          ? await checkResponse(spec.response, data, {
              label: `${spec.method} ${spec.path}`,
              status: response.status,
              requestId,
            })
          : camelizeJson(data);
    }

    return { data: data as T, response, requestId, rateLimit: raw.rateLimit };
  }

  #logAttempt(
    spec: RequestSpec,
    requestId: string | undefined,
    outcome: number | string,
    started: number,
    attempt: number,
  ): void {
    if (!this.#log.debugEnabled) return;
    const ms = Math.round(performance.now() - started);
    this.#log.debug(
      `${requestId ?? '-'} ${spec.method} ${spec.path} → ${outcome} in ${ms} ms (attempt ${attempt})`,
    );
  }
}

function hasKey(headers: Record<string, unknown> | undefined, name: string): boolean {
  if (!headers) return false;
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/** JSON when it is JSON (the envelope), else the text (a proxy's HTML page), else nothing. */
function parseErrorBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return text;
    throw new ResponseValidationError(
      `The response is not valid JSON: ${errorMessage(error)}`,
      [{ path: [], message: errorMessage(error), code: 'invalid_json' }],
      { status: response.status, requestId: response.headers.get('x-request-id') ?? undefined },
    );
  }
}

function summary(spec: RequestSpec, url: string, headers: Record<string, string>): RequestSummary {
  return { method: spec.method, url, headers: redactHeaders(headers) };
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici wraps the socket error ("ECONNRESET") in a generic "fetch failed".
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/** An `AbortSignal`, also one from another realm (a test runner's, a polyfill's). */
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}
