// `cyberfortress-mock listen --forward-to <url>` end to end: the mock starts, a threat injected
// through its control API arrives signed at the receiver, and the CLI prints the delivery.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../mock-server/cli-args.js';
import { eventually, Receiver } from './support.js';

const ROOT = new URL('../../', import.meta.url);

function runCli(args: string[]) {
  // tsx's own entry rather than `npx tsx`: npx would take the signal instead of passing it on.
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

describe('parseCliArgs listen', () => {
  it('reads the listen subcommand with the server flags', () => {
    expect(
      parseCliArgs([
        'listen',
        '--port',
        '0',
        '--forward-to',
        'http://localhost:3000/webhook',
        '--events',
        'threat.critical, threat.high',
        '--secret',
        'a_local_secret_123',
      ]),
    ).toEqual({
      kind: 'listen',
      options: expect.objectContaining({ port: 0, plan: 'professional' }),
      listen: {
        forwardTo: 'http://localhost:3000/webhook',
        events: ['threat.critical', 'threat.high'],
        secret: 'a_local_secret_123',
      },
    });
    expect(parseCliArgs(['listen', '--forward-to', 'https://h.example/x'])).toMatchObject({
      kind: 'listen',
      listen: { events: undefined, secret: undefined },
    });
  });

  it('refuses a missing or non-http URL, a short secret and listen flags without listen', () => {
    const cases: [string[], RegExp][] = [
      [['listen'], /--forward-to/],
      [['listen', '--forward-to', 'ftp://x.example/'], /http or https/],
      [['listen', '--forward-to', 'http://x.example/', '--secret', 'short'], /--secret/],
      [['listen', '--forward-to', 'http://x.example/', '--events', ','], /--events/],
      [['--forward-to', 'http://x.example/'], /listen subcommand/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCliArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseCliArgs(argv)).toThrow(message);
    }
  });
});

describe('cyberfortress-mock listen', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it('forwards an injected threat, signed, prints the delivery, and stops on SIGINT with 0', async () => {
    const receiver = await Receiver.start(() => 200);
    cleanups.push(() => receiver.close());
    const cli = runCli([
      'listen',
      '--port',
      '0',
      '--forward-to',
      receiver.url,
      '--events',
      'threat.critical,threat.detected',
    ]);
    cleanups.push(async () => {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    });

    const banner = await eventually(
      () => /Signing secret: (\S+)/.test(cli.output().stdout) && cli.output().stdout,
      `the banner: ${JSON.stringify(cli.output())}`,
      20_000,
    );
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
    const secret = /Signing secret: (\S+)/.exec(banner)![1]!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(banner).toContain(`Forwarding to:  ${receiver.url}`);

    const injected = await fetch(`${origin}/__mock/threats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threat_score: 96 }),
    });
    expect(injected.status).toBe(201);
    const threat = await injected.json();

    await eventually(() => receiver.received.length >= 2, 'two deliveries');
    const events = receiver.received.map((item) => JSON.parse(item.body).event).sort();
    expect(events).toEqual(['threat.critical', 'threat.detected']);
    for (const item of receiver.received) {
      expect(JSON.parse(item.body).data.threat_id).toBe(threat.id);
      expect(item.headers['x-cyberfortress-signature']).toBe(
        `sha256=${createHmac('sha256', secret).update(item.body).digest('hex')}`,
      );
      const headers = {
        'webhook-id': String(item.headers['webhook-id']),
        'webhook-timestamp': String(item.headers['webhook-timestamp']),
        'webhook-signature': String(item.headers['webhook-signature']),
      };
      expect(new Webhook(secret).verify(item.body, headers)).toEqual(JSON.parse(item.body));
    }

    const critical = receiver.received.find(
      (item) => JSON.parse(item.body).event === 'threat.critical',
    )!;
    const line = await eventually(
      () =>
        cli
          .output()
          .stdout.split('\n')
          .find((l) => l.startsWith(`threat.critical ${critical.headers['webhook-id']}`)),
      'the printed line',
    );
    expect(line).toMatch(/^threat\.critical whd_[a-z0-9]{12} attempt 1: 200 \(\d+ ms\)$/);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it('exits with 2 naming an unknown event', async () => {
    const cli = runCli(['listen', '--forward-to', 'http://127.0.0.1:9/', '--events', 'threat.low']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain('unknown event threat.low');
  }, 20_000);
});
