/**
 * Smart contract analysis: the reference's example contract gives its published findings; any
 * other contract gets findings drawn from a hash of its address, and a simulation drawn from a
 * hash of the call, so the same request always gets the same answer.
 */

import { addressKey } from './address.js';
import { KNOWN_CONTRACTS } from './blockchain-data.js';
import { checkChainAndAddress, optionalBoolean, start } from './blockchain-input.js';
import { riskLevelFromScore } from './levels.js';
import { Random } from './random.js';
import { isRecord, refuseUnknown } from './validation.js';
import type { Chain, ContractAnalysis, RugPullIndicator, VulnerabilityType } from './wire.js';

const VULNERABILITIES: readonly [VulnerabilityType, string, string][] = [
  [
    'REENTRANCY',
    'withdraw()',
    'State is updated after an external call, so the function can be re-entered',
  ],
  ['INTEGER_OVERFLOW', 'mint(uint256)', 'Unchecked arithmetic can wrap the total supply'],
  ['UNCHECKED_CALL', 'execute(address,bytes)', 'The return value of a low-level call is ignored'],
  ['ACCESS_CONTROL', 'setFee(uint256)', 'A privileged setter has no owner check'],
  ['TX_ORIGIN_AUTH', 'transferOwnership(address)', 'Authorisation relies on tx.origin'],
  ['FRONT_RUNNING', 'claim(bytes32)', 'A commit can be observed and front-run in the mempool'],
  ['DELEGATECALL_INJECTION', 'upgradeTo(address)', 'delegatecall target is caller-controlled'],
  ['TIMESTAMP_DEPENDENCE', 'draw()', 'Randomness derives from block.timestamp'],
  ['SELFDESTRUCT', 'kill()', 'An unprotected selfdestruct can remove the contract'],
];
const RUG_INDICATORS: readonly RugPullIndicator[] = [
  'OWNERSHIP_NOT_RENOUNCED',
  'MINT_FUNCTION_PRESENT',
  'PAUSABLE_CONTRACT',
  'BLACKLIST_FUNCTION',
  'HIDDEN_FEE',
  'LIQUIDITY_NOT_LOCKED',
  'UPGRADEABLE_PROXY',
];
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** @throws ApiError INVALID_REQUEST (`chain`, `address`, `simulate_transaction.*`) */
export function analyzeContract(input: unknown, now: string): ContractAnalysis {
  const { problems, body } = start(input, [
    'chain',
    'address',
    'check_vulnerabilities',
    'check_rug_pull',
    'simulate_transaction',
  ]);
  const chain = checkChainAndAddress(problems, body, 'address', false);

  if (chain === 'bitcoin') {
    problems.add('chain', 'bitcoin has no smart contracts');
  }

  const vulnerabilities = optionalBoolean(problems, body, 'check_vulnerabilities') ?? true;
  const rugPull = optionalBoolean(problems, body, 'check_rug_pull') ?? true;
  const simulate = body.simulate_transaction;

  if (simulate !== undefined) {
    if (!isRecord(simulate)) {
      problems.add('simulate_transaction', 'Must be an object');
    } else {
      refuseUnknown(problems, simulate, ['function', 'params', 'value'], 'simulate_transaction.');

      if (typeof simulate.function !== 'string' || simulate.function.length === 0) {
        problems.add('simulate_transaction.function', 'Must be a function name');
      }

      if (
        !Array.isArray(simulate.params) ||
        !simulate.params.every((param) => typeof param === 'string')
      ) {
        problems.add('simulate_transaction.params', 'Must be an array of strings');
      }

      if (typeof simulate.value !== 'string' || !/^[0-9]+$/.test(simulate.value)) {
        problems.add('simulate_transaction.value', 'Must be an amount in wei, as decimal digits');
      }
    }
  }

  problems.throwIfAny('The request body is invalid');
  const address = body.address as string;
  const key = addressKey(chain as Chain, address);
  const known = KNOWN_CONTRACTS.get(key);
  const random = Random.from('contract', chain as string, key);
  const safety = known?.contract_safety_score ?? random.int(55, 97);
  const found =
    known?.vulnerabilities ??
    random
      .sample(VULNERABILITIES, safety > 85 ? 0 : random.int(0, 2))
      .map(([type, fn, description]) => ({
        type,
        severity: SEVERITIES[random.int(0, 3)] as (typeof SEVERITIES)[number],
        function: fn,
        line: random.int(20, 900),
        description,
      }));
  const rugScore = random.int(5, 60);
  const rug = known?.rug_pull_risk ?? {
    score: rugScore,
    risk_level: riskLevelFromScore(rugScore),
    indicators: random.sample(RUG_INDICATORS, Math.floor(rugScore / 20)),
  };
  let simulation: ContractAnalysis['simulation_result'] = null;

  if (isRecord(simulate)) {
    const call = simulate as { function: string; params: string[]; value: string };
    const sim = Random.from('simulation', key, call.function, call.params.join(','), call.value);
    simulation = known
      ? structuredClone(known.simulation)
      : {
          success: sim.chance(0.9),
          gas_used: sim.int(21_000, 250_000),
          state_changes: [
            {
              type: 'TOKEN_TRANSFER',
              address,
              description: `${call.function} moves tokens from the caller`,
              before: null,
              after: null,
            },
            ...(call.value !== '0'
              ? [
                  {
                    type: 'BALANCE' as const,
                    address,
                    description: `Contract receives ${call.value} wei`,
                    before: String(sim.int(0, 10 ** 9)),
                    after: null,
                  },
                ]
              : []),
          ],
          warnings: sim.chance(0.3) ? ['Token has a transfer fee'] : [],
        };
  }

  return {
    chain: chain as Chain,
    address,
    contract_safety_score: safety,
    vulnerabilities: vulnerabilities ? structuredClone(found) : null,
    rug_pull_risk: rugPull ? structuredClone(rug) : null,
    simulation_result: simulation,
    analyzed_at: now,
  };
}
