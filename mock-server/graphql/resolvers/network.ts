/**
 * Network and process control: `blockIP` is `POST /network/block` with one `ip` target, and
 * `quarantineProcess` is `POST /processes/quarantine` with the action TERMINATE_AND_QUARANTINE.
 */

import { ApiError } from '../../http/errors.js';
import { scoped } from '../context.js';
import { renameFields } from '../errors.js';

interface BlockArgs {
  ip: string;
  duration?: string | null;
  reason: string;
}

/** Resolvers of `Mutation.blockIP` and `Mutation.quarantineProcess`. @internal */
export const networkMutations = {
  blockIP: scoped('network:write', ({ ip, duration, reason }: BlockArgs, context) => {
    let result;
    try {
      result = context.backend.network.block({
        targets: [{ type: 'ip', value: ip }],
        ...(duration === undefined || duration === null ? {} : { duration }),
        reason,
      });
    } catch (error) {
      throw renameFields(error, { 'targets[0].value': 'ip', 'targets[0]': 'ip' });
    }

    context.counters?.recordEffect('blockTargets');
    const block = result.blocks[0];
    if (!block) throw new ApiError('INTERNAL_ERROR', 'The block produced no record');
    return {
      success: result.success,
      message: result.message,
      block_id: block.id,
      expires_at: block.expires_at,
      target: { type: block.type, value: block.value },
    };
  }),

  quarantineProcess: scoped(
    'processes:write',
    ({ processId, collectDump }: { processId: number; collectDump?: boolean | null }, context) => {
      // REST names the process; GraphQL gives only its id, so the name comes from the newest
      // threat that saw that process (and the quarantine is noted on that threat's timeline).
      const { data } = context.backend.threats.list({ limit: Number.MAX_SAFE_INTEGER });
      const seen = data.find((threat) => threat.process_behavior?.process_id === processId);
      let result;
      try {
        result = context.backend.processes.quarantine({
          process_id: processId,
          process_name: seen?.process_behavior?.process_name ?? `pid-${processId}`,
          action: 'TERMINATE_AND_QUARANTINE',
          collect_memory_dump: collectDump ?? false,
          ...(seen ? { threat_id: seen.id } : {}),
        });
      } catch (error) {
        throw renameFields(error, { process_id: 'processId' });
      }

      context.counters?.recordEffect('quarantineProcess');
      return result;
    },
  ),
};
