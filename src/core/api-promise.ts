/**
 * The result of every SDK call: a `Promise` of the parsed data that also offers the raw
 * response, its request id and its rate-limit snapshot through `.withResponse()`.
 *
 * @see https://docs.cyberfortress.io/sdks/node#responses
 * @module
 */

import type { RateLimitSnapshot } from './rate-limit.js';

/**
 * The parsed data of a call together with what came with it.
 *
 * @category Http
 */
export interface WithResponse<T> {
  /** The parsed, camelCased result: what awaiting the call alone gives. */
  data: T;
  /** The raw `Response`; its body has been read already. */
  response: Response;
  /** `X-Request-Id`: quote it to support. */
  requestId: string | undefined;
  /** The `X-RateLimit-*` headers of this response, or `undefined` when it had none. */
  rateLimit: RateLimitSnapshot | undefined;
}

/**
 * A `Promise<T>` with `.withResponse()`.
 *
 * @example
 * const threat = await client.threats.get('threat_7h8i9j0k');
 * const { data, requestId, rateLimit } = await client.threats.get('threat_7h8i9j0k').withResponse();
 * @see https://docs.cyberfortress.io/sdks/node#responses
 * @category Http
 */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** @internal made by the transport */
  constructor(result: Promise<WithResponse<T>>) {
    // The base promise is never used: every `then` goes to the data promise below.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  /**
   * `Promise`, so that `then` on an `APIPromise` builds a plain promise rather than another
   * `APIPromise` through this constructor.
   */
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The data with the raw response, request id and rate-limit snapshot. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  #dataPromise(): Promise<T> {
    this.#data ??= this.#result.then(pickData);
    return this.#data;
  }

  override then<Result1 = T, Result2 = never>(
    onfulfilled?: ((value: T) => Result1 | PromiseLike<Result1>) | null,
    onrejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null,
  ): Promise<Result1 | Result2> {
    return this.#dataPromise().then(onfulfilled, onrejected);
  }

  override catch<Result = never>(
    onrejected?: ((reason: unknown) => Result | PromiseLike<Result>) | null,
  ): Promise<T | Result> {
    return this.#dataPromise().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onfinally);
  }
}

function pickData<T>(result: WithResponse<T>): T {
  return result.data;
}
