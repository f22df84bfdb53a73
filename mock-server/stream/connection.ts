/**
 * One stream connection: its lifecycle (the authentication deadline, the heartbeat, closing),
 * reading and dispatching client messages within the invalid-message and rate-limit budgets,
 * authentication, `resume` and `command`. Sending lives in the outbox and subscriptions with
 * their replay in the feed. Every failure here ends at this connection; none reaches the hub or
 * other sockets.
 */

import WebSocket from 'ws';
import { hasScope } from '../domain/scopes.js';
import { ApiError } from '../http/errors.js';
import type { MockState } from '../http/state.js';
import type { Principal } from '../http/types.js';
import { runCommand } from './commands.js';
import { ConnectionFeed } from './feed.js';
import { createSessionId, type HubMember, type StreamEntry, type StreamHub } from './hub.js';
import { Outbox } from './outbox.js';
import {
  checkId,
  checkSequence,
  CLOSE,
  MAX_RATE_LIMITED_MESSAGES,
  parseClientMessage,
  Problems,
  requestId,
  STREAM_SCOPE,
} from './protocol.js';

/** Limits and intervals a connection runs with (resolved transport options). */
export interface ConnectionLimits {
  authTimeoutMs: number;
  idleTimeoutMs: number;
  sendBufferLimit: number;
}

/**
 * One WebSocket connection of the stream, from the upgrade to the close: a member of the hub
 * that receives every event, and the server side of the client's requests.
 * @internal created by the stream transport for each accepted socket
 */
export class StreamConnection implements HubMember {
  readonly sessionId = createSessionId();
  readonly sessionAliases = new Set<string>();
  #principal: Principal | undefined;
  #token = '';
  readonly #outbox: Outbox;
  readonly #feed: ConnectionFeed;
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
    this.#outbox = new Outbox(ws, limits.sendBufferLimit, state.log, (code, reason) =>
      this.close(code, reason),
    );
    this.#feed = new ConnectionFeed(hub, this.#outbox, () => this.#closing);

    // A connection that never authenticates does not hold a socket for long.
    this.#authTimer = setTimeout(() => {
      if (!this.#principal) {
        this.#outbox.error(
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

  /** True once an `auth` message was accepted. */
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
    if (this.#closing) return;
    this.#feed.deliver(entry);
  }

  /** Closes (4409) this connection: a newer one resumed its session. */
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
          this.#outbox.error(
            'UNAUTHORIZED',
            `The credentials are no longer valid: ${error.message}`,
          );
          this.close(CLOSE.unauthorized, 'Credentials expired or revoked');
        }
      }
    }
  }

  /** Ends the connection with a close frame; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#feed.stop();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** Drops the connection without a close frame (the client sees 1006). */
  terminate(): void {
    this.#closing = true;
    this.#feed.stop();
    this.ws.terminate();
  }

  #dispose(): void {
    this.#closing = true;
    clearTimeout(this.#authTimer);
    this.#feed.stop();
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
      this.#outbox.error('INTERNAL_ERROR', 'The server failed to handle the message');
    }
  }

  #handle(data: WebSocket.RawData, isBinary: boolean): void {
    // Only text frames carry messages; each must read as one known message.
    if (isBinary) {
      this.#outbox.error(
        'INVALID_MESSAGE',
        'Binary frames are not accepted; send one JSON object per text frame',
      );
      return;
    }

    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.#outbox.error(parsed.code, parsed.text, { id: parsed.id });
      return;
    }

    // Until it authenticates, a connection may only send `auth`, and that costs no rate token.
    const { message, type, id } = parsed;
    if (type === 'auth' && !this.#principal) {
      this.#auth(message);
      return;
    }

    if (!this.#principal) {
      this.#outbox.error('UNAUTHORIZED', 'Authenticate with an auth message first.', { id });
      return;
    }

    if (!this.#takeRateToken(this.#principal, id)) return;

    // Authenticated and within the plan's rate: the message does what its type says.
    switch (type) {
      case 'auth':
        this.#auth(message);
        break;
      case 'subscribe':
        this.#feed.subscribe(message, this.#principal.scopes);
        break;
      case 'unsubscribe':
        this.#feed.unsubscribe(message);
        break;
      case 'resume':
        this.#resume(message);
        break;
      case 'command':
        this.#command(message);
        break;
      default:
        this.#outbox.send({ type: 'pong', ...(id ? { id } : {}), server_time: this.#now() });
    }
  }

  /** Spends one of the plan's requests; refuses the message when none is left. */
  #takeRateToken(principal: Principal, id: string | undefined): boolean {
    const refusal = this.state.limiter.take(principal.id).refusal;
    if (!refusal) {
      this.#rateRefused = 0;
      return true;
    }

    this.#outbox.error('RATE_LIMIT_EXCEEDED', 'Stream rate limit exceeded', {
      id,
      retry_after: Math.max(1, refusal.retryAfter),
    });
    if (++this.#rateRefused >= MAX_RATE_LIMITED_MESSAGES) {
      this.close(CLOSE.rateLimited, 'Rate limit exceeded');
    }

    return false;
  }

  #auth(message: Record<string, unknown>): void {
    // A missing token is a malformed request; the connection stays open for a proper one.
    const id = requestId(message);
    const token = message.token;
    if (typeof token !== 'string' || token.length === 0) {
      this.#outbox.error('INVALID_REQUEST', 'The auth message needs a token', {
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

    // Credentials that fail, or that cannot read the stream at all, end the connection.
    let principal: Principal;
    try {
      principal = this.hub.backend.credentials.authenticate(token, this.clientIp);
    } catch (error) {
      const forbidden = error instanceof ApiError && error.code === 'FORBIDDEN';
      const text = error instanceof Error ? error.message : 'Invalid credentials';
      this.#outbox.error(forbidden ? 'FORBIDDEN' : 'UNAUTHORIZED', text, { id });
      this.close(
        forbidden ? CLOSE.forbidden : CLOSE.unauthorized,
        forbidden ? 'Forbidden' : 'Invalid credentials',
      );
      return;
    }

    if (!hasScope(principal.scopes, STREAM_SCOPE)) {
      this.#outbox.error('FORBIDDEN', `The stream requires the scope ${STREAM_SCOPE}.`, {
        id,
        required_scope: STREAM_SCOPE,
      });
      this.close(CLOSE.forbidden, 'Missing scope threats:read');
      return;
    }

    // Accepted: a later `auth` replaces these credentials on the same session.
    clearTimeout(this.#authTimer);
    this.#principal = principal;
    this.#token = token;
    this.hub.noteSession(this.sessionId, principal.id);

    this.#outbox.send({
      type: 'auth_ok',
      principal: principal.id,
      scopes: [...principal.scopes],
      session_id: this.sessionId,
      resume_window: this.hub.window(),
    });

    // New credentials may read less: drop what they cannot, and say so.
    this.#feed.narrowTo(principal.scopes);
  }

  #resume(message: Record<string, unknown>): void {
    // Every problem of the message is reported at once, as REST validation does.
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

    if (problems.empty && this.#feed.replaying) {
      problems.add('type', 'A resume is already in progress on this connection');
    }

    if (!problems.empty) {
      this.#outbox.error('INVALID_REQUEST', 'The resume message is invalid', {
        id,
        details: problems.details,
      });
      return;
    }

    // Taking over another session needs the credentials that opened it.
    const principal = this.#principal as Principal;
    if (typeof session === 'string' && session !== this.sessionId) {
      const owner = this.hub.sessionOwner(session);
      if (owner !== undefined && owner !== principal.id) {
        this.#outbox.error('FORBIDDEN', 'The session belongs to other credentials', {
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

    // Events already gone from the buffer cannot be replayed; the client must start over.
    if (from < window.oldest_sequence - 1) {
      this.#outbox.send({
        type: 'resume_failed',
        ...(id ? { id } : {}),
        from_sequence: from,
        oldest_available: window.oldest_sequence,
        reason: 'too_old',
      });
      return;
    }

    // Within the buffer: replay what this connection missed, then carry on live.
    this.#feed.replay(from, window.latest_sequence, id);
  }

  #command(message: Record<string, unknown>): void {
    // A result without an id could not be matched to its command, so one is required.
    const id = requestId(message);
    if (id === undefined) {
      this.#outbox.error(
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

    this.#outbox.send(
      runCommand(this.hub, (this.#principal as Principal).scopes, id, message, this.state.log),
    );
  }

  #now(): string {
    return this.hub.backend.clock.nowIso();
  }
}
