/**
 * The stream's commands: each gets an id, waits in a bounded queue while the stream is not
 * connected, is sent once it is, and settles exactly once: with the server's `command_result`,
 * or with an error saying why not (timeout, full queue, connection lost, stream closed).
 *
 * @see https://docs.cyberfortress.io/sdks/node#stream-commands
 * @module
 */

import { camelizeJson } from '../core/case.js';
import { StreamCommandError } from './errors.js';
import type { WireErrorDetail, WireMessage } from './protocol.js';

interface PendingCommand {
  id: string;
  action: string;
  params: Record<string, unknown> | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Commands waiting to be sent and commands waiting for their result.
 *
 * @internal for `StreamClient`
 */
export class CommandQueue {
  readonly #timeout: number;
  readonly #limit: number;
  /** Not sent yet: the stream is not connected. */
  readonly #queued: PendingCommand[] = [];
  /** Sent on the current connection, waiting for `command_result`. */
  readonly #inflight = new Map<string, PendingCommand>();
  #counter = 0;

  constructor(timeout: number, limit: number) {
    this.#timeout = timeout;
    this.#limit = limit;
  }

  /**
   * A new command: sent at once through `send` when it returns true, else queued (or refused
   * when the queue is full).
   */
  add<T>(
    action: string,
    params: Record<string, unknown> | undefined,
    send: (message: WireMessage) => boolean,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const command: PendingCommand = {
        id: `cmd-${++this.#counter}`,
        action,
        params,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => this.#expire(command), this.#timeout),
      };

      if (send(this.#message(command))) {
        this.#inflight.set(command.id, command);
        return;
      }

      if (this.#queued.length >= this.#limit) {
        clearTimeout(command.timer);
        reject(
          new StreamCommandError(
            action,
            `The command ${action} was refused: ${this.#limit} commands are already waiting for the stream to connect (maxQueuedCommands).`,
            { code: 'QUEUE_FULL' },
          ),
        );
        return;
      }

      this.#queued.push(command);
    });
  }

  /** Sends every queued command, oldest first, once a connection is ready. */
  flush(send: (message: WireMessage) => boolean): void {
    while (this.#queued.length > 0) {
      const command = this.#queued[0] as PendingCommand;
      if (!send(this.#message(command))) return;
      this.#queued.shift();
      this.#inflight.set(command.id, command);
    }
  }

  /** Settles the command a `command_result` answers; false when no command has that id. */
  settle(message: WireMessage): boolean {
    const command = message.id === undefined ? undefined : this.#inflight.get(message.id);
    if (!command) return false;
    this.#inflight.delete(command.id);
    clearTimeout(command.timer);
    if (message.ok === true) {
      command.resolve(camelizeJson(message.result));
      return true;
    }

    const error = (message.error ?? message) as {
      code?: string;
      message?: string;
      details?: WireErrorDetail[];
      required_scope?: string;
      retry_after?: number;
    };
    command.reject(
      new StreamCommandError(
        command.action,
        `The command ${command.action} failed: ${error.message ?? error.code ?? 'no reason given'}`,
        {
          code: error.code,
          details: error.details,
          requiredScope: error.required_scope,
          retryAfter: error.retry_after,
        },
      ),
    );

    return true;
  }

  /**
   * The connection dropped: commands sent on it may or may not have run, and results are never
   * replayed, so they fail with `CONNECTION_LOST` rather than being sent twice.
   */
  connectionLost(): void {
    for (const command of this.#inflight.values()) {
      clearTimeout(command.timer);
      command.reject(
        new StreamCommandError(
          command.action,
          `The connection dropped before the result of ${command.action} arrived; its outcome is unknown. Check the state over REST before sending it again.`,
          { code: 'CONNECTION_LOST' },
        ),
      );
    }

    this.#inflight.clear();
  }

  /** The stream stopped for good: everything waiting fails with `error`'s message. */
  rejectAll(reason: string, cause?: unknown): void {
    this.connectionLost();
    for (const command of this.#queued.splice(0)) {
      clearTimeout(command.timer);
      command.reject(
        new StreamCommandError(
          command.action,
          `The command ${command.action} was not sent: ${reason}`,
          {
            code: 'CLOSED',
            cause,
          },
        ),
      );
    }
  }

  #message(command: PendingCommand): WireMessage {
    const message: WireMessage = { type: 'command', id: command.id, action: command.action };
    if (command.params !== undefined) message.params = command.params;
    return message;
  }

  #expire(command: PendingCommand): void {
    const index = this.#queued.indexOf(command);
    if (index !== -1) this.#queued.splice(index, 1);
    this.#inflight.delete(command.id);
    command.reject(
      new StreamCommandError(
        command.action,
        `The command ${command.action} got no result within ${this.#timeout} ms (commandTimeout)${index === -1 ? '; it was sent, so its outcome is unknown' : '; it was never sent'}.`,
        { code: 'TIMEOUT' },
      ),
    );
  }
}
