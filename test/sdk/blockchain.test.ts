import { describe, expect, it } from 'vitest';
import { describeEachTarget } from './support.js';

describeEachTarget('blockchain', (target) => {
  describe('blockchain.wallet.scan', () => {
    it("returns the reference's verdict given the reference wallet", async () => {
      const scan = await target().client().blockchain.wallet.scan({
        chain: 'ethereum',
        address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
        deepScan: true,
      });
      expect(scan).toMatchObject({ riskScore: 85, riskLevel: 'HIGH', checksumValid: false });
      expect(scan.flags).toEqual(
        expect.arrayContaining(['KNOWN_SCAMMER', 'MIXER_INTERACTION', 'SUSPICIOUS_PATTERNS']),
      );
      expect(scan.analysis).toMatchObject({
        transactionCount: 1847,
        mixerInteractions: 12,
        scamAssociations: 3,
      });
      expect(scan.analysis.highRiskInteractions[0]).toMatchObject({
        type: 'KNOWN_SCAMMER',
        interactionCount: 5,
      });
    });
  });

  describe('blockchain.contract.analyze', () => {
    it("returns the reference's analysis given the reference contract", async () => {
      const analysis = await target()
        .client()
        .blockchain.contract.analyze({
          chain: 'ethereum',
          address: '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984',
          checkVulnerabilities: true,
          checkRugPull: true,
          simulateTransaction: {
            function: 'swap',
            params: ['1000000000000000000', '0x...'],
            value: '0',
          },
        });
      expect(analysis.contractSafetyScore).toBe(72);
      expect(analysis.vulnerabilities![0]).toMatchObject({
        type: 'REENTRANCY',
        severity: 'HIGH',
        function: 'withdraw()',
        line: 142,
      });
      expect(analysis.rugPullRisk).toMatchObject({ score: 35, riskLevel: 'MEDIUM' });
      expect(analysis.simulationResult).toMatchObject({ success: true, gasUsed: 145000 });
    });
  });

  describe('blockchain.defi.monitor', () => {
    it('returns an active monitor with pool data given the reference pool', async () => {
      const monitor = await target()
        .client()
        .blockchain.defi.monitor({
          chain: 'ethereum',
          protocol: 'uniswap_v3',
          poolAddress: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8',
          alerts: { largeSwaps: true, liquidityChanges: true, priceImpact: 5.0 },
        });
      expect(monitor).toMatchObject({
        monitorId: expect.stringMatching(/^defimon_/),
        status: 'active',
        poolAddress: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8',
        alerts: { largeSwaps: true, liquidityChanges: true, priceImpact: 5 },
      });
      expect(monitor.pool).toHaveProperty('volume24hUsd');
      expect(monitor.pool.token0).toHaveProperty('symbol');
    });
  });

  describe('blockchain.nft.verify', () => {
    it('returns an authentic verdict given the reference NFT', async () => {
      const verification = await target().client().blockchain.nft.verify({
        chain: 'ethereum',
        contract: '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D',
        tokenId: '1234',
        checkMetadata: true,
        verifyOwnership: true,
      });
      expect(verification).toMatchObject({ authentic: true, tokenId: '1234' });
      expect(verification.collection.verified).toBe(true);
      expect(verification.collection).toHaveProperty('floorPriceEth');
    });
  });
});
