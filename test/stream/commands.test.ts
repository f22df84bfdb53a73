// Commands over the real mock: each resolves with the server's command_result and its effect is
// visible over REST; failures reject with the server's code; while disconnected, commands wait in
// a bounded queue and the one over the bound is refused, never dropped silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamCommandError } from '../../src/index.js';
import { startMock, waitFor, type RunningMock } from './support.js';

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as StreamCommandError,
  );

describe('client.stream commands', () => {
  it('setMode resolves with the new status, which REST monitoring.status() then shows', async () => {
    const client = running.client();
    await client.stream.connect();
    const status = await client.stream.setMode('ENTERPRISE', { scanInterval: 30 });
    expect(status.mode).toBe('ENTERPRISE');
    expect(status.options.scanInterval).toBe(30);
    const rest = await client.monitoring.status();
    expect(rest.mode).toBe('ENTERPRISE');
    expect(rest.options.scanInterval).toBe(30);
  });

  it('scanNow resolves with what the scan found, and the threats exist over REST', async () => {
    const client = running.client();
    await client.stream.connect();
    const result = await client.stream.scanNow('10.9.8.0/28');
    expect(result.target).toBe('10.9.8.0/28');
    expect(result.hostsScanned).toBeGreaterThan(0);
    expect(result.threatIds).toHaveLength(result.threatsFound);
    for (const id of result.threatIds) {
      expect((await client.threats.get(id)).id).toBe(id);
    }
  });

  it('emergencyBlockAll resolves with the blocks, which REST lists', async () => {
    const client = running.client();
    await client.stream.connect();
    const result = await client.stream.emergencyBlockAll({ reason: 'stream test', minScore: 95 });
    expect(result.blocked).toBe(result.blockIds.length);
    expect(result.targets.length).toBeGreaterThanOrEqual(result.blocked);
    const blocks = await client.network.listBlocks({ limit: 100 });
    const ids = new Set(blocks.data.map((block) => block.id));
    for (const id of result.blockIds) expect(ids.has(id)).toBe(true);
  });

  it('rejects with INVALID_REQUEST given invalid params', async () => {
    const client = running.client();
    await client.stream.connect();
    const error = await failure(client.stream.scanNow('not an address'));
    expect(error).toBeInstanceOf(StreamCommandError);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.action).toBe('scan_now');
  });

  it('rejects with FORBIDDEN and the scope given credentials without it', async () => {
    const client = running.client({
      apiKey: undefined,
      oauth: { ...running.mock.credentials.oauth, scope: 'threats:read' },
    });
    await client.stream.connect();
    const error = await failure(client.stream.setMode('DEEP_SCAN'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.requiredScope).toBe('monitoring:write');
  });

  it('sends commands queued before connect() once connected', async () => {
    const client = running.client();
    const pending = client.stream.setMode('PERSONAL');
    await client.stream.connect();
    expect((await pending).mode).toBe('PERSONAL');
  });

  it('refuses the command over maxQueuedCommands with QUEUE_FULL, then runs the queued ones', async () => {
    const client = running.client({ stream: { maxQueuedCommands: 3 } });
    const queued = [
      client.stream.setMode('STANDARD'),
      client.stream.setMode('DEEP_SCAN'),
      client.stream.setMode('STANDARD'),
    ];
    const error = await failure(client.stream.setMode('ML_MODE'));
    expect(error.code).toBe('QUEUE_FULL');
    expect(error.message).toMatch(/3 commands are already waiting/);
    await client.stream.connect();
    const results = await Promise.all(queued);
    expect(results.map((status) => status.mode)).toEqual(['STANDARD', 'DEEP_SCAN', 'STANDARD']);
  });

  it('rejects with TIMEOUT when no result arrives within commandTimeout', async () => {
    const client = running.client({ stream: { commandTimeout: 50 } });
    const error = await failure(client.stream.setMode('STANDARD'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/never sent/);
  });

  it('rejects queued commands with CLOSED on close()', async () => {
    const client = running.client();
    void client.stream.connect();
    client.stream.close();
    await waitFor(() => client.stream.state === 'closed');
    const queued = client.stream.setMode('STANDARD');
    client.stream.connect();
    client.stream.close();
    expect((await failure(queued)).code).toBe('CLOSED');
  });
});
