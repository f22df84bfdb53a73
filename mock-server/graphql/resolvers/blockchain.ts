/**
 * Blockchain reads and scans. `scanSmartContract` is `POST /blockchain/contract/analyze`;
 * `cryptoThreats` lists the domain's known risky wallets; `scanTransaction` has no REST twin
 * and draws its verdict from a hash of the chain and the transaction hash, so the same input
 * always gets the same answer.
 */

import { addressFormat, addressKey, isAddressFor, isEvmChain } from '../../domain/address.js';
import { KNOWN_WALLETS } from '../../domain/blockchain-data.js';
import { randomAddress, REFERENCE_NOW } from '../../domain/blockchain-input.js';
import { toIso } from '../../domain/clock.js';
import { riskLevelFromScore } from '../../domain/levels.js';
import { hashSeed, Random } from '../../domain/random.js';
import type { Chain, WalletFlag } from '../../domain/wire.js';
import { ApiError } from '../../http/errors.js';
import { scoped } from '../context.js';

/** Known wallets at or above this risk are threats (the stream's `crypto_threat` threshold). */
const THREAT_RISK = 70;
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const RISKY_FLAGS: readonly WalletFlag[] = [
  'MIXER_INTERACTION',
  'KNOWN_SCAMMER',
  'PHISHING',
  'SUSPICIOUS_PATTERNS',
  'HIGH_VELOCITY',
];
const EVM_METHODS = ['transfer', 'approve', 'swapExactTokensForETH', 'multicall', 'deposit'];
const WARNINGS: Partial<Record<WalletFlag, string>> = {
  MIXER_INTERACTION: 'Funds passed through a mixer',
  KNOWN_SCAMMER: 'Counterparty is a known scammer',
  PHISHING: 'Counterparty is linked to phishing',
  SUSPICIOUS_PATTERNS: 'Unusually high slippage detected',
  HIGH_VELOCITY: 'Funds moved on within minutes of arriving',
};

/** A stable id derived from the parts, `prefix` + 12 lowercase alphanumerics. */
function stableId(prefix: string, ...parts: string[]): string {
  let hash = hashSeed(prefix, ...parts);
  let id = prefix;
  for (let i = 0; i < 12; i++) {
    id += ALNUM[hash % ALNUM.length];
    hash = hashSeed(hash, i);
  }

  return id;
}

function pickString(random: Random, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
}

/** A made-up address in the chain's format, for the sides of a scanned transaction. */
function addressFor(random: Random, chain: Chain): string {
  if (chain === 'bitcoin') return `bc1q${pickString(random, BECH32, 38)}`;
  if (chain === 'solana') return pickString(random, BASE58, 44);
  return randomAddress(random);
}

function checkTxHash(chain: Chain, txHash: string): void {
  const valid =
    chain === 'bitcoin'
      ? /^[0-9a-fA-F]{64}$/.test(txHash)
      : chain === 'solana'
        ? /^[1-9A-HJ-NP-Za-km-z]{64,88}$/.test(txHash)
        : /^0x[0-9a-fA-F]{64}$/.test(txHash);
  if (!valid) {
    const format =
      chain === 'bitcoin'
        ? 'Must be 64 hexadecimal characters'
        : chain === 'solana'
          ? 'Must be a base58 signature of 64 to 88 characters'
          : 'Must be 0x followed by 64 hexadecimal characters';
    throw ApiError.invalid([{ field: 'txHash', issue: format }]);
  }
}

/** Resolver of `Query.cryptoThreats`. @internal */
export const blockchainQueries = {
  cryptoThreats: scoped(
    'blockchain:read',
    ({ chain: name, address }: { chain: string; address?: string | null }) => {
      const chain = name.toLowerCase() as Chain;
      if (address !== undefined && address !== null && !isAddressFor(chain, address)) {
        throw ApiError.invalid([{ field: 'address', issue: addressFormat(chain) }]);
      }

      const wanted = address ? addressKey(chain, address) : undefined;
      const threats = [];
      for (const [key, wallet] of KNOWN_WALLETS) {
        const onChain = wallet.chains === 'evm' ? isEvmChain(chain) : wallet.chains === chain;
        if (!onChain || wallet.risk_score < THREAT_RISK) continue;
        if (wanted !== undefined && key !== wanted) continue;
        const level = riskLevelFromScore(wallet.risk_score);
        threats.push({
          id: stableId('cthreat_', chain, key),
          chain,
          address: key,
          risk_score: wallet.risk_score,
          risk_level: level,
          flags: [...wallet.flags],
          detected_at: wallet.analysis.last_activity ?? toIso(REFERENCE_NOW),
          description: `Wallet scored ${wallet.risk_score} (${level}): flagged ${wallet.flags
            .map((flag) => flag.toLowerCase().replaceAll('_', ' '))
            .join(', ')}.`,
        });
      }

      return threats;
    },
  ),
};

/** Resolvers of `Mutation.scanSmartContract` and `Mutation.scanTransaction`. @internal */
export const blockchainMutations = {
  scanSmartContract: scoped(
    'blockchain:read',
    ({ chain, address }: { chain: string; address: string }, { backend }) =>
      backend.blockchain.analyzeContract({ chain: chain.toLowerCase(), address }),
  ),

  scanTransaction: scoped(
    'blockchain:read',
    ({ chain: name, txHash }: { chain: string; txHash: string }, { backend }) => {
      const chain = name.toLowerCase() as Chain;
      checkTxHash(chain, txHash);
      const hex = chain !== 'solana';
      const random = Random.from('transaction', chain, hex ? txHash.toLowerCase() : txHash);
      const risk = random.chance(0.2) ? random.int(THREAT_RISK, 98) : random.int(2, 45);
      const flags = risk >= THREAT_RISK ? random.sample(RISKY_FLAGS, random.int(1, 2)) : [];
      const evm = isEvmChain(chain);
      const creation = evm && random.chance(0.05);
      return {
        chain,
        tx_hash: txHash,
        risk_score: risk,
        risk_level: riskLevelFromScore(risk),
        flags,
        from: addressFor(random, chain),
        to: creation ? null : addressFor(random, chain),
        value_wei: String(random.int(1, 999_999)) + '0'.repeat(random.int(9, 15)),
        method_name: evm && !creation ? random.pick([...EVM_METHODS, null]) : null,
        warnings: flags.flatMap((flag) => WARNINGS[flag] ?? []),
        analyzed_at: backend.clock.nowIso(),
      };
    },
  ),
};
