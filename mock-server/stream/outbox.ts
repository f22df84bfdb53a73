/**
 * The sending side of one stream connection: JSON replies, event frames, `error` messages with
 * the budget of invalid messages they spend, and the slow-consumer bound on the socket's buffer.
 */

import WebSocket from 'ws';
import type { ErrorDetail } from '../http/errors.js';
import type { MockLogger } from '../http/log.js';
import type { StreamEntry } from './hub.js';
import {
  CLOSE,
  INVALID_MESSAGE_CODES,
  MAX_INVALID_MESSAGES,
  type StreamErrorCode,
} from './protocol.js';

/** Events are UTF-8 buffers made once per event; this sends one as a text frame. */
const TEXT_FRAME = { binary: false } as const;

/** Members an `error` message may carry besides its code and message. */
export interface ErrorExtras {
  id?: string | undefined;
  details?: ErrorDetail[];
  required_scope?: string;
  retry_after?: number;
}

/**
 * Writes to one connection's socket, and closes the connection (through `close`) when the client
 * reads too slowly or has sent too many invalid messages.
 * @internal used by the stream connection and its feed
 */
export class Outbox {
  #invalid = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly sendBufferLimit: number,
    private readonly log: MockLogger,
    private readonly close: (code: number, reason: string) => void,
  ) {}

  /** Bytes the socket holds that the client has not read yet. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Sends a reply as JSON, while the socket is open. */
  send(message: Record<string, unknown>): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(message));
    this.checkBuffer(0);
  }

  /** Sends an event's frame as it is, while the socket is open. */
  sendEntry(entry: StreamEntry): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(entry.frame, TEXT_FRAME);
    this.checkBuffer(0);
  }

  /** Sends an `error` message; one refusing an invalid message also spends the budget. */
  error(code: StreamErrorCode, message: string, extras: ErrorExtras = {}): void {
    const { id, ...rest } = extras;
    this.send({ type: 'error', code, message, ...(id ? { id } : {}), ...rest });
    if (INVALID_MESSAGE_CODES.has(code) && ++this.#invalid >= MAX_INVALID_MESSAGES) {
      this.close(CLOSE.badRequest, 'Too many invalid messages');
    }
  }

  /** Closes a slow consumer: the socket's buffer (plus `extra` bytes held for it) over the limit. */
  checkBuffer(extra: number): void {
    if (this.ws.bufferedAmount + extra > this.sendBufferLimit) {
      this.log.debug('stream slow consumer closed');
      this.close(CLOSE.slowConsumer, 'Slow consumer: send buffer limit exceeded');
    }
  }
}
