/**
 * The async iterator behind `client.stream.events()`: a queue that the stream pushes events into
 * and a `for await` loop takes them from, ended by `close()` or with the error of a fatal close.
 *
 * @module
 */

import type { StreamEvent } from './protocol.js';

/** @internal for `StreamClient.events` */
export class EventIterator implements AsyncIterableIterator<StreamEvent> {
  readonly #onEnd: () => void;
  readonly #queue: StreamEvent[] = [];
  #waiting:
    | { resolve: (result: IteratorResult<StreamEvent>) => void; reject: (error: Error) => void }
    | undefined;
  #done = false;
  #error: Error | undefined;

  constructor(onEnd: () => void) {
    this.#onEnd = onEnd;
  }

  push(event: StreamEvent): void {
    if (this.#done) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting.resolve({ value: event, done: false });
    } else {
      this.#queue.push(event);
    }
  }

  /** No more events: the loop ends after the queued ones, or throws `error` once they are taken. */
  end(error?: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#onEnd();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (!waiting) return;
    if (error) waiting.reject(error);
    else waiting.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    const event = this.#queue.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.#done) {
      const error = this.#error;
      this.#error = undefined;
      return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
    }

    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<StreamEvent>> {
    this.#queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StreamEvent> {
    return this;
  }
}
