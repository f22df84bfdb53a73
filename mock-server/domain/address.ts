/**
 * Blockchain address formats per chain, and the EIP-55 mixed-case checksum of EVM addresses.
 */

import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Chain } from './wire.js';

export const EVM_CHAINS: readonly Chain[] = [
  'ethereum',
  'polygon',
  'bsc',
  'arbitrum',
  'optimism',
  'avalanche',
];
export const CHAINS: readonly Chain[] = [...EVM_CHAINS, 'bitcoin', 'solana'];

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BITCOIN_BASE58 = /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/;
const BITCOIN_BECH32 = /^bc1[ac-hj-np-z02-9]{11,71}$/;
const SOLANA = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

export function isChain(value: unknown): value is Chain {
  return typeof value === 'string' && (CHAINS as readonly string[]).includes(value);
}

export function isEvmChain(chain: Chain): boolean {
  return EVM_CHAINS.includes(chain);
}

export function isEvmAddress(value: unknown): value is string {
  return typeof value === 'string' && EVM_ADDRESS.test(value);
}

/** Whether `address` is well-formed for `chain` (the checksum is judged separately). */
export function isAddressFor(chain: Chain, address: unknown): address is string {
  if (typeof address !== 'string') {
    return false;
  }

  if (chain === 'bitcoin') {
    return BITCOIN_BASE58.test(address) || BITCOIN_BECH32.test(address);
  }

  return chain === 'solana' ? SOLANA.test(address) : EVM_ADDRESS.test(address);
}

/** A description of the format, for error details. */
export function addressFormat(chain: Chain): string {
  if (chain === 'bitcoin') {
    return 'Must be a bitcoin address (base58 starting with 1 or 3, or bech32 starting with bc1)';
  }

  return chain === 'solana'
    ? 'Must be a base58 address of 32 to 44 characters'
    : 'Must be 0x followed by 40 hexadecimal characters';
}

/**
 * The EIP-55 checksummed form of an EVM address.
 *
 * @example
 * toChecksumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'); // '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
 */
export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = '0x';

  for (let i = 0; i < 40; i++) {
    const byte = hash[i >> 1] as number;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    out += nibble >= 8 ? (lower[i] as string).toUpperCase() : (lower[i] as string);
  }

  return out;
}

/**
 * Whether an EVM address passes EIP-55. A single-case address carries no checksum and so
 * cannot fail it; only a mixed-case one is checked.
 */
export function checksumValid(address: string): boolean {
  const body = address.slice(2);

  if (body === body.toLowerCase() || body === body.toUpperCase()) {
    return true;
  }

  return toChecksumAddress(address) === address;
}

/** The form addresses are looked up by: lowercase for EVM (case only carries the checksum). */
export function addressKey(chain: Chain, address: string): string {
  return isEvmChain(chain) ? address.toLowerCase() : address;
}
