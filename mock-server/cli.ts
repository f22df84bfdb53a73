/**
 * `cyberfortress-mock`: serves the mock backend on a port until SIGINT or SIGTERM.
 * It loads the domain and the listener only (not msw), so it starts in well under a second.
 */

import { readFileSync } from 'node:fs';
import {
  parseCliArgs,
  USAGE,
  UsageError,
  type CliOptions,
  type ListenOptions,
} from './cli-args.js';
import { LOG_PREFIX } from './http/log.js';
import { describePlan, resolvePlan } from './http/plans.js';
import type { MockRuntime } from './http/runtime.js';

/** The package version, found by walking up from this file (source and built layouts differ). */
function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };

      if (pkg.name === '@cyberfortress/sdk' && pkg.version) return pkg.version;
    } catch {
      // Not at this level; try the next one up.
    }
  }

  return 'unknown';
}

/**
 * The mock's WebSocket endpoints: the threat stream at /v1/threats (with the simulator when
 * --events-per-second is given) and GraphQL subscriptions (graphql-ws) at /graphql.
 */
async function attachSockets(mock: MockRuntime, options: CliOptions): Promise<void> {
  const [{ createStreamTransport }, { createGraphqlTransport }] = await Promise.all([
    import('./stream/transport.js'),
    import('./graphql/ws.js'),
  ]);
  mock.useUpgrade(
    createStreamTransport({ simulator: { eventsPerSecond: options.eventsPerSecond } }),
  );
  mock.useUpgrade(createGraphqlTransport());
}

async function serve(options: CliOptions): Promise<void> {
  // Loaded here, after the flags are checked, so --help and a bad flag answer at once.
  const [{ MockBackend }, { routes }, { createMockRuntime }] = await Promise.all([
    import('./domain/backend.js'),
    import('./http/routes/index.js'),
    import('./http/runtime.js'),
  ]);
  const backend = new MockBackend({ seed: options.seed });
  const mock = createMockRuntime(backend, routes, {
    plan: options.plan,
    apiKeys: options.apiKeys,
    logLevel: options.logLevel,
  });
  await attachSockets(mock, options);

  const listening = await mock.listen({ port: options.port, host: options.host });
  const { apiKey, oauth } = mock.credentials;
  const rest = `${listening.url}/v1`;
  process.stdout.write(
    [
      `${LOG_PREFIX} listening on ${listening.url}`,
      `  REST API:       ${rest}`,
      `  Control API:    ${listening.url}/__mock (reset, clock, counters, credentials)`,
      `  Stream:         ${listening.url.replace(/^http/, 'ws')}/v1/threats (${options.eventsPerSecond} simulated threats/s)`,
      `  GraphQL:        ${listening.url}/graphql (subscriptions: graphql-ws on the same path)`,
      `  Seed:           ${backend.seed}`,
      `  Plan:           ${options.plan} (${describePlan(resolvePlan(options.plan))})`,
      `  API key:        ${apiKey}`,
      `  OAuth client:   client_id=${oauth.clientId} client_secret=${oauth.clientSecret}`,
      ...(options.apiKeys.length > 0
        ? [`  Extra API keys: ${options.apiKeys.length} (every scope)`]
        : []),
      `  Try:            curl -H "Authorization: Bearer ${apiKey}" "${rest}/threats?limit=5"`,
      '',
    ].join('\n'),
  );

  stopOnSignals(mock.state.log, listening);
}

/**
 * `listen`: the mock as `serve` runs it, plus a forwarder that delivers each of its events,
 * signed, to `--forward-to`, printing one line per attempt.
 */
async function listen(options: CliOptions, listenOptions: ListenOptions): Promise<void> {
  const [{ MockBackend }, { routes }, { createMockRuntime }, forwarding, { WEBHOOK_EVENTS }] =
    await Promise.all([
      import('./domain/backend.js'),
      import('./http/routes/index.js'),
      import('./http/runtime.js'),
      import('./webhooks/forwarder.js'),
      import('./domain/webhooks.js'),
    ]);
  const unknown = (listenOptions.events ?? []).filter(
    (event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `--events: unknown event ${unknown.join(', ')}; known: ${WEBHOOK_EVENTS.join(', ')}`,
    );
  }

  const backend = new MockBackend({ seed: options.seed });
  const mock = createMockRuntime(backend, routes, {
    plan: options.plan,
    apiKeys: options.apiKeys,
    logLevel: options.logLevel,
  });
  await attachSockets(mock, options);
  const secret = listenOptions.secret ?? forwarding.generateSecret();
  const forwarder = new forwarding.Forwarder({
    events: backend.events,
    clock: backend.clock,
    url: listenOptions.forwardTo,
    secret,
    only: listenOptions.events as (typeof WEBHOOK_EVENTS)[number][] | undefined,
    onAttempt: (report) => process.stdout.write(`${forwarding.formatAttempt(report)}\n`),
  });

  const listening = await mock.listen({ port: options.port, host: options.host });
  const { apiKey } = mock.credentials;
  process.stdout.write(
    [
      `${LOG_PREFIX} listening on ${listening.url}`,
      `  REST API:       ${listening.url}/v1`,
      `  Control API:    ${listening.url}/__mock (inject a threat: POST /__mock/threats)`,
      `  API key:        ${apiKey}`,
      `  Forwarding to:  ${listenOptions.forwardTo}`,
      `  Events:         ${listenOptions.events?.join(', ') ?? 'all'}`,
      `  Signing secret: ${secret}`,
      '',
    ].join('\n'),
  );

  stopOnSignals(mock.state.log, listening, () => {
    forwarder.stop();
    backend.close();
  });
}

/**
 * Closes the server (ending keep-alive sockets) on SIGINT or SIGTERM before exiting, so a
 * supervisor sees a clean stop: exit 0, or 1 when closing failed.
 */
function stopOnSignals(
  log: { info(...args: unknown[]): void; error(...args: unknown[]): void },
  listening: { close(): Promise<void> },
  beforeClose: () => void = () => {},
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`received ${signal}, shutting down`);
    beforeClose();
    listening.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('failed to close cleanly:', error);
        process.exit(1);
      },
    );
  };

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    const command = parseCliArgs(argv);
    if (command.kind === 'help') {
      process.stdout.write(USAGE);
      return;
    }

    if (command.kind === 'version') {
      process.stdout.write(`${packageVersion()}\n`);
      return;
    }

    if (command.kind === 'listen') {
      await listen(command.options, command.listen);
      return;
    }

    await serve(command.options);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${LOG_PREFIX} ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }

    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`${LOG_PREFIX} cannot listen: ${(error as Error).message}\n`);
      process.exit(1);
    }

    throw error;
  }
}

await main(process.argv.slice(2));
