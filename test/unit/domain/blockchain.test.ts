import { describe, expect, it } from 'vitest';
import { checksumValid, toChecksumAddress } from '../../../mock-server/domain/address.js';
import { frozenBackend, invalidFields } from './support.js';

describe('EIP-55', () => {
  it('returns true given a correctly checksummed address', () => {
    expect(checksumValid('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(true);
    expect(toChecksumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBe(
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    );
  });

  it("returns false given the reference's wallet address", () => {
    expect(checksumValid('0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4')).toBe(false);
  });

  it('returns true given a single-case address, which carries no checksum', () => {
    expect(checksumValid('0x742d35cc6634c0532925a3b844bc9e7595f0beb4')).toBe(true);
  });
});

describe('blockchain.scanWallet', () => {
  it("returns the reference's verdict plus INVALID_CHECKSUM given the reference's address", () => {
    const backend = frozenBackend();
    const events: string[] = [];
    backend.events.on((event) => events.push(event.type));
    const scan = backend.blockchain.scanWallet({
      chain: 'ethereum',
      address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
      deep_scan: true,
    });
    expect(scan).toMatchObject({
      risk_score: 85,
      risk_level: 'HIGH',
      flags: ['KNOWN_SCAMMER', 'MIXER_INTERACTION', 'SUSPICIOUS_PATTERNS', 'INVALID_CHECKSUM'],
      checksum_valid: false,
      analysis: {
        transaction_count: 1847,
        first_seen: '2024-03-15T10:00:00Z',
        last_activity: '2025-01-15T14:00:00Z',
        mixer_interactions: 12,
        scam_associations: 3,
      },
      scanned_at: '2025-01-15T15:00:00Z',
    });
    expect(scan.analysis.high_risk_interactions).toEqual([
      expect.objectContaining({ type: 'KNOWN_SCAMMER', interaction_count: 5 }),
    ]);
    expect(events).toEqual(['crypto_threat']);
  });

  it('returns a stable LOW verdict given an unknown address, on every scan and backend', () => {
    const body = { chain: 'polygon', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' };
    const first = frozenBackend().blockchain.scanWallet(body);
    const second = frozenBackend({ seed: 9 }).blockchain.scanWallet(body);
    expect(second).toEqual(first);
    expect(first.risk_level).toBe('LOW');
    expect(first.checksum_valid).toBe(true);
  });

  it('returns sanctioned verdicts for known bad addresses on bitcoin and EVM', () => {
    const backend = frozenBackend();
    expect(
      backend.blockchain.scanWallet({
        chain: 'bitcoin',
        address: '1FfmbHfnpaZjKFvyi1okTjJJusN455paPH',
      }),
    ).toMatchObject({ risk_level: 'CRITICAL', checksum_valid: null });
    expect(
      backend.blockchain.scanWallet({
        chain: 'arbitrum',
        address: '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b',
      }).flags,
    ).toContain('SANCTIONED');
  });

  it.each([
    ['ethereum', '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb'],
    ['ethereum', '742d35Cc6634C0532925a3b844Bc9e7595f0bEb4'],
    ['bitcoin', '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4'],
    ['bitcoin', '1OIl0000000000000000000000000'],
    ['solana', 'short'],
  ])('refuses with field address given %s %s', (chain, address) => {
    expect(invalidFields(() => frozenBackend().blockchain.scanWallet({ chain, address }))).toEqual([
      'address',
    ]);
  });
});

describe('blockchain.analyzeContract', () => {
  it("returns the reference's values given the reference's contract", () => {
    const analysis = frozenBackend().blockchain.analyzeContract({
      chain: 'ethereum',
      address: '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984',
      simulate_transaction: {
        function: 'swap',
        params: ['1000000000000000000', '0x...'],
        value: '0',
      },
    });
    expect(analysis).toMatchObject({
      contract_safety_score: 72,
      vulnerabilities: [
        { type: 'REENTRANCY', severity: 'HIGH', function: 'withdraw()', line: 142 },
      ],
      rug_pull_risk: {
        score: 35,
        risk_level: 'MEDIUM',
        indicators: ['OWNERSHIP_NOT_RENOUNCED', 'MINT_FUNCTION_PRESENT', 'PAUSABLE_CONTRACT'],
      },
      simulation_result: {
        success: true,
        gas_used: 145000,
        warnings: ['Unusually high slippage detected'],
      },
    });
  });

  it('returns null sections given checks turned off and no simulation', () => {
    const analysis = frozenBackend().blockchain.analyzeContract({
      chain: 'bsc',
      address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      check_vulnerabilities: false,
      check_rug_pull: false,
    });
    expect(analysis).toMatchObject({
      vulnerabilities: null,
      rug_pull_risk: null,
      simulation_result: null,
    });
  });
});

describe('blockchain.verifyNft and monitorDefi', () => {
  it("returns an authentic verified collection given the reference's NFT", () => {
    const nft = frozenBackend().blockchain.verifyNft({
      chain: 'ethereum',
      contract: '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D',
      token_id: '1234',
    });
    expect(nft).toMatchObject({
      authentic: true,
      risk_level: 'LOW',
      collection: { name: 'Bored Ape Yacht Club', verified: true },
      metadata: { storage: 'IPFS', mutable: false },
    });
  });

  it('returns a stored active monitor with the described pool given the reference pool', () => {
    const monitor = frozenBackend().blockchain.monitorDefi({
      chain: 'ethereum',
      protocol: 'uniswap_v3',
      pool_address: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8',
      alerts: { price_impact: 5.0 },
    });
    expect(monitor.monitor_id).toMatch(/^defimon_[a-z0-9]{12}$/);
    expect(monitor).toMatchObject({
      status: 'active',
      alerts: { large_swaps: true, liquidity_changes: true, price_impact: 5 },
      pool: { token0: { symbol: 'USDC' }, token1: { symbol: 'WETH' } },
    });
  });

  it('refuses a non-EVM chain or a malformed token id', () => {
    expect(
      invalidFields(() =>
        frozenBackend().blockchain.verifyNft({
          chain: 'ethereum',
          contract: '0x00',
          token_id: 'one',
        }),
      ),
    ).toEqual(['contract', 'token_id']);
    expect(
      invalidFields(() =>
        frozenBackend().blockchain.monitorDefi({
          chain: 'bitcoin',
          protocol: 'curve',
          pool_address: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8',
        }),
      ),
    ).toEqual(['chain']);
  });
});
