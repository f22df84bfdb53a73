import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { describeEachTarget } from '../helpers/targets.js';
import {
  CLOCK_START,
  createKey,
  expectError,
  expectForbidden,
  expectInvalid,
  reference,
} from './support.js';

/** EIP-55 mixed-case checksum of an EVM address. */
function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = Buffer.from(keccak_256(new TextEncoder().encode(lower))).toString('hex');
  let out = '0x';
  for (let i = 0; i < 40; i++)
    out += Number.parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i];
  return out;
}

const UNKNOWN_EVM = '0x5b6c8a7e0f3d2c1b4a5968776655443322110fed';

describeEachTarget('blockchain', (t) => {
  describe('POST /blockchain/wallet/scan', () => {
    it("returns the reference's verdict, flagging its wrong checksum, given the reference's address", async () => {
      expect(toChecksumAddress(reference.walletScan.address)).not.toBe(
        reference.walletScan.address,
      );
      const reply = await t().request('POST', '/blockchain/wallet/scan', {
        body: reference.walletScan,
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        chain: 'ethereum',
        address: reference.walletScan.address,
        risk_score: 85,
        risk_level: 'HIGH',
        checksum_valid: false,
        analysis: {
          transaction_count: 1847,
          first_seen: '2024-03-15T10:00:00Z',
          last_activity: '2025-01-15T14:00:00Z',
          mixer_interactions: 12,
          scam_associations: 3,
        },
        scanned_at: CLOCK_START,
      });
      expect([...reply.body.flags].sort()).toEqual(
        ['INVALID_CHECKSUM', 'KNOWN_SCAMMER', 'MIXER_INTERACTION', 'SUSPICIOUS_PATTERNS'].sort(),
      );
      expect(reply.body.analysis.high_risk_interactions).toHaveLength(1);
      expect(reply.body.analysis.high_risk_interactions[0]).toMatchObject({
        type: 'KNOWN_SCAMMER',
        interaction_count: 5,
      });
      expect(reply.body.analysis.high_risk_interactions[0].address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    });

    it('returns the same verdict without INVALID_CHECKSUM given the correctly checksummed address', async () => {
      const address = toChecksumAddress(reference.walletScan.address);
      const reply = await t().request('POST', '/blockchain/wallet/scan', {
        body: { chain: 'ethereum', address },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        address,
        risk_score: 85,
        risk_level: 'HIGH',
        checksum_valid: true,
      });
      expect([...reply.body.flags].sort()).toEqual([
        'KNOWN_SCAMMER',
        'MIXER_INTERACTION',
        'SUSPICIOUS_PATTERNS',
      ]);
    });

    it('returns a stable low-risk verdict given an unknown valid address', async () => {
      const body = { chain: 'ethereum', address: UNKNOWN_EVM };
      const first = await t().request('POST', '/blockchain/wallet/scan', { body });
      const second = await t().request('POST', '/blockchain/wallet/scan', { body });
      expect(first.status).toBe(200);
      expect(first.body.risk_level).toBe('LOW');
      expect(first.body.risk_score).toBeLessThan(30);
      expect(first.body.flags).not.toContain('KNOWN_SCAMMER');
      expect(first.body.flags).not.toContain('INVALID_CHECKSUM');
      expect(second.body).toEqual(first.body);
    });

    it.each([
      ['bitcoin', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'],
      ['bitcoin', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
      ['solana', '4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T'],
      ['polygon', UNKNOWN_EVM],
    ])('scans a valid %s address %s', async (chain, address) => {
      const reply = await t().request('POST', '/blockchain/wallet/scan', {
        body: { chain, address },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ chain, address });
      expect(reply.body.checksum_valid === null).toBe(chain === 'bitcoin' || chain === 'solana');
    });

    it.each([
      ['a short EVM address', { chain: 'ethereum', address: '0x123' }, 'address'],
      [
        'a non-hex EVM address',
        { chain: 'ethereum', address: '0xZZ2d35Cc6634C0532925a3b844Bc9e7595f0bEb4' },
        'address',
      ],
      [
        'a bitcoin address on ethereum',
        { chain: 'ethereum', address: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa' },
        'address',
      ],
      ['an EVM address on bitcoin', { chain: 'bitcoin', address: UNKNOWN_EVM }, 'address'],
      [
        'a base58 address with 0',
        { chain: 'solana', address: '0Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T' },
        'address',
      ],
      ['an unknown chain', { chain: 'dogecoin', address: UNKNOWN_EVM }, 'chain'],
      ['a numeric address', { chain: 'ethereum', address: 42 }, 'address'],
      ['a string deep_scan', { ...reference.walletScan, deep_scan: 'yes' }, 'deep_scan'],
      ['an unknown field', { ...reference.walletScan, network: 'mainnet' }, 'network'],
    ])('refuses with 400 given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/blockchain/wallet/scan', { body }), field);
    });

    it('refuses with 401 without a token and 403 naming blockchain:read without it', async () => {
      expectError(
        await t().request('POST', '/blockchain/wallet/scan', {
          body: reference.walletScan,
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('POST', '/blockchain/wallet/scan', {
          body: reference.walletScan,
          token: key,
        }),
        'blockchain:read',
      );
    });
  });

  describe('POST /blockchain/contract/analyze', () => {
    it("returns the reference's analysis given the reference's contract", async () => {
      const reply = await t().request('POST', '/blockchain/contract/analyze', {
        body: reference.contractAnalyze,
      });
      expect(reply.status).toBe(200);
      const analysis = reply.body;
      expect(analysis).toMatchObject({
        chain: 'ethereum',
        address: reference.contractAnalyze.address,
        contract_safety_score: 72,
        rug_pull_risk: {
          score: 35,
          risk_level: 'MEDIUM',
          indicators: ['OWNERSHIP_NOT_RENOUNCED', 'MINT_FUNCTION_PRESENT', 'PAUSABLE_CONTRACT'],
        },
        simulation_result: { success: true, gas_used: 145000 },
        analyzed_at: CLOCK_START,
      });
      expect(analysis.vulnerabilities).toContainEqual(
        expect.objectContaining({
          type: 'REENTRANCY',
          severity: 'HIGH',
          function: 'withdraw()',
          line: 142,
        }),
      );
      expect(analysis.simulation_result.warnings).toContain('Unusually high slippage detected');
      expect(Array.isArray(analysis.simulation_result.state_changes)).toBe(true);
    });

    it('returns null for each check not asked for', async () => {
      const body = {
        chain: 'ethereum',
        address: reference.contractAnalyze.address,
        check_vulnerabilities: false,
        check_rug_pull: false,
      };
      const reply = await t().request('POST', '/blockchain/contract/analyze', { body });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        vulnerabilities: null,
        rug_pull_risk: null,
        simulation_result: null,
        contract_safety_score: 72,
      });
    });

    it('returns the same analysis twice given an unknown contract', async () => {
      const body = { chain: 'ethereum', address: UNKNOWN_EVM };
      const first = await t().request('POST', '/blockchain/contract/analyze', { body });
      const second = await t().request('POST', '/blockchain/contract/analyze', { body });
      expect(first.status).toBe(200);
      expect(first.body.vulnerabilities).not.toBeNull();
      expect(first.body.rug_pull_risk).not.toBeNull();
      expect(second.body).toEqual(first.body);
    });

    it.each([
      ['a malformed address', { chain: 'ethereum', address: '0x1f98' }, 'address'],
      ['an unknown chain', { chain: 'tron', address: UNKNOWN_EVM }, 'chain'],
      [
        'a non-decimal simulation value',
        {
          ...reference.contractAnalyze,
          simulate_transaction: { function: 'swap', params: [], value: '1e18' },
        },
        'simulate_transaction.value',
      ],
      [
        'simulation params that are not strings',
        {
          ...reference.contractAnalyze,
          simulate_transaction: { function: 'swap', params: [1], value: '0' },
        },
        'simulate_transaction.params[0]',
      ],
      ['an unknown field', { ...reference.contractAnalyze, depth: 3 }, 'depth'],
    ])('refuses with 400 given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/blockchain/contract/analyze', { body }), field);
    });

    it('refuses with 401 without a token and 403 naming blockchain:read without it', async () => {
      expectError(
        await t().request('POST', '/blockchain/contract/analyze', {
          body: reference.contractAnalyze,
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['network:read']);
      expectForbidden(
        await t().request('POST', '/blockchain/contract/analyze', {
          body: reference.contractAnalyze,
          token: key,
        }),
        'blockchain:read',
      );
    });
  });

  describe('POST /blockchain/defi/monitor', () => {
    it("returns 201 with an active monitor given the reference's body", async () => {
      const reply = await t().request('POST', '/blockchain/defi/monitor', {
        body: reference.defiMonitor,
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        chain: 'ethereum',
        protocol: 'uniswap_v3',
        pool_address: reference.defiMonitor.pool_address,
        status: 'active',
        alerts: reference.defiMonitor.alerts,
        created_at: CLOCK_START,
      });
      expect(reply.body.monitor_id).toMatch(/^defimon_[A-Za-z0-9]{12}$/);
      expect(Number.isInteger(reply.body.pool.fee_tier)).toBe(true);
      expect(reply.body.pool.token0.symbol).toBeTypeOf('string');
      expect(reply.body.risk_assessment.score).toBeGreaterThanOrEqual(0);
    });

    it('returns a new monitor id each time', async () => {
      const first = await t().request('POST', '/blockchain/defi/monitor', {
        body: reference.defiMonitor,
      });
      const second = await t().request('POST', '/blockchain/defi/monitor', {
        body: reference.defiMonitor,
      });
      expect(second.body.monitor_id).not.toBe(first.body.monitor_id);
      expect(second.status).toBe(201);
    });

    it.each([
      ['an unknown protocol', { ...reference.defiMonitor, protocol: 'uniswap_v9' }, 'protocol'],
      [
        'a malformed pool address',
        { ...reference.defiMonitor, pool_address: 'pool' },
        'pool_address',
      ],
      [
        'price_impact 0',
        { ...reference.defiMonitor, alerts: { price_impact: 0 } },
        'alerts.price_impact',
      ],
      [
        'price_impact 101',
        { ...reference.defiMonitor, alerts: { price_impact: 101 } },
        'alerts.price_impact',
      ],
      [
        'a string large_swaps',
        { ...reference.defiMonitor, alerts: { large_swaps: 'on' } },
        'alerts.large_swaps',
      ],
    ])('refuses with 400 given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/blockchain/defi/monitor', { body }), field);
    });

    it('refuses with 401 without a token and 403 naming blockchain:write given a read-only key', async () => {
      expectError(
        await t().request('POST', '/blockchain/defi/monitor', {
          body: reference.defiMonitor,
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['blockchain:read']);
      expectForbidden(
        await t().request('POST', '/blockchain/defi/monitor', {
          body: reference.defiMonitor,
          token: key,
        }),
        'blockchain:write',
      );
    });
  });

  describe('POST /blockchain/nft/verify', () => {
    it("returns an authentic token of a verified collection given the reference's body, the same twice", async () => {
      const first = await t().request('POST', '/blockchain/nft/verify', {
        body: reference.nftVerify,
      });
      const second = await t().request('POST', '/blockchain/nft/verify', {
        body: reference.nftVerify,
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        chain: 'ethereum',
        contract: reference.nftVerify.contract,
        token_id: '1234',
        authentic: true,
        collection: { verified: true },
        verified_at: CLOCK_START,
      });
      expect(first.body.metadata).not.toBeNull();
      expect(first.body.ownership).not.toBeNull();
      expect(first.body.ownership.owner).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(second.body).toEqual(first.body);
    });

    it('returns null metadata and ownership when those checks are off', async () => {
      const body = { ...reference.nftVerify, check_metadata: false, verify_ownership: false };
      const reply = await t().request('POST', '/blockchain/nft/verify', { body });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ metadata: null, ownership: null });
    });

    it.each([
      ['a numeric token_id', { ...reference.nftVerify, token_id: 1234 }, 'token_id'],
      ['a non-decimal token_id', { ...reference.nftVerify, token_id: 'abc' }, 'token_id'],
      ['a malformed contract', { ...reference.nftVerify, contract: '0xBC4C' }, 'contract'],
      ['no contract', { chain: 'ethereum', token_id: '1' }, 'contract'],
    ])('refuses with 400 given %s', async (_, body, field) => {
      expectInvalid(await t().request('POST', '/blockchain/nft/verify', { body }), field);
    });

    it('refuses with 401 without a token and 403 naming blockchain:read without it', async () => {
      expectError(
        await t().request('POST', '/blockchain/nft/verify', {
          body: reference.nftVerify,
          token: null,
        }),
        401,
        'UNAUTHORIZED',
      );
      const key = await createKey(t(), ['threats:read']);
      expectForbidden(
        await t().request('POST', '/blockchain/nft/verify', {
          body: reference.nftVerify,
          token: key,
        }),
        'blockchain:read',
      );
    });
  });
});
