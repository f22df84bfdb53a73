/**
 * Blockchain checks: wallet scans, contract analysis, DeFi pool monitors and NFT verification.
 * Known addresses give their recorded verdicts; any other address gets a verdict drawn from a
 * hash of the address, so the same input always gets the same answer.
 */

import { addressKey, checksumValid, isEvmChain } from './address.js';
import { KNOWN_POOLS, KNOWN_WALLETS } from './blockchain-data.js';
import {
  checkChainAndAddress,
  optionalBoolean,
  randomAddress,
  REFERENCE_NOW,
  start,
} from './blockchain-input.js';
import { toIso } from './clock.js';
import { newId, type DomainContext } from './context.js';
import { analyzeContract } from './contract-analysis.js';
import { riskLevelFromScore } from './levels.js';
import { verifyNft } from './nft-verification.js';
import { Random } from './random.js';
import { isRecord, refuseUnknown } from './validation.js';
import type {
  Chain,
  ContractAnalysis,
  DefiMonitor,
  DefiProtocol,
  NftVerification,
  WalletFlag,
  WalletScan,
} from './wire.js';

const PROTOCOLS: readonly DefiProtocol[] = [
  'uniswap_v2',
  'uniswap_v3',
  'sushiswap',
  'curve',
  'balancer',
  'aave_v3',
  'compound_v3',
  'pancakeswap',
];
const TOKENS = [
  'WETH',
  'USDC',
  'USDT',
  'DAI',
  'WBTC',
  'LINK',
  'UNI',
  'AAVE',
  'ARB',
  'OP',
  'MATIC',
  'PEPE',
  'SHIB',
  'LDO',
  'CRV',
];
/** The `blockchain` part of the backend. */
export class Blockchain {
  readonly #monitors = new Map<string, DefiMonitor>();

  constructor(private readonly context: DomainContext) {}

  /**
   * Scans a wallet; a risk of 70 or more emits `crypto_threat`.
   *
   * @throws ApiError INVALID_REQUEST (`chain`, `address`)
   */
  scanWallet(input: unknown): WalletScan {
    const { problems, body } = start(input, ['chain', 'address', 'deep_scan']);
    const chain = checkChainAndAddress(problems, body, 'address', false);
    const deep = optionalBoolean(problems, body, 'deep_scan') ?? false;
    problems.throwIfAny('The request body is invalid');
    const address = body.address as string;
    const evm = isEvmChain(chain as Chain);
    const key = addressKey(chain as Chain, address);
    const known = KNOWN_WALLETS.get(key);
    const checksum = evm ? checksumValid(address) : null;
    let risk: number;
    let flags: WalletFlag[];
    let analysis: WalletScan['analysis'];

    if (known && (known.chains === 'evm' ? evm : known.chains === chain)) {
      ({ risk_score: risk, flags } = known);
      flags = [...flags];
      analysis = structuredClone(known.analysis);
    } else {
      const random = Random.from('wallet', chain as string, key);
      const transactions = random.chance(0.15) ? random.int(0, 9) : random.int(10, 2400);
      const firstSeen = REFERENCE_NOW - random.int(1, 1800) * 86_400_000;
      risk = random.int(2, 28);
      flags = transactions < 10 ? ['NEW_ADDRESS'] : [];
      analysis = {
        transaction_count: transactions,
        first_seen: transactions === 0 ? null : toIso(firstSeen),
        last_activity:
          transactions === 0
            ? null
            : toIso(firstSeen + random.next() * (REFERENCE_NOW - firstSeen)),
        mixer_interactions: 0,
        scam_associations: 0,
        high_risk_interactions: [],
      };
    }

    if (checksum === false) {
      flags.push('INVALID_CHECKSUM');
    }

    // A quick scan reports the strongest links only; a deep scan lists them all.
    if (!deep) {
      analysis.high_risk_interactions = analysis.high_risk_interactions.slice(0, 3);
    }

    const scan: WalletScan = {
      chain: chain as Chain,
      address,
      risk_score: risk,
      risk_level: riskLevelFromScore(risk),
      flags,
      checksum_valid: checksum,
      analysis,
      scanned_at: this.context.clock.nowIso(),
    };

    if (risk >= 70) {
      this.context.events.emit({
        type: 'crypto_threat',
        timestamp: scan.scanned_at,
        threat: structuredClone(scan),
      });
    }

    return scan;
  }

  /** @throws ApiError INVALID_REQUEST (`chain`, `address`, `simulate_transaction.*`) */
  analyzeContract(input: unknown): ContractAnalysis {
    return analyzeContract(input, this.context.clock.nowIso());
  }

  /** @throws ApiError INVALID_REQUEST (`chain`, `protocol`, `pool_address`, `alerts.*`) */
  monitorDefi(input: unknown): DefiMonitor {
    const { problems, body } = start(input, ['chain', 'protocol', 'pool_address', 'alerts']);
    const chain = checkChainAndAddress(problems, body, 'pool_address', true);

    if (!PROTOCOLS.includes(body.protocol as DefiProtocol)) {
      problems.add('protocol', `Must be one of ${PROTOCOLS.join(', ')}`);
    }

    const alerts = isRecord(body.alerts) ? body.alerts : {};

    if (body.alerts !== undefined && !isRecord(body.alerts)) {
      problems.add('alerts', 'Must be an object');
    }

    refuseUnknown(
      problems,
      alerts,
      ['large_swaps', 'liquidity_changes', 'price_impact'],
      'alerts.',
    );

    for (const flag of ['large_swaps', 'liquidity_changes']) {
      if (alerts[flag] !== undefined && typeof alerts[flag] !== 'boolean') {
        problems.add(`alerts.${flag}`, 'Must be a boolean');
      }
    }

    const impact = alerts.price_impact;

    if (impact !== undefined && (typeof impact !== 'number' || !(impact >= 0.1 && impact <= 100))) {
      problems.add('alerts.price_impact', 'Must be a percentage from 0.1 to 100');
    }

    problems.throwIfAny('The request body is invalid');
    const address = body.pool_address as string;
    const protocol = body.protocol as DefiProtocol;
    const key = addressKey(chain as Chain, address);
    const known = KNOWN_POOLS.get(key);
    const random = Random.from('pool', chain as string, key);
    const [symbol0, symbol1] = random.sample(TOKENS, 2) as [string, string];
    const tvl = Math.round(10 ** random.float(4.7, 8.7, 3));
    const riskScore = Math.max(
      3,
      Math.min(95, Math.round(90 - Math.log10(tvl) * 9 + random.int(0, 15))),
    );
    const monitor: DefiMonitor = {
      monitor_id: newId(this.context.random, 'defimon', 12, 'alnum', (id) =>
        this.#monitors.has(id),
      ),
      chain: chain as Chain,
      protocol,
      pool_address: address,
      status: 'active',
      alerts: {
        large_swaps: (alerts.large_swaps as boolean | undefined) ?? true,
        liquidity_changes: (alerts.liquidity_changes as boolean | undefined) ?? true,
        price_impact: (impact as number | undefined) ?? 5,
      },
      ...(known
        ? structuredClone(known)
        : {
            pool: {
              token0: { symbol: symbol0, address: randomAddress(random) },
              token1: { symbol: symbol1, address: randomAddress(random) },
              fee_tier:
                protocol === 'uniswap_v3'
                  ? random.pick([5, 30, 100])
                  : protocol === 'curve'
                    ? 4
                    : protocol === 'aave_v3' || protocol === 'compound_v3'
                      ? 0
                      : 30,
              tvl_usd: tvl,
              volume_24h_usd: Math.round(tvl * random.float(0.02, 0.8)),
              price: random.float(0.0001, 5000, 4),
            },
            risk_assessment: {
              score: riskScore,
              risk_level: riskLevelFromScore(riskScore),
              findings:
                riskScore >= 50
                  ? [
                      'Shallow liquidity: large swaps move the price sharply',
                      'Liquidity provider concentration is high',
                    ]
                  : ['Liquidity is adequate for the pool size'],
            },
          }),
      created_at: this.context.clock.nowIso(),
    };
    this.#monitors.set(monitor.monitor_id, monitor);
    return structuredClone(monitor);
  }
  /** @throws ApiError INVALID_REQUEST (`chain`, `contract`, `token_id`) */
  verifyNft(input: unknown): NftVerification {
    return verifyNft(input, this.context.clock.nowIso());
  }
}
