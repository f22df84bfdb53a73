/**
 * One stream connection: authentication, subscriptions and filters, resume with a paced
 * replay, commands, ping, the invalid-message and rate-limit budgets, and the slow-consumer
 * bound. Every failure here ends at this connection; none reaches the hub or other sockets.
 */

import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { hasScope } from '../domain/scopes.js';
import { ApiError, type ErrorDetail } from '../http/errors.js';
import type { MockState } from '../http/state.js';
import type { Principal } from '../http/types.js';
import { runCommand } from './commands.js';
import type { HubMember, StreamEntry, StreamHub } from './hub.js';
import {
  CHANNEL_SCOPES,
  checkChannels,
  checkFilters,
  checkId,
  checkSequence,
  CLOSE,
  isRecord,
  MAX_INVALID_MESSAGES,
  MAX_RATE_LIMITED_MESSAGES,
  Problems,
  requestId,
  STREAM_SCOPE,
  type StreamChannel,
} from './protocol.js';
import { SentLog, Subscription } from './subscription.js';

/** Limits and intervals a connection runs with (resolved transport options). */
export interface ConnectionLimits {
  authTimeoutMs: number;
  idleTimeoutMs: number;
  sendBufferLimit: number;
}

/** A replay sends while the socket holds less than this, then waits for it to drain. */
const REPLAY_HIGH_WATER = 512 * 1024;
/** How often a paced replay looks at the socket again. */
const REPLAY_POLL_MS = 5;
/** Events are UTF-8 buffers made once per event; this sends one as a text frame. */
const TEXT_FRAME = { binary: false } as const;

type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'INVALID_REQUEST'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR';

/** Errors that spend the connection's budget of invalid messages. */
const INVALID_CODES: ReadonlySet<ErrorCode> = new Set([
  'INVALID_MESSAGE',
  'UNKNOWN_MESSAGE_TYPE',
  'INVALID_REQUEST',
]);

const KNOWN_TYPES = new Set(['auth', 'subscribe', 'unsubscribe', 'resume', 'command', 'ping']);

interface ErrorExtras {
  id?: string | undefined;
  details?: ErrorDetail[];
  required_scope?: string;
  retry_after?: number;
}

/** A paced replay in progress: what is left to send and the live events held behind it. */
interface Replay {
  entries: StreamEntry[];
  next: number;
  held: StreamEntry[];
  heldBytes: number;
  id: string | undefined;
  from: number;
  timer: NodeJS.Timeout | undefined;
}

function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'sess_';
  for (const byte of randomBytes(12)) id += alphabet[byte % alphabet.length];
  return id;
}

export class StreamConnection implements HubMember {
  readonly sessionId = newSessionId();
  readonly sessionAliases = new Set<string>();
  #principal: Principal | undefined;
  #token = '';
  #subscription = new Subscription();
  /** What was sent on this connection, so that a replay never repeats an event. */
  readonly #sent = new SentLog();
  #replay: Replay | undefined;
  #invalid = 0;
  #rateRefused = 0;
  #lastSeen = Date.now();
  #closing = false;
  #authTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly hub: StreamHub,
    private readonly state: MockState,
    private readonly clientIp: string,
    private readonly limits: ConnectionLimits,
  ) {
    this.#authTimer = setTimeout(() => {
      if (!this.#principal) {
        this.#error(
          'UNAUTHORIZED',
          `No auth message within ${limits.authTimeoutMs / 1000} seconds`,
        );
        this.close(CLOSE.unauthorized, 'Authentication timeout');
      }
    }, limits.authTimeoutMs);
    this.#authTimer.unref();

    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => this.#seen());
    ws.on('ping', () => this.#seen());
    ws.on('error', (error) => state.log.debug('stream connection error:', error.message));
    ws.on('close', () => this.#dispose());
    hub.members.add(this);
  }

  get authenticated(): boolean {
    return this.#principal !== undefined;
  }

  /** True from the moment the server decided to end the connection. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Calls `listener` once the socket has closed (at once if it already has). */
  onClosed(listener: () => void): void {
    if (this.ws.readyState === WebSocket.CLOSED) listener();
    else this.ws.once('close', listener);
  }

  /** Sends a live event when this connection wants it. */
  deliver(entry: StreamEntry): void {
    if (this.#closing || !this.#subscription.wants(entry)) return;
    const replay = this.#replay;
    if (replay) {
      // Live events wait behind the replay; they count against the send-buffer limit too.
      replay.held.push(entry);
      replay.heldBytes += entry.frame.length;
      this.#checkBuffer(replay.heldBytes);
      return;
    }

    this.#sendEntry(entry);
  }

  replace(): void {
    this.close(CLOSE.replaced, 'Replaced by a newer connection of this session');
  }

  /**
   * The heartbeat: drops a connection silent for too long, pings the others, and closes one
   * whose credentials expired or were revoked since they were accepted.
   */
  heartbeat(now: number): void {
    if (now - this.#lastSeen > this.limits.idleTimeoutMs) {
      this.terminate();
      return;
    }

    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
    if (this.#principal && !this.#closing) {
      try {
        this.hub.backend.credentials.authenticate(this.#token, this.clientIp);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
          this.#error('UNAUTHORIZED', `The credentials are no longer valid: ${error.message}`);
          this.close(CLOSE.unauthorized, 'Credentials expired or revoked');
        }
      }
    }
  }

  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#stopReplay();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** Drops the connection without a close frame (the client sees 1006). */
  terminate(): void {
    this.#closing = true;
    this.#stopReplay();
    this.ws.terminate();
  }

  #dispose(): void {
    this.#closing = true;
    clearTimeout(this.#authTimer);
    this.#stopReplay();
    this.hub.members.delete(this);
  }

  #seen(): void {
    this.#lastSeen = Date.now();
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.#seen();
    if (this.#closing) return;
    try {
      this.#handle(data, isBinary);
    } catch (error) {
      // A bug of ours must not take the process (or other connections) down.
      this.state.log.error('stream message handler failed:', error);
      this.#error('INTERNAL_ERROR', 'The server failed to handle the message');
    }
  }

  #handle(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#error(
        'INVALID_MESSAGE',
        'Binary frames are not accepted; send one JSON object per text frame',
      );
      return;
    }

    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.#error('INVALID_MESSAGE', 'The message is not valid JSON');
      return;
    }

    if (!isRecord(message) || typeof message.type !== 'string') {
      this.#error('INVALID_MESSAGE', 'A message must be a JSON object with a string `type`');
      return;
    }

    const id = requestId(message);
    if (!KNOWN_TYPES.has(message.type)) {
      this.#error('UNKNOWN_MESSAGE_TYPE', `Unknown message type '${message.type.slice(0, 64)}'`, {
        id,
      });
      return;
    }

    if (message.type === 'auth' && !this.#principal) {
      this.#auth(message);
      return;
    }

    if (!this.#principal) {
      this.#error('UNAUTHORIZED', 'Authenticate with an auth message first.', { id });
      return;
    }

    if (!this.#takeRateToken(this.#principal, id)) return;

    switch (message.type) {
      case 'auth':
        this.#auth(message);
        break;
      case 'subscribe':
        this.#subscribe(message);
        break;
      case 'unsubscribe':
        this.#unsubscribe(message);
        break;
      case 'resume':
        this.#resume(message);
        break;
      case 'command':
        this.#command(message);
        break;
      default:
        this.#send({ type: 'pong', ...(id ? { id } : {}), server_time: this.#now() });
    }
  }

  /** Spends one of the plan's requests; refuses the message when none is left. */
  #takeRateToken(principal: Principal, id: string | undefined): boolean {
    const refusal = this.state.limiter.take(principal.id).refusal;
    if (!refusal) {
      this.#rateRefused = 0;
      return true;
    }

    this.#error('RATE_LIMIT_EXCEEDED', 'Stream rate limit exceeded', {
      id,
      retry_after: Math.max(1, refusal.retryAfter),
    });
    if (++this.#rateRefused >= MAX_RATE_LIMITED_MESSAGES) {
      this.close(CLOSE.rateLimited, 'Rate limit exceeded');
    }

    return false;
  }

  #auth(message: Record<string, unknown>): void {
    const id = requestId(message);
    const token = message.token;
    if (typeof token !== 'string' || token.length === 0) {
      this.#error('INVALID_REQUEST', 'The auth message needs a token', {
        id,
        details: [
          {
            field: 'token',
            issue: token === undefined ? 'Required' : 'Must be a non-empty string',
          },
        ],
      });
      return;
    }

    let principal: Principal;
    try {
      principal = this.hub.backend.credentials.authenticate(token, this.clientIp);
    } catch (error) {
      const forbidden = error instanceof ApiError && error.code === 'FORBIDDEN';
      const text = error instanceof Error ? error.message : 'Invalid credentials';
      this.#error(forbidden ? 'FORBIDDEN' : 'UNAUTHORIZED', text, { id });
      this.close(
        forbidden ? CLOSE.forbidden : CLOSE.unauthorized,
        forbidden ? 'Forbidden' : 'Invalid credentials',
      );
      return;
    }

    if (!hasScope(principal.scopes, STREAM_SCOPE)) {
      this.#error('FORBIDDEN', `The stream requires the scope ${STREAM_SCOPE}.`, {
        id,
        required_scope: STREAM_SCOPE,
      });
      this.close(CLOSE.forbidden, 'Missing scope threats:read');
      return;
    }

    clearTimeout(this.#authTimer);
    this.#principal = principal;
    this.#token = token;
    this.hub.noteSession(this.sessionId, principal.id);

    // New credentials may read less: drop what they cannot, and say so.
    const dropped = this.#subscription.channels.filter(
      (channel) => !hasScope(principal.scopes, CHANNEL_SCOPES[channel]),
    );
    if (dropped.length > 0) this.#resubscribe(this.#subscription.without(dropped));

    this.#send({
      type: 'auth_ok',
      principal: principal.id,
      scopes: [...principal.scopes],
      session_id: this.sessionId,
      resume_window: this.hub.window(),
    });

    if (dropped.length > 0) {
      const first = dropped[0] as StreamChannel;
      this.#error(
        'FORBIDDEN',
        `The new credentials cannot read the channel${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')}; unsubscribed.`,
        {
          details: dropped.map((channel) => ({
            field: 'channels',
            issue: `${channel} requires the scope ${CHANNEL_SCOPES[channel]}`,
          })),
          required_scope: CHANNEL_SCOPES[first],
        },
      );
    }
  }

  #subscribe(message: Record<string, unknown>): void {
    const id = requestId(message);
    const problems = new Problems();
    checkId(problems, message);
    const channels = checkChannels(problems, message.channels);
    const filters =
      message.filters === undefined ? undefined : checkFilters(problems, message.filters);
    if (!problems.empty) {
      this.#error('INVALID_REQUEST', 'The subscribe message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    // A channel the credentials cannot read refuses the whole request; nothing changes.
    const scopes = (this.#principal as Principal).scopes;
    const refused = (message.channels as string[])
      .map((channel, index) => ({ channel: channel as StreamChannel, index }))
      .filter(({ channel }) => !hasScope(scopes, CHANNEL_SCOPES[channel]));
    if (refused.length > 0) {
      const { channel } = refused[0] as { channel: StreamChannel };
      this.#error(
        'FORBIDDEN',
        `The channel ${channel} requires the scope ${CHANNEL_SCOPES[channel]}.`,
        {
          id,
          details: refused.map(({ channel: name, index }) => ({
            field: `channels[${index}]`,
            issue: `Requires the scope ${CHANNEL_SCOPES[name]}`,
          })),
          required_scope: CHANNEL_SCOPES[channel],
        },
      );
      return;
    }

    this.#resubscribe(this.#subscription.with(channels, filters));
    this.#send({
      type: 'subscribed',
      ...(id ? { id } : {}),
      channels: this.#subscription.channels,
      filters: this.#subscription.filters,
    });
  }

  #unsubscribe(message: Record<string, unknown>): void {
    const id = requestId(message);
    const problems = new Problems();
    checkId(problems, message);
    const channels = checkChannels(problems, message.channels);
    if (!problems.empty) {
      this.#error('INVALID_REQUEST', 'The unsubscribe message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    this.#resubscribe(this.#subscription.without(channels));
    this.#send({
      type: 'unsubscribed',
      ...(id ? { id } : {}),
      channels: this.#subscription.channels,
    });
  }

  #resume(message: Record<string, unknown>): void {
    const id = requestId(message);
    const problems = new Problems();
    checkId(problems, message);
    const from = checkSequence(problems, message.from_sequence);
    const session = message.session_id;
    if (session !== undefined && typeof session !== 'string') {
      problems.add('session_id', 'Must be a string');
    }

    const window = this.hub.window();
    if (problems.empty && from > window.latest_sequence) {
      problems.add('from_sequence', `Greater than the latest sequence ${window.latest_sequence}`);
    }

    if (problems.empty && this.#replay) {
      problems.add('type', 'A resume is already in progress on this connection');
    }

    if (!problems.empty) {
      this.#error('INVALID_REQUEST', 'The resume message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    const principal = this.#principal as Principal;
    if (typeof session === 'string' && session !== this.sessionId) {
      const owner = this.hub.sessionOwner(session);
      if (owner !== undefined && owner !== principal.id) {
        this.#error('FORBIDDEN', 'The session belongs to other credentials', {
          id,
          details: [{ field: 'session_id', issue: 'Not a session of these credentials' }],
        });
        return;
      }

      // The older connection of that session may be half dead; this one carries on.
      this.sessionAliases.add(session);
      this.hub.noteSession(session, principal.id);
      this.hub.replaceSession(session, this);
    }

    if (from < window.oldest_sequence - 1) {
      this.#send({
        type: 'resume_failed',
        ...(id ? { id } : {}),
        from_sequence: from,
        oldest_available: window.oldest_sequence,
        reason: 'too_old',
      });
      return;
    }

    const entries = this.hub
      .since(from)
      .filter((entry) => this.#subscription.wants(entry) && !this.#sent.wasSent(entry));
    this.#sent.replayed(this.#subscription, from, window.latest_sequence);
    this.#replay = { entries, next: 0, held: [], heldBytes: 0, id, from, timer: undefined };
    this.#pumpReplay();
  }

  /** Sends the replay in slices that keep the socket's buffer small, then the held live events. */
  #pumpReplay(): void {
    const replay = this.#replay;
    if (!replay || this.#closing) return;
    replay.timer = undefined;
    while (replay.next < replay.entries.length) {
      if (this.ws.bufferedAmount >= REPLAY_HIGH_WATER) {
        replay.timer = setTimeout(() => this.#pumpReplay(), REPLAY_POLL_MS);
        return;
      }

      this.#sendEntry(replay.entries[replay.next++] as StreamEntry);
      if (this.#closing) return;
    }

    this.#replay = undefined;
    this.#send({
      type: 'resumed',
      ...(replay.id ? { id: replay.id } : {}),
      from_sequence: replay.from,
      replayed: replay.entries.length,
    });
    // Held events passed the subscription when they arrived; they are sent as they are.
    for (const entry of replay.held) this.#sendEntry(entry);
  }

  #stopReplay(): void {
    if (this.#replay?.timer) clearTimeout(this.#replay.timer);
    this.#replay = undefined;
  }

  #command(message: Record<string, unknown>): void {
    const id = requestId(message);
    if (id === undefined) {
      this.#error(
        'INVALID_REQUEST',
        'A command needs an id, so that its result can be matched to it',
        {
          details: [
            {
              field: 'id',
              issue:
                message.id === undefined ? 'Required' : 'Must be a string of 1 to 128 characters',
            },
          ],
        },
      );
      return;
    }

    this.#send(
      runCommand(this.hub, (this.#principal as Principal).scopes, id, message, this.state.log),
    );
  }

  #sendEntry(entry: StreamEntry): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(entry.frame, TEXT_FRAME);
    this.#checkBuffer(0);
  }

  /** Changes the subscription; live events from now on follow the new one. */
  #resubscribe(subscription: Subscription): void {
    this.#subscription = subscription;
    const window = this.hub.window();
    this.#sent.prune(window.oldest_sequence);
    this.#sent.live(subscription, window.latest_sequence);
  }

  /** Closes a slow consumer: the socket's buffer (plus events held for it) over the limit. */
  #checkBuffer(extra: number): void {
    if (this.ws.bufferedAmount + extra > this.limits.sendBufferLimit) {
      this.state.log.debug('stream slow consumer closed');
      this.close(CLOSE.slowConsumer, 'Slow consumer: send buffer limit exceeded');
    }
  }

  #send(message: Record<string, unknown>): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(message));
    this.#checkBuffer(0);
  }

  #error(code: ErrorCode, message: string, extras: ErrorExtras = {}): void {
    const { id, ...rest } = extras;
    this.#send({ type: 'error', code, message, ...(id ? { id } : {}), ...rest });
    if (INVALID_CODES.has(code) && ++this.#invalid >= MAX_INVALID_MESSAGES) {
      this.close(CLOSE.badRequest, 'Too many invalid messages');
    }
  }

  #now(): string {
    return this.hub.backend.clock.nowIso();
  }
}
