/**
 * What every integration example shares: following one stream event with a sink (in order, each
 * threat once), reading whole pages of a REST list, and the few lines that let each file run as
 * a script.
 *
 * In your own code, import from `@cyberfortress/sdk` instead of the source path.
 */

import { pathToFileURL } from 'node:url';
import type { CyberFortress, StreamEvents, Threat, ThreatListParams } from '../../src/index.js';

/** A handle on a running stream forwarder. */
export interface Forwarding {
  /** Resolves once everything handed over so far has been sent (or has failed and been reported). */
  idle(): Promise<void>;
  /**
   * Marks a key as sent and says whether it was new: a backfill that runs beside the stream
   * calls it for each threat, so that a threat both read and streamed is sent once.
   */
  claim(key: string): boolean;
  /** Stops forwarding: removes the handler and closes the client's stream. */
  stop(): void;
}

/** What `forwardStream` takes besides the client and the event. */
export interface ForwardStreamOptions<E extends keyof StreamEvents> {
  /** Sends one event's payload to the sink; it is awaited before the next one starts. */
  send: (...args: StreamEvents[E]) => Promise<void>;
  /** What makes two events the same, so that the sink gets each one once (a threat id). */
  key: (...args: StreamEvents[E]) => string;
  /** Whether to forward the event at all. @default every event */
  filter?: (...args: StreamEvents[E]) => boolean;
  /**
   * Told when a send fails. The forwarder goes on with the next event, since the stream would
   * otherwise stall behind a sink that is down; the key is forgotten so that a later copy of the
   * same event can be sent.
   * @default console.error
   */
  onError?: (error: unknown) => void;
}

/**
 * Subscribes `send` to one stream event and connects. Sends run one at a time, in the order the
 * stream delivered the events (the stream itself never delivers an event twice, even across
 * reconnects; the key guards against the same threat arriving twice by other ways).
 *
 * @example
 * const forwarding = await forwardStream(client, 'threat_detected', { send: post, key: (t) => t.id });
 */
export async function forwardStream<E extends keyof StreamEvents>(
  client: CyberFortress,
  event: E,
  options: ForwardStreamOptions<E>,
): Promise<Forwarding> {
  const { send, key, filter, onError = (error) => console.error(error) } = options;
  const seen = new Set<string>();
  let queue: Promise<void> = Promise.resolve();

  const claim = (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };

  // Typed by hand: `on` cannot see that a listener of a generic `E` fits `StreamListener<E>`.
  const handler = ((...args: StreamEvents[E]) => {
    if (filter && !filter(...args)) return;
    const id = key(...args);
    if (!claim(id)) return;

    queue = queue.then(() =>
      send(...args).catch((error: unknown) => {
        seen.delete(id);
        onError(error);
      }),
    );
  }) as never;

  const off = client.stream.on(event, handler);
  try {
    await client.stream.connect();
  } catch (error) {
    // A stream that stops for good before it opens (a refused key) forwards nothing.
    off();
    throw error;
  }

  return {
    idle: () => queue,
    claim,
    stop: () => {
      off();
      client.stream.close();
    },
  };
}

/**
 * Walks every threat that `params` selects, a page at a time, so that a sink that takes batches
 * gets one request per page. The window should have a `to`, so that threats detected while it
 * is read do not shift the pages. Given the stream's `forwarding`, it skips threats already sent.
 *
 * @example
 * for await (const page of threatPages(client, { severity: ['critical'], from, to })) await send(page);
 */
export async function* threatPages(
  client: CyberFortress,
  params: ThreatListParams,
  forwarding?: Pick<Forwarding, 'claim'>,
): AsyncGenerator<Threat[]> {
  // Threats the stream already sent are left out when a forwarding is given.
  const fresh = (threats: Threat[]) =>
    forwarding ? threats.filter((threat) => forwarding.claim(threat.id)) : threats;

  let page = await client.threats.list({ limit: 100, ...params });
  for (;;) {
    const threats = fresh(page.data);
    if (threats.length > 0) yield threats;
    if (!page.hasNextPage()) return;
    page = await page.getNextPage();
  }
}

/** Seconds since the epoch, with milliseconds, as Splunk's `time` takes it. */
export function epochSeconds(isoTime: string): number {
  return Date.parse(isoTime) / 1000;
}

/** Whether `moduleUrl` (`import.meta.url`) is the file that node or tsx was asked to run. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === moduleUrl;
}

/** An environment variable the script cannot run without. */
export function requireEnv(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`Set ${name}; see the comment at the top of this file.`);
    process.exit(1);
  }

  return value;
}

/** Resolves on Ctrl-C or SIGTERM, so a script can close its stream and exit cleanly. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** A sink answered with an error status; `body` is what it said. */
export class SinkError extends Error {
  override name = 'SinkError';

  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

/**
 * Reads a sink's reply, throwing `SinkError` (named after the sink) unless the status is 2xx.
 * Resolves to the parsed JSON body, or `undefined` for an empty one.
 */
export async function readReply(sink: string, response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) {
    throw new SinkError(`${sink} answered ${response.status}: ${text}`, response.status, text);
  }

  return text === '' ? undefined : JSON.parse(text);
}
