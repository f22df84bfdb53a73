// A REST-only program never loads the stream: its implementation (and eventemitter3 with it)
// loads on the first use of `client.stream`, its WebSocket (isows, hence `ws` on Node) on the
// first `connect()`. Checked in a fresh `node` against a real mock, where module caches start
// empty; both packages are CommonJS, so `require.cache` shows when they load.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../mock-server/index.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((path) => path.includes('/node_modules/' + name + '/'));
const snapshot = () => ({ core: loaded('eventemitter3'), ws: loaded('ws') });
const { CyberFortress } = await import('./src/index.ts');
const client = new CyberFortress({ apiKey: process.env.KEY, baseURL: process.env.URL });
const page = await client.threats.list({ limit: 5 });
const afterRest = snapshot();
const stream = client.stream;
const afterGetter = snapshot();
const opened = new Promise((resolve) => stream.on('open', resolve));
stream.on('error', () => undefined);
// The implementation loads in the background: wait for it (up to 10 s on a busy machine).
for (let i = 0; i < 400 && !loaded('eventemitter3'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
const afterOn = snapshot();
stream.connect();
await opened;
const afterConnect = snapshot();
stream.close();
console.log(JSON.stringify({ listed: page.data.length, afterRest, afterGetter, afterOn, afterConnect, state: stream.state }));
`;

describe('client.stream loading', () => {
  const mock = createMockServer({ seed: 7 });
  let url = '';
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const listening = await mock.listen({ port: 0 });
    url = listening.url;
    close = listening.close;
  });

  afterAll(() => close());

  it('loads nothing of the stream for REST calls, its implementation on first use, ws on connect()', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, KEY: mock.credentials.apiKey, URL: `${url}/v1` },
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      listed: 5,
      afterRest: { core: false, ws: false },
      afterGetter: { core: false, ws: false },
      afterOn: { core: true, ws: false },
      afterConnect: { core: true, ws: true },
      state: 'closed',
    });
  });
});
