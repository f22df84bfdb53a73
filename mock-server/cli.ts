/**
 * `cyberfortress-mock`: serves the mock backend on a port until SIGINT or SIGTERM.
 * It loads the domain and the listener only (not msw), so it starts in well under a second.
 */

import { readFileSync } from 'node:fs';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './cli-args.js';
import { LOG_PREFIX } from './http/log.js';
import { describePlan, resolvePlan } from './http/plans.js';

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

  const listening = await mock.listen({ port: options.port, host: options.host });
  const { apiKey, oauth } = mock.credentials;
  const rest = `${listening.url}/v1`;
  process.stdout.write(
    [
      `${LOG_PREFIX} listening on ${listening.url}`,
      `  REST API:       ${rest}`,
      `  Control API:    ${listening.url}/__mock (reset, clock, counters, credentials)`,
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

  // Close the server (ending keep-alive sockets) before exiting, so a supervisor sees a clean stop.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    mock.state.log.info(`received ${signal}, shutting down`);
    listening.close().then(
      () => process.exit(0),
      (error: unknown) => {
        mock.state.log.error('failed to close cleanly:', error);
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
