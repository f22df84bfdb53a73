// Child processes for benchmarks: servers run apart from the load generator, so that the
// figures measure the server and not the process that is also producing the load.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Asks the OS for a free port on 127.0.0.1 (for servers that cannot report the one they took). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a command and resolves once `ready(url)` answers, polling every 100 ms for `timeoutMs`. */
export async function startServer(
  command: string,
  args: string[],
  url: string,
  ready: (url: string) => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<RunningServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} exited early:\n${output}`);
    if (await ready(url).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`${command} did not become ready in ${timeoutMs} ms:\n${output}`);
  }

  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** Resident memory of one process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** The bench's API key, accepted with every scope by every mock a benchmark starts. */
export const BENCH_API_KEY = 'cf_test_benchbenchbenchbenchbench';

/**
 * Starts the mock's CLI on a free port on the unlimited plan, accepting `BENCH_API_KEY`, and
 * resolves once its health endpoint answers.
 */
export async function startMockCli(extraArgs: string[] = []): Promise<RunningServer> {
  const root = new URL('..', import.meta.url).pathname;
  const port = await freePort();
  const args = ['mock-server/cli.ts', '--port', String(port), '--plan', 'custom'];
  args.push('--api-key', BENCH_API_KEY, '--log-level', 'error', ...extraArgs);
  return startServer(
    `${root}node_modules/.bin/tsx`,
    args.map((arg) => (arg.endsWith('.ts') ? `${root}${arg}` : arg)),
    `http://127.0.0.1:${port}`,
    async (url) => (await fetch(`${url}/__mock/health`)).ok,
  );
}

/**
 * The RSS of the process that serves: `tsx` starts the mock in a node process of its own, so
 * the child is a launcher and the server is its descendant; the largest RSS in the tree is it.
 */
export async function serverRssMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const sizes = await Promise.all([
    rssMiB(pid),
    ...children
      .split(/\s+/)
      .filter(Boolean)
      .map((child) => serverRssMiB(Number(child))),
  ]);
  const known = sizes.filter((size): size is number => size !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}
