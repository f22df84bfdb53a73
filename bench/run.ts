// `npm run bench`: every benchmark of the project, each a ratio against a baseline measured in
// the same run on the same machine, written to .bench/results.json as well as printed.
import { mkdir, writeFile } from 'node:fs/promises';
import { benchMockRest } from './mock-rest.js';
import { benchSdkRest } from './sdk-rest.js';
import { benchStreamServer } from './stream-server.js';

const results: Record<string, unknown> = {};
results.mockRest = await benchMockRest();
results.sdkRest = await benchSdkRest();
results.streamServer = await benchStreamServer();
results.streamClient = await (await import('./stream-client.js')).benchStreamClient();
results.graphql = await (await import('./graphql.js')).benchGraphql();

await mkdir('.bench', { recursive: true });
await writeFile('.bench/results.json', JSON.stringify(results, null, 2));
console.log('\nWritten to .bench/results.json');
