/**
 * The async iterator of `client.graphql.subscribe(document)`: a queue the subscription pushes
 * data into and a `for await` loop takes it from. `return()` (a `break` out of the loop) ends
 * the subscription at once, even while the loop waits for the next event.
 *
 * @module
 */

/**
 * A running subscription as an async iterator: `for await (const data of subscription)`.
 *
 * @example
 * const subscription = client.graphql.subscribe(MonitorCriticalThreatsDocument);
 * for await (const { threatDetected } of subscription) console.log(threatDetected.ipAddress);
 * @category GraphQL
 */
export interface GraphQLSubscription<TData> extends AsyncIterableIterator<TData> {
  /** Ends the subscription; the socket closes when it was the last one. */
  return(): Promise<IteratorResult<TData, undefined>>;
}

/** @internal for `GraphQL.subscribe` */
export class SubscriptionIterator<TData> implements GraphQLSubscription<TData> {
  readonly #queue: TData[] = [];
  #waiting:
    | {
        resolve: (result: IteratorResult<TData, undefined>) => void;
        reject: (error: unknown) => void;
      }
    | undefined;

  #done = false;
  #error: unknown;
  /** Set once the subscription has started; until then an early `return()` is remembered. */
  #unsubscribe: (() => void) | undefined;

  /** Hands over the function that ends the subscription (or calls it, if the loop already ended). */
  attach(unsubscribe: () => void): void {
    if (this.#done) unsubscribe();
    else this.#unsubscribe = unsubscribe;
  }

  push(data: TData): void {
    if (this.#done) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting.resolve({ value: data, done: false });
    } else {
      this.#queue.push(data);
    }
  }

  /** No more data: the loop ends after the queued data, or throws `error` once it is taken. */
  end(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (!waiting) return;
    this.#error = undefined;
    if (error === undefined) waiting.resolve({ value: undefined, done: true });
    else waiting.reject(error);
  }

  next(): Promise<IteratorResult<TData, undefined>> {
    if (this.#queue.length > 0) {
      return Promise.resolve({ value: this.#queue.shift() as TData, done: false });
    }

    if (this.#done) {
      const error = this.#error;
      this.#error = undefined;
      return error === undefined
        ? Promise.resolve({ value: undefined, done: true })
        : Promise.reject(error);
    }

    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<TData, undefined>> {
    this.#queue.length = 0;
    this.end();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
