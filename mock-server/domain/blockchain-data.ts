/**
 * Addresses with a known verdict. The reference's examples give the reference's values exactly;
 * the rest are a few well-known bad actors so that scans can show each kind of flag.
 */

import type {
  ContractAnalysis,
  DefiMonitor,
  NftVerification,
  WalletFlag,
  WalletScan,
} from './wire.js';

/** A known wallet: everything of the scan result that does not depend on the request. */
export interface KnownWallet {
  /** `evm` matches the address on every EVM chain. */
  chains: 'evm' | 'bitcoin' | 'solana';
  risk_score: number;
  flags: WalletFlag[];
  analysis: WalletScan['analysis'];
}

/** Keyed by lowercase address for EVM, as written otherwise. */
export const KNOWN_WALLETS: ReadonlyMap<string, KnownWallet> = new Map<string, KnownWallet>([
  [
    // The reference's wallet example.
    '0x742d35cc6634c0532925a3b844bc9e7595f0beb4',
    {
      chains: 'evm',
      risk_score: 85,
      flags: ['KNOWN_SCAMMER', 'MIXER_INTERACTION', 'SUSPICIOUS_PATTERNS'],
      analysis: {
        transaction_count: 1847,
        first_seen: '2024-03-15T10:00:00Z',
        last_activity: '2025-01-15T14:00:00Z',
        mixer_interactions: 12,
        scam_associations: 3,
        high_risk_interactions: [
          {
            address: '0x1234a6c2e7b9d0f3a5c8e1b4d7f0a2c5e8b1d4f7',
            type: 'KNOWN_SCAMMER',
            interaction_count: 5,
          },
        ],
      },
    },
  ],
  [
    // A mixer router under sanctions.
    '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b',
    {
      chains: 'evm',
      risk_score: 96,
      flags: ['SANCTIONED', 'MIXER_INTERACTION', 'HIGH_VELOCITY'],
      analysis: {
        transaction_count: 48_213,
        first_seen: '2021-08-11T14:22:41Z',
        last_activity: '2025-01-14T22:10:07Z',
        mixer_interactions: 48_213,
        scam_associations: 41,
        high_risk_interactions: [
          {
            address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96',
            type: 'SANCTIONED',
            interaction_count: 23,
          },
          {
            address: '0x5f1d4a3e7c9b2a8e6d0c4f3b1a9e8d7c6b5a4f3e',
            type: 'PHISHING',
            interaction_count: 7,
          },
        ],
      },
    },
  ],
  [
    // A bridge exploiter's address, sanctioned.
    '0x098b716b8aaf21512996dc57eb0615e2383e2f96',
    {
      chains: 'evm',
      risk_score: 98,
      flags: ['SANCTIONED', 'KNOWN_SCAMMER', 'MIXER_INTERACTION', 'HIGH_VELOCITY'],
      analysis: {
        transaction_count: 312,
        first_seen: '2022-03-23T12:35:18Z',
        last_activity: '2024-11-02T08:41:55Z',
        mixer_interactions: 97,
        scam_associations: 14,
        high_risk_interactions: [
          {
            address: '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b',
            type: 'MIXER_INTERACTION',
            interaction_count: 97,
          },
        ],
      },
    },
  ],
  [
    // A wallet drainer behind phishing sites.
    '0x5f1d4a3e7c9b2a8e6d0c4f3b1a9e8d7c6b5a4f3e',
    {
      chains: 'evm',
      risk_score: 91,
      flags: ['PHISHING', 'KNOWN_SCAMMER', 'HIGH_VELOCITY'],
      analysis: {
        transaction_count: 5_904,
        first_seen: '2024-09-02T03:15:00Z',
        last_activity: '2025-01-15T11:48:12Z',
        mixer_interactions: 4,
        scam_associations: 211,
        high_risk_interactions: [
          {
            address: '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b',
            type: 'MIXER_INTERACTION',
            interaction_count: 4,
          },
        ],
      },
    },
  ],
  [
    // The deployer of several tokens whose liquidity was pulled.
    '0x9e3b7c2a1f5d8e4b6a0c3f7e2d9b1a8c5e4f6d2a',
    {
      chains: 'evm',
      risk_score: 78,
      flags: ['RUG_PULL_DEPLOYER', 'SUSPICIOUS_PATTERNS'],
      analysis: {
        transaction_count: 426,
        first_seen: '2024-05-19T17:03:44Z',
        last_activity: '2025-01-09T20:26:31Z',
        mixer_interactions: 2,
        scam_associations: 6,
        high_risk_interactions: [],
      },
    },
  ],
  [
    // A ransomware operator's payment address, sanctioned.
    '1FfmbHfnpaZjKFvyi1okTjJJusN455paPH',
    {
      chains: 'bitcoin',
      risk_score: 94,
      flags: ['SANCTIONED', 'KNOWN_SCAMMER'],
      analysis: {
        transaction_count: 1_389,
        first_seen: '2016-01-27T09:12:00Z',
        last_activity: '2018-11-26T16:30:00Z',
        mixer_interactions: 18,
        scam_associations: 52,
        high_risk_interactions: [],
      },
    },
  ],
  [
    // A drainer program's fee wallet on solana.
    'ScamDrainerX7vKm9pQ3rT5wY8zB2cD4eF6gH1jN',
    {
      chains: 'solana',
      risk_score: 88,
      flags: ['PHISHING', 'HIGH_VELOCITY'],
      analysis: {
        transaction_count: 12_077,
        first_seen: '2024-11-30T00:00:00Z',
        last_activity: '2025-01-15T09:30:00Z',
        mixer_interactions: 0,
        scam_associations: 96,
        high_risk_interactions: [],
      },
    },
  ],
]);

/** The reference's contract example (request-independent parts). */
export const KNOWN_CONTRACTS: ReadonlyMap<
  string,
  Omit<ContractAnalysis, 'chain' | 'address' | 'analyzed_at' | 'simulation_result'> & {
    simulation: NonNullable<ContractAnalysis['simulation_result']>;
  }
> = new Map([
  [
    '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984',
    {
      contract_safety_score: 72,
      vulnerabilities: [
        {
          type: 'REENTRANCY',
          severity: 'HIGH',
          function: 'withdraw()',
          line: 142,
          description:
            'An external call is made before the balance is updated, so withdraw() can be re-entered',
        },
      ],
      rug_pull_risk: {
        score: 35,
        risk_level: 'MEDIUM',
        indicators: ['OWNERSHIP_NOT_RENOUNCED', 'MINT_FUNCTION_PRESENT', 'PAUSABLE_CONTRACT'],
      },
      simulation: {
        success: true,
        gas_used: 145_000,
        state_changes: [
          {
            type: 'TOKEN_TRANSFER',
            address: '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984',
            description: 'Transfer of 1000000000000000000 token units from the caller to the pool',
            before: null,
            after: null,
          },
          {
            type: 'BALANCE',
            address: '0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8',
            description: 'Pool balance of the input token increases',
            before: '4210932118000000000000',
            after: '4211932118000000000000',
          },
        ],
        warnings: ['Unusually high slippage detected'],
      },
    },
  ],
]);

/** Pools we describe exactly (the reference's example). */
export const KNOWN_POOLS: ReadonlyMap<
  string,
  Pick<DefiMonitor, 'pool' | 'risk_assessment'>
> = new Map([
  [
    '0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8',
    {
      pool: {
        token0: { symbol: 'USDC', address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
        token1: { symbol: 'WETH', address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2' },
        fee_tier: 30,
        tvl_usd: 187_400_000,
        volume_24h_usd: 96_300_000,
        price: 3312.45,
      },
      risk_assessment: {
        score: 12,
        risk_level: 'LOW',
        findings: [
          'Deep liquidity: a 1M USD swap moves the price by less than 0.5%',
          'Pool contract is immutable',
        ],
      },
    },
  ],
]);

/** NFT collections with a known verdict. */
export const KNOWN_COLLECTIONS: ReadonlyMap<
  string,
  {
    collection: NftVerification['collection'];
    tokenUriBase: string;
    storage: 'IPFS' | 'ARWEAVE' | 'ONCHAIN' | 'CENTRALIZED';
    counterfeit: boolean;
  }
> = new Map([
  [
    // The reference's NFT example.
    '0xbc4ca0eda7647a8ab7c2061c2e118a18a936f13d',
    {
      collection: { name: 'Bored Ape Yacht Club', verified: true, floor_price_eth: 12.85 },
      tokenUriBase: 'ipfs://QmeSjSinHpPnmXmspMjwiXyN6zS4E9zccariGR3jxcaWtq/',
      storage: 'IPFS',
      counterfeit: false,
    },
  ],
  [
    // A copy of the same art under a look-alike name.
    '0x3c2d8b4e6f1a9c7e5b3d2f0a8c6e4b2d0f9a7c5e',
    {
      collection: { name: 'Bored Ape Yacht Club V2', verified: false, floor_price_eth: 0.004 },
      tokenUriBase: 'https://bayc-v2-mint.example/meta/',
      storage: 'CENTRALIZED',
      counterfeit: true,
    },
  ],
]);
