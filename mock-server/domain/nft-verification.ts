/**
 * NFT verification: known collections give their recorded verdicts; any other contract gets a
 * verdict drawn from a hash of its address (and of the token for per-token facts).
 */

import { addressKey } from './address.js';
import { KNOWN_COLLECTIONS } from './blockchain-data.js';
import {
  checkChainAndAddress,
  optionalBoolean,
  randomAddress,
  REFERENCE_NOW,
  start,
} from './blockchain-input.js';
import { toIso } from './clock.js';
import { riskLevelFromScore } from './levels.js';
import { Random } from './random.js';
import type { Chain, MetadataStorage, NftFlag, NftVerification } from './wire.js';

/** @throws ApiError INVALID_REQUEST (`chain`, `contract`, `token_id`) */
export function verifyNft(input: unknown, now: string): NftVerification {
  const { problems, body } = start(input, [
    'chain',
    'contract',
    'token_id',
    'check_metadata',
    'verify_ownership',
  ]);
  const chain = checkChainAndAddress(problems, body, 'contract', true);

  if (typeof body.token_id !== 'string' || !/^[0-9]{1,78}$/.test(body.token_id)) {
    problems.add('token_id', 'Must be a token id in decimal digits');
  }

  const checkMetadata = optionalBoolean(problems, body, 'check_metadata') ?? true;
  const verifyOwnership = optionalBoolean(problems, body, 'verify_ownership') ?? true;
  problems.throwIfAny('The request body is invalid');
  const contract = body.contract as string;
  const tokenId = body.token_id as string;
  const key = addressKey(chain as Chain, contract);
  const known = KNOWN_COLLECTIONS.get(key);
  const random = Random.from('nft', chain as string, key);
  const token = Random.from('nft-token', chain as string, key, tokenId);
  const verified = known?.collection.verified ?? random.chance(0.3);
  const storage: MetadataStorage =
    known?.storage ?? random.pick(['IPFS', 'IPFS', 'ARWEAVE', 'ONCHAIN', 'CENTRALIZED'] as const);
  const mutable = known
    ? !known.collection.verified
    : storage === 'CENTRALIZED' || random.chance(0.3);
  const flags: NftFlag[] = [];

  if (known?.counterfeit) {
    flags.push('COUNTERFEIT_SUSPECTED');
  }

  if (!verified) {
    flags.push('UNVERIFIED_COLLECTION');
  }

  if (mutable) {
    flags.push('METADATA_MUTABLE');
  }

  if (storage === 'CENTRALIZED') {
    flags.push('CENTRALIZED_STORAGE');
  }

  if (!known && token.chance(0.05)) {
    flags.push('WASH_TRADING');
  }

  const score = known?.counterfeit
    ? 12
    : Math.max(
        5,
        Math.min(99, (verified ? 97 : 70) - flags.length * 8 + (known ? 0 : random.int(-5, 2))),
      );
  const authentic =
    score >= 70 && !flags.includes('COUNTERFEIT_SUSPECTED') && !flags.includes('STOLEN');
  const tokenUri = known
    ? `${known.tokenUriBase}${tokenId}`
    : storage === 'CENTRALIZED'
      ? `https://metadata.${random.alnum(8)}.example/${tokenId}`
      : `${storage === 'ARWEAVE' ? 'ar://' : 'ipfs://'}${random.base62(46)}/${tokenId}`;
  return {
    chain: chain as Chain,
    contract,
    token_id: tokenId,
    authentic,
    authenticity_score: score,
    risk_level: riskLevelFromScore(100 - score),
    flags,
    collection: known
      ? { ...known.collection }
      : {
          name: `Collection ${random.alnum(6).toUpperCase()}`,
          verified,
          floor_price_eth: verified ? random.float(0.05, 8, 3) : null,
        },
    metadata: checkMetadata
      ? {
          valid: !known?.counterfeit,
          storage,
          mutable,
          token_uri: tokenUri,
          issues:
            storage === 'CENTRALIZED'
              ? ['Metadata is served from a single web server and can change or vanish']
              : [],
        }
      : null,
    ownership: verifyOwnership
      ? {
          owner: randomAddress(token),
          verified: true,
          last_transfer_at: toIso(REFERENCE_NOW - token.int(1, 900) * 86_400_000),
          transfer_count: token.int(1, 14),
        }
      : null,
    verified_at: now,
  };
}
