// The reference's browser snippet, run as written (with `ws` for the browser's WebSocket):
// auth and subscribe sent back to back on open, then a switch on the event type.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startMock, type RunningMock } from './support.js';

let server: RunningMock;

beforeAll(async () => {
  server = await startMock();
});

afterAll(async () => {
  await server.close();
});

describe('the reference browser snippet', () => {
  it('receives only the threats that match its severity and country filters', async () => {
    const seen: { kind: string; data: Record<string, unknown> }[] = [];
    const ws = new WebSocket(server.wsUrl);
    const subscribed = new Promise<void>((resolve) => {
      ws.onopen = () => {
        ws.send(JSON.stringify({ type: 'auth', token: server.apiKey }));
        ws.send(
          JSON.stringify({
            type: 'subscribe',
            channels: ['threats', 'critical_alerts', 'crypto_threats'],
            filters: { severity: ['high', 'critical'], countries: ['CN', 'RU', 'KP'] },
          }),
        );
      };

      ws.onmessage = (event) => {
        const data = JSON.parse(String(event.data)) as Record<string, unknown>;
        switch (data.type) {
          case 'subscribed':
            resolve();
            break;
          case 'threat_detected':
            seen.push({ kind: 'threat', data });
            break;
          case 'critical_alert':
            seen.push({ kind: 'critical', data });
            break;
          case 'crypto_threat':
            seen.push({ kind: 'crypto', data });
            break;
        }
      };
    });
    await subscribed;

    // Through the control API, as a test of a real integration would.
    const inject = async (body: Record<string, unknown>) => {
      const response = await fetch(`${server.url}/__mock/threats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };

    const matching = [
      await inject({ threat_score: 85, country: 'CN' }),
      await inject({ threat_score: 65, country: 'RU' }),
      await inject({ threat_level: 'CRITICAL', country: 'KP' }),
    ];
    const filteredOut = [
      await inject({ threat_score: 40, country: 'CN' }), // MEDIUM
      await inject({ threat_score: 90, country: 'US' }), // wrong country
      await inject({ threat_score: 10, country: 'DE' }),
    ];
    // A risky wallet: crypto_threats is not filtered by severity or country.
    const scan = await server.rest('POST', '/v1/blockchain/wallet/scan', {
      chain: 'ethereum',
      address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
    });
    expect(scan.status).toBe(200);
    await sleep(200);
    ws.close();

    const threatIds = seen
      .filter((entry) => entry.kind === 'threat')
      .map((entry) => (entry.data.threat as { id: string }).id);
    expect(threatIds).toEqual(matching);
    for (const id of filteredOut) expect(threatIds).not.toContain(id);

    const alerts = seen
      .filter((entry) => entry.kind === 'critical')
      .map((entry) => (entry.data.alert as { threat_id: string }).threat_id);
    expect(alerts).toEqual([matching[0], matching[2]]);

    const crypto = seen.filter((entry) => entry.kind === 'crypto');
    expect(crypto).toHaveLength(1);
    expect(crypto[0]?.data.threat).toMatchObject({ chain: 'ethereum', risk_score: 85 });

    for (const { data } of seen) {
      const threat = data.threat as { threat_level?: string; country?: { code: string } };
      if (data.type === 'threat_detected') {
        expect(['HIGH', 'CRITICAL']).toContain(threat.threat_level);
        expect(['CN', 'RU', 'KP']).toContain(threat.country?.code);
      }
    }
  });
});
