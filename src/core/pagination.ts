/**
 * Offset pagination over the list operations (threats, blocks, API keys, webhooks, deliveries).
 * A list call returns a `PagePromise`: awaiting it gives the first page; iterating it with
 * `for await` walks every item of every page, fetching the next page only when the current one
 * is used up, so that one page at a time is held in memory.
 *
 * @see https://docs.cyberfortress.io/sdks/node#pagination
 * @module
 */

import type { APIPromise, WithResponse } from './api-promise.js';
import type { RequestOptions, RequestSpec, Transport } from './transport.js';
import type { Pagination } from '../types.js';

/** The body of every list operation, camelCased. */
interface ListBody<Item> {
  data: Item[];
  pagination: Pagination;
}

/**
 * One page of a list: its items, where it sits in the whole result, and the way to the next.
 *
 * @example
 * let page = await client.threats.list({ limit: 100 });
 * while (page.hasNextPage()) page = await page.getNextPage();
 * @see https://docs.cyberfortress.io/sdks/node#pagination
 * @category Http
 */
export class Page<Item> implements AsyncIterable<Item> {
  /** The items of this page. */
  readonly data: Item[];
  /** `total`, `limit`, `offset` and `hasMore` as the API reported them for this page. */
  readonly pagination: Pagination;
  readonly #transport: Transport;
  readonly #spec: RequestSpec;
  readonly #options: RequestOptions | undefined;

  /** @internal built by `PagePromise`; callers get pages from a list call. */
  constructor(
    body: ListBody<Item>,
    transport: Transport,
    spec: RequestSpec,
    options: RequestOptions | undefined,
  ) {
    this.data = body.data;
    this.pagination = body.pagination;
    this.#transport = transport;
    this.#spec = spec;
    this.#options = options;
  }

  /**
   * Whether another page follows. An empty page ends the walk even if the API says more
   * follow, so that a list that shrinks while it is read cannot loop forever.
   */
  hasNextPage(): boolean {
    return this.pagination.hasMore && this.data.length > 0;
  }

  /**
   * Fetches the next page with the same filters and request options; the next offset is this
   * page's offset plus the number of items it holds.
   *
   * @throws RangeError when there is no next page (check `hasNextPage()` first)
   */
  getNextPage(): PagePromise<Item> {
    if (!this.hasNextPage()) {
      throw new RangeError(
        'There is no next page: check `page.hasNextPage()` before calling `getNextPage()`',
      );
    }

    const offset = this.pagination.offset + this.data.length;
    const spec: RequestSpec = { ...this.#spec, query: { ...this.#spec.query, offset } };
    return new PagePromise<Item>(this.#transport, spec, this.#options);
  }

  /** Every item from this page onward, fetching later pages as they are reached. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let page: Page<Item> = this;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }
}

/**
 * The result of a list call: a promise of the first page that is also async-iterable over
 * every item across pages. Like every SDK call it has `.withResponse()`.
 *
 * @example
 * for await (const threat of client.threats.list({ severity: ['critical'] })) {
 *   console.log(threat.id, threat.threatScore);
 * }
 * @see https://docs.cyberfortress.io/sdks/node#pagination
 * @category Http
 */
export class PagePromise<Item> implements PromiseLike<Page<Item>>, AsyncIterable<Item> {
  readonly #transport: Transport;
  readonly #spec: RequestSpec;
  readonly #options: RequestOptions | undefined;
  #request: APIPromise<ListBody<Item>> | undefined;
  #page: Promise<Page<Item>> | undefined;

  /** @internal made by the resources through `requestPage`. */
  constructor(transport: Transport, spec: RequestSpec, options?: RequestOptions) {
    this.#transport = transport;
    this.#spec = spec;
    this.#options = options;

    // Sent at once, as any other call, so that the request is under way before it is awaited.
    this.#request = transport.request<ListBody<Item>>(spec, options);
  }

  #toPage(body: ListBody<Item>): Page<Item> {
    return new Page(body, this.#transport, this.#spec, this.#options);
  }

  #firstRequest(): APIPromise<ListBody<Item>> {
    // A walk with `for await` hands the first request over to the iterator; awaiting afterwards asks again.
    this.#request ??= this.#transport.request<ListBody<Item>>(this.#spec, this.#options);
    return this.#request;
  }

  #firstPage(): Promise<Page<Item>> {
    // From `withResponse()` rather than the data promise: one promise fewer per page.
    this.#page ??= this.#firstRequest()
      .withResponse()
      .then((result) => this.#toPage(result.data));
    return this.#page;
  }

  then<Result1 = Page<Item>, Result2 = never>(
    onfulfilled?: ((page: Page<Item>) => Result1 | PromiseLike<Result1>) | null,
    onrejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null,
  ): Promise<Result1 | Result2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Handles a failure of the first page's request, as `Promise.prototype.catch` does. */
  catch<Result = never>(
    onrejected?: ((reason: unknown) => Result | PromiseLike<Result>) | null,
  ): Promise<Page<Item> | Result> {
    return this.#firstPage().catch(onrejected);
  }

  /** Runs `onfinally` once the first page has arrived or failed, as `Promise.prototype.finally` does. */
  finally(onfinally?: (() => void) | null): Promise<Page<Item>> {
    return this.#firstPage().finally(onfinally);
  }

  /**
   * The first page together with the raw `Response`, its request id and rate-limit snapshot.
   *
   * @example
   * const { data: page, requestId, rateLimit } = await client.threats.list().withResponse();
   */
  async withResponse(): Promise<WithResponse<Page<Item>>> {
    const result = await this.#firstRequest().withResponse();
    return { ...result, data: this.#toPage(result.data) };
  }

  /** Every item of every page, one page in memory at a time. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let pending: Promise<Page<Item>> | undefined = this.#firstPage();

    // Drop every reference to the first page so that it can be collected once the walk moves on.
    this.#request = undefined;
    this.#page = undefined;
    let page: Page<Item> = await pending;
    pending = undefined;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  /** `'PagePromise'`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }
}

/**
 * Sends a list request and returns its `PagePromise`.
 *
 * @example
 * return requestPage<Threat>(this.transport, { method: 'GET', path: '/threats', query: params, response: rListThreatsResponse }, options);
 * @internal for the resources
 */
export function requestPage<Item>(
  transport: Transport,
  spec: RequestSpec,
  options?: RequestOptions,
): PagePromise<Item> {
  return new PagePromise<Item>(transport, spec, options);
}
