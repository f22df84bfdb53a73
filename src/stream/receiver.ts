/**
 * What each message the server sends does: `auth_ok` restores the subscriptions, asks for what
 * was missed and opens the stream; events go on in sequence order (held during a resume);
 * answers settle their request or command; and a server `error` reaches what it is about, or
 * the `error` handlers.
 *
 * @module
 */

import { camelizeJson } from '../core/case.js';
import type { CommandQueue } from './commands.js';
import { sendMessage, type Connection, type Connector } from './connector.js';
import { StreamError } from './errors.js';
import type { StreamEvents } from './events.js';
import type { Handlers } from './handlers.js';
import type { PendingRequests } from './pending-requests.js';
import type { WireMessage } from './protocol.js';
import type { ResumeTracker } from './resume.js';
import type { Subscriptions } from './subscriptions.js';

/**
 * The parts of the stream that incoming messages act on.
 *
 * @internal
 */
export interface ReceiverParts {
  connector: Connector;
  handlers: Handlers;
  subscriptions: Subscriptions;
  requests: PendingRequests;
  resume: ResumeTracker;
  commands: CommandQueue;
  /** The stream is open (authenticated and subscribed), after `open` was emitted. */
  opened: () => void;
}

/**
 * Reads the messages of the current connection.
 *
 * @internal for `StreamCore`
 */
export class Receiver {
  readonly #connector: Connector;
  readonly #handlers: Handlers;
  readonly #subscriptions: Subscriptions;
  readonly #requests: PendingRequests;
  readonly #resume: ResumeTracker;
  readonly #commands: CommandQueue;
  readonly #opened: () => void;

  constructor(parts: ReceiverParts) {
    this.#connector = parts.connector;
    this.#handlers = parts.handlers;
    this.#subscriptions = parts.subscriptions;
    this.#requests = parts.requests;
    this.#resume = parts.resume;
    this.#commands = parts.commands;
    this.#opened = parts.opened;
  }

  /** Handles one message, `data` as the socket gave it, that arrived on `connection`. */
  receive(connection: Connection, data: unknown): void {
    let message: WireMessage;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as WireMessage;
    } catch (error) {
      this.#handlers.emit(
        'error',
        new StreamError('The stream sent a message that is not JSON.', { cause: error }),
      );
      return;
    }

    // Anything with a sequence is an event; a resume in progress may have to hold it back.
    if (typeof message?.sequence === 'number') {
      if (!this.#resume.hold(connection, message)) this.#deliver(message);
      return;
    }

    switch (message?.type) {
      case 'auth_ok':
        this.#authenticated(connection, message);
        return;
      case 'subscribed':
      case 'unsubscribed':
        this.#requests.answer(message.id);
        return;
      case 'resumed':
        if (!this.#resume.answers(connection, message.id)) return;
        this.#release(connection);
        this.#handlers.emit('resumed', {
          fromSequence: message.from_sequence as number,
          replayed: message.replayed as number,
        });
        return;
      case 'resume_failed':
        this.#resumeFailed(connection, message);
        return;
      case 'command_result':
        this.#commands.settle(message);
        return;
      case 'error':
        this.#serverError(connection, message);
        return;
      default:
        // `pong`, and message types this SDK does not know yet.
        return;
    }
  }

  #authenticated(connection: Connection, message: WireMessage): void {
    this.#connector.authenticated(connection);
    const handover = this.#resume.adopt(message);

    // Restore (or make) the subscriptions before anything else, then ask for what was missed.
    const subscribe = this.#subscriptions.restore(() => this.#handlers.neededChannels());
    const subscribed = subscribe
      ? this.#requests.send(subscribe).catch((error: Error) => this.#handlers.emit('error', error))
      : Promise.resolve();

    const resume = this.#resume.begin(connection, handover);
    if (resume) sendMessage(connection, resume);
    this.#commands.flush(this.#connector.sendReady);

    // Open means subscribed: an event produced after `connect()` resolves reaches the handlers.
    const info = camelizeJson<StreamEvents['open'][0]>({
      sessionId: message.session_id,
      principal: message.principal,
      scopes: message.scopes,
      resumeWindow: message.resume_window,
    });
    void subscribed.then(() => {
      if (!this.#connector.opened(connection)) return;
      this.#handlers.emit('open', info);
      this.#opened();
    });
  }

  #resumeFailed(connection: Connection, message: WireMessage): void {
    if (!this.#resume.answers(connection, message.id)) return;
    const oldestAvailable = message.oldest_available as number;
    this.#handlers.emit('gap', { fromSequence: message.from_sequence as number, oldestAvailable });

    // What the buffer still holds is better than nothing: ask for it once.
    const retry = this.#resume.retry(connection, oldestAvailable);
    if (retry) {
      sendMessage(connection, retry);
      return;
    }

    this.#release(connection);
  }

  /** Hands on the events held during a resume, in sequence order. */
  #release(connection: Connection): void {
    for (const message of this.#resume.release(connection)) this.#deliver(message);
  }

  /** Hands on an event, unless it was delivered before. */
  #deliver(message: WireMessage): void {
    if (this.#resume.claim(message.sequence as number)) this.#handlers.deliver(message);
  }

  #serverError(connection: Connection, message: WireMessage): void {
    connection.lastError = message;
    if (message.code === 'RATE_LIMIT_EXCEEDED' && typeof message.retry_after === 'number') {
      this.#connector.rateLimited(message.retry_after);
    }

    const error = new StreamError(
      `The stream server answered ${String(message.code)}: ${String(message.message)}`,
      {
        code: message.code as string,
        details: message.details as StreamError['details'],
        requiredScope: message.required_scope as string | undefined,
        retryAfter: message.retry_after as number | undefined,
      },
    );

    // An error with an id answers our resume, request or command.
    const id = message.id;
    if (id !== undefined && this.#resume.answers(connection, id)) {
      this.#release(connection);
    } else if (id !== undefined && this.#requests.reject(id, error)) {
      return;
    } else if (
      id !== undefined &&
      this.#commands.settle({ ...message, type: 'command_result', ok: false, error: message })
    ) {
      return;
    }

    // An auth failure announces the close that follows; the close's error will carry it.
    if (!connection.ready || message.code === 'UNAUTHORIZED') return;
    this.#handlers.emit('error', error);
  }
}
