// The reference's Node.js SDK example, streaming part: `client.stream.on('threat_detected', …)`
// then `client.stream.connect()`, with nothing else: the handlers alone decide the channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Threat } from '../../src/index.js';
import { startMock, threatInput, waitFor, type RunningMock } from './support.js';

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('client.stream (reference example)', () => {
  it('delivers injected threats to an on() handler given only on() and connect()', async () => {
    const client = running.client();
    const threats: Threat[] = [];

    // Real-time threat streaming
    client.stream.on('threat_detected', (threat) => {
      threats.push(threat);
    });
    client.stream.connect();

    await waitFor(() => client.stream.state === 'open', 5_000, 'the stream to open');
    const injected = running.mock.backend.threats.inject(threatInput('CRITICAL', 'RU'));
    await waitFor(() => threats.length === 1, 5_000, 'the threat');

    const threat = threats[0] as Threat;
    expect(threat.id).toBe(injected.id);
    expect(threat.ipAddress).toBe(injected.ip_address);
    expect(threat.threatScore).toBe(injected.threat_score);
    expect(threat.country.code).toBe('RU');
    expect(threat).not.toHaveProperty('ip_address');

    // The stream's threat is the REST threat.
    const rest = await client.threats.get(injected.id);
    expect(rest.threatScore).toBe(threat.threatScore);
    expect(rest.ipAddress).toBe(threat.ipAddress);
  });
});
