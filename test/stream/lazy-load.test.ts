// A REST-only program never loads the stream's WebSocket (isows, hence `ws` on Node): it is
// imported on the first `connect()`. Checked in a fresh `node`, where module caches start empty.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wsLoaded = () => Object.keys(require.cache).some((path) => path.includes('/node_modules/ws/'));
const { CyberFortress } = await import('./src/index.ts');
const client = new CyberFortress({ apiKey: 'cf_test_abcdefabcdefabcdefabcdef', baseURL: 'http://127.0.0.1:9/v1' });
const beforeConnect = wsLoaded() || typeof client.stream.on !== 'function' ? 'loaded' : 'not loaded';
client.stream.on('error', () => undefined);
client.stream.connect().catch(() => undefined);
await new Promise((resolve) => setTimeout(resolve, 300));
client.stream.close();
console.log(JSON.stringify({ beforeConnect, afterConnect: wsLoaded() ? 'loaded' : 'not loaded' }));
`;

describe('client.stream loading', () => {
  it('does not load ws before connect() given a client whose stream getter was used', () => {
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, encoding: 'utf8', timeout: 15_000 },
    );
    expect(JSON.parse(output.trim().split('\n').at(-1) as string)).toEqual({
      beforeConnect: 'not loaded',
      afterConnect: 'loaded',
    });
  });
});
