/**
 * Input checks shared by the blockchain operations (chain, address per chain, optional flags)
 * and the pinned instant that hash-derived verdicts are computed from.
 */

import { addressFormat, isAddressFor, isChain, isEvmChain } from './address.js';
import type { Random } from './random.js';
import { isRecord, Problems, refuseUnknown } from './validation.js';
import type { Chain } from './wire.js';

/** Verdicts for unknown addresses are pinned to this instant, so they never change. */
export const REFERENCE_NOW = Date.parse('2025-01-15T00:00:00Z');

export function randomAddress(random: Random): string {
  return `0x${random.hex(40)}`;
}

/** Checks `chain` and the address field for it; returns the chain when both are right. */
export function checkChainAndAddress(
  problems: Problems,
  body: Record<string, unknown>,
  field: string,
  evmOnly: boolean,
): Chain | undefined {
  if (!isChain(body.chain)) {
    problems.add(
      'chain',
      'Must be one of ethereum, bitcoin, polygon, bsc, arbitrum, optimism, avalanche, solana',
    );
    return undefined;
  }

  if (evmOnly && !isEvmChain(body.chain)) {
    problems.add('chain', 'Only EVM chains are supported for this operation');
    return undefined;
  }

  if (!isAddressFor(body.chain, body[field])) {
    problems.add(field, body[field] === undefined ? 'Required' : addressFormat(body.chain));
    return undefined;
  }

  return body.chain;
}

export function optionalBoolean(
  problems: Problems,
  body: Record<string, unknown>,
  field: string,
): boolean | undefined {
  if (body[field] !== undefined && typeof body[field] !== 'boolean') {
    problems.add(field, 'Must be a boolean');
  }

  return body[field] as boolean | undefined;
}

export function start(
  input: unknown,
  known: readonly string[],
): { problems: Problems; body: Record<string, unknown> } {
  const problems = new Problems();
  const body = isRecord(input) ? input : {};

  if (!isRecord(input)) {
    problems.add('body', 'Must be a JSON object');
  }

  refuseUnknown(problems, body, known);
  return { problems, body };
}
