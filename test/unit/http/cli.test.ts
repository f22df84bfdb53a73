import { spawn } from 'node:child_process';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../../mock-server/cli-args.js';

const ROOT = new URL('../../../', import.meta.url);

describe('parseCliArgs', () => {
  it('applies the defaults', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'serve',
      options: {
        port: 4010,
        host: '127.0.0.1',
        seed: undefined,
        plan: 'professional',
        apiKeys: [],
        logLevel: 'warn',
        eventsPerSecond: 0,
      },
    });
  });

  it('reads every flag, with repeated API keys', () => {
    const command = parseCliArgs([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--seed',
      '7',
      '--plan',
      'custom',
      '--api-key',
      'key-one-123',
      '--api-key=key-two-456',
      '--log-level',
      'debug',
      '--events-per-second',
      '25',
    ]);
    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 0,
        host: '0.0.0.0',
        seed: 7,
        plan: 'custom',
        apiKeys: ['key-one-123', 'key-two-456'],
        logLevel: 'debug',
        eventsPerSecond: 25,
      },
    });
  });

  it('recognises help and version', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
  });

  it('refuses bad values with a message naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['--port', 'abc'], /--port/],
      [['--events-per-second', '-5'], /--events-per-second/],
      [['--seed', '-1'], /--seed/],
      [['--plan', 'gold'], /--plan must be one of personal, professional, enterprise, custom/],
      [['--log-level', 'loud'], /--log-level/],
      [['--api-key', 'short'], /--api-key/],
      [['--colour'], /Unknown option/],
      [['serve'], /positional/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCliArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseCliArgs(argv)).toThrow(message);
    }
  });
});

function runCli(args: string[]) {
  // tsx's own entry rather than `npx tsx`: npx would take the signal itself instead of passing it on.
  const tsx = new URL('node_modules/tsx/dist/cli.mjs', ROOT).pathname;
  const child = spawn(process.execPath, [tsx, 'mock-server/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('cyberfortress-mock CLI', () => {
  it('starts on a free port, prints the URL and credentials, serves, and stops on SIGTERM with 0', async () => {
    const cli = runCli(['--port', '0', '--plan', 'personal']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no URL printed: ${JSON.stringify(cli.output())}`)),
        15_000,
      );
      cli.child.stdout.on('data', () => {
        const match = /REST API:\s+(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(cli.output().stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
    });

    const { stdout } = cli.output();
    expect(stdout).toMatch(/API key:\s+\S+/);
    expect(stdout).toMatch(/OAuth client:\s+client_id=\S+ client_secret=\S+/);
    expect(stdout).toMatch(
      /curl -H "Authorization: Bearer \S+" "http:\/\/127\.0\.0\.1:\d+\/v1\/threats\?limit=5"/,
    );

    const health = await fetch(`${url}/__mock/health`);
    expect(await health.json()).toEqual({ ok: true });
    const credentials = await (await fetch(`${url}/__mock/credentials`)).json();
    expect(credentials.plan).toBe('personal');

    // GraphQL subscriptions on the same port: a threat injected through the control API arrives.
    expect(stdout).toContain(`GraphQL:        ${url}/graphql`);
    const apiKey = /API key:\s+(\S+)/.exec(stdout)?.[1] as string;
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${apiKey}` },
      lazy: false,
      retryAttempts: 0,
    });
    try {
      const events = client.iterate<{ threatDetected: { id: string; threatScore: number } }>({
        query: 'subscription { threatDetected(severity: [CRITICAL]) { id threatScore } }',
      });
      const next = events.next();
      // The server registers the subscription a moment after it is sent: inject critical threats
      // until one arrives (nothing on this port tells when the subscription is in place).
      const injected: string[] = [];
      let received: Awaited<typeof next> | undefined;
      void next.then((result) => (received = result));
      for (let attempt = 0; attempt < 40 && !received; attempt++) {
        const response = await fetch(`${url}/__mock/threats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ threat_score: 97, threat_level: 'CRITICAL' }),
        });
        injected.push(((await response.json()) as { id: string }).id);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const event = received?.value?.data?.threatDetected;
      expect(event?.threatScore).toBe(97);
      expect(injected).toContain(event?.id);
      await events.return?.();
    } finally {
      await client.dispose();
    }

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('exits with 2 and a clear message on a bad flag', async () => {
    const cli = runCli(['--plan', 'gold']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain('[cyberfortress-mock] --plan must be one of');
  });
});
