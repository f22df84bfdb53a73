// Every domain entry point fed odd input must answer or refuse with an ApiError, never crash
// with a TypeError (which the pipeline would turn into a 500).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../mock-server/http/errors.js';
import { ALL_SCOPES } from '../../../mock-server/domain/scopes.js';
import { frozenBackend } from './support.js';

const JUNK: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  '',
  'x',
  '💥',
  'a'.repeat(5000),
  [],
  [1, 'a'],
  {},
  { a: 1 },
  true,
];

const SAMPLES: Record<string, Record<string, unknown>> = {
  report: {
    ip_address: '203.0.113.1',
    threat_type: 'MALWARE',
    confidence: 0.5,
    evidence: { process_name: 'a', network_activity: { bytes_sent: 1 } },
    context: { hostname: 'h' },
  },
  update: { status: 'investigating', resolution: 'r', notes: 'n' },
  inject: {
    ip_address: '203.0.113.1',
    threat_score: 50,
    threat_type: 'MALWARE',
    country: 'CN',
    status: 'active',
  },
  setMode: { mode: 'DEEP_SCAN', options: { scan_interval: 5, ml_enabled: true } },
  block: {
    targets: [{ type: 'ip', value: '203.0.113.1' }],
    duration: '1h',
    reason: 'r',
    auto_unblock: true,
  },
  quarantine: {
    process_id: 1,
    process_name: 'a',
    action: 'TERMINATE',
    collect_memory_dump: true,
    threat_id: 'threat_7h8i9j0k',
    hostname: 'h',
  },
  scanWallet: {
    chain: 'ethereum',
    address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    deep_scan: true,
  },
  analyzeContract: {
    chain: 'ethereum',
    address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    simulate_transaction: { function: 'f', params: ['1'], value: '0' },
  },
  monitorDefi: {
    chain: 'ethereum',
    protocol: 'curve',
    pool_address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    alerts: { price_impact: 1 },
  },
  verifyNft: {
    chain: 'ethereum',
    contract: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    token_id: '1',
  },
  createApiKey: {
    name: 'n',
    permissions: ['threats:read'],
    expires_at: '2030-01-01T00:00:00Z',
    ip_whitelist: ['10.0.0.0/8'],
    environment: 'test',
  },
  createWebhook: {
    url: 'https://example.com/h',
    events: ['threat.detected'],
    secret: 'a'.repeat(16),
    retry_policy: { max_attempts: 2 },
    description: 'd',
  },
};

function call(name: string, body: unknown): void {
  const backend = frozenBackend({ threatCount: 3 });
  const admin = { id: 'key_admin', kind: 'api_key' as const, scopes: ALL_SCOPES };
  const calls: Record<string, () => unknown> = {
    report: () => backend.threats.report(body),
    update: () => backend.threats.update('threat_7h8i9j0k', body),
    inject: () => backend.threats.inject(body as Record<string, unknown>),
    setMode: () => backend.monitoring.setMode(body),
    block: () => backend.network.block(body),
    quarantine: () => backend.processes.quarantine(body),
    scanWallet: () => backend.blockchain.scanWallet(body),
    analyzeContract: () => backend.blockchain.analyzeContract(body),
    monitorDefi: () => backend.blockchain.monitorDefi(body),
    verifyNft: () => backend.blockchain.verifyNft(body),
    createApiKey: () => backend.credentials.createApiKey(admin, body),
    createWebhook: () => backend.webhooks.create(body),
  };

  try {
    calls[name]!();
  } catch (error) {
    expect(error, `${name} ${JSON.stringify(body)?.slice(0, 120)}`).toBeInstanceOf(ApiError);
  }
}

/** Each sample with one field (at any depth) replaced by `junk`. */
function* mutations(sample: Record<string, unknown>, junk: unknown): Generator<unknown> {
  for (const key of Object.keys(sample)) {
    yield { ...sample, [key]: junk };
    const inner = sample[key];

    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const mutated of mutations(inner as Record<string, unknown>, junk))
        yield { ...sample, [key]: mutated };
    }

    if (Array.isArray(inner) && inner[0] && typeof inner[0] === 'object') {
      for (const mutated of mutations(inner[0] as Record<string, unknown>, junk))
        yield { ...sample, [key]: [mutated] };
    }
  }
}

describe('domain robustness', () => {
  it.each(Object.keys(SAMPLES))(
    'answers or refuses with an ApiError given odd input to %s',
    (name) => {
      call(name, SAMPLES[name]);

      for (const junk of JUNK) {
        call(name, junk);
        for (const body of mutations(SAMPLES[name]!, junk)) call(name, body);
      }
    },
  );

  it('answers or refuses with an ApiError given odd ids and tokens', () => {
    const backend = frozenBackend({ threatCount: 3 });

    for (const junk of [
      '',
      'x',
      '💥',
      '../../etc',
      'threat_',
      '1.2.3.4/99',
      'a.b.c',
      'cf_live_',
      'e30.e30.e30',
      'a'.repeat(5000),
    ]) {
      for (const action of [
        () => backend.threats.get(junk),
        () => backend.threats.check(junk),
        () => backend.evidence.get(junk, 'http://h', 'a'),
        () => backend.evidence.download(junk, 'a'),
        () => backend.network.unblock(junk),
        () => backend.credentials.authenticate(junk, junk),
        () => backend.credentials.revokeApiKey(junk),
        () =>
          backend.credentials.issueToken({
            grant_type: junk,
            client_id: junk,
            client_secret: junk,
            scope: junk,
            refresh_token: junk,
          }),
        () => backend.webhooks.delete(junk),
      ]) {
        try {
          action();
        } catch (error) {
          expect(error, junk).toBeInstanceOf(ApiError);
        }
      }
    }
  });
});
