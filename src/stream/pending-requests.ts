/**
 * The stream's requests that the server answers by id (`subscribe`, `unsubscribe`): each gets an
 * id and a promise, settled by the matching `subscribed`/`unsubscribed` or `error`, or resolved
 * when the connection it was sent on drops (the subscriptions are sent again on the next one).
 *
 * @module
 */

import type { WireMessage } from './protocol.js';

interface PendingRequest {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Requests sent on the current connection and waiting for their answer.
 *
 * @internal for `StreamCore`
 */
export class PendingRequests {
  readonly #send: (message: WireMessage) => boolean;
  readonly #waiting = new Map<string, PendingRequest>();
  #counter = 0;

  /** @param send sends on the current connection once it is authenticated; false when it cannot */
  constructor(send: (message: WireMessage) => boolean) {
    this.#send = send;
  }

  /**
   * A new id such as `req-3`. Requests and resumes share the counter, so that no two messages of
   * a connection carry the same id.
   */
  nextId(prefix: string): string {
    return `${prefix}-${++this.#counter}`;
  }

  /** Sends `message` with a new id; resolves on the answer, or at once when it was not sent. */
  send(message: WireMessage): Promise<void> {
    const id = this.nextId('req');
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (!this.#send({ ...message, id })) {
        this.#waiting.delete(id);
        resolve();
      }
    });
  }

  /** The server confirmed the request `id` (an unknown id is ignored). */
  answer(id: string | undefined): void {
    if (id === undefined) return;
    const request = this.#waiting.get(id);
    this.#waiting.delete(id);
    request?.resolve();
  }

  /** The server refused the request `id`; false when no request has that id. */
  reject(id: string, error: Error): boolean {
    const request = this.#waiting.get(id);
    if (!request) return false;
    this.#waiting.delete(id);
    request.reject(error);
    return true;
  }

  /**
   * The connection dropped: its answers will never come. The requests resolve rather than fail,
   * since what they asked for is kept and sent again on the next connection.
   */
  connectionLost(): void {
    for (const request of this.#waiting.values()) request.resolve();
    this.#waiting.clear();
  }
}
