/**
 * The processes resource: quarantine or terminate a process on a monitored host.
 *
 * @see https://docs.cyberfortress.io/api/processes
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/transport.js';
import { rQuarantineProcessResponse } from '../generated/shapes.gen.js';
import type { ProcessQuarantineParams, QuarantineResult } from '../types.js';
import { APIResource } from './resource.js';

/**
 * Containment of processes on monitored hosts.
 *
 * @example
 * await client.processes.quarantine({ processId: 4532, processName: 'suspicious.exe', action: 'TERMINATE_AND_QUARANTINE' });
 * @see https://docs.cyberfortress.io/api/processes
 * @category Http
 */
export class Processes extends APIResource {
  /**
   * Terminates, quarantines or suspends a process, optionally collecting a memory dump as
   * evidence. Retried safely with one idempotency key, so the action runs once.
   *
   * @example
   * const result = await client.processes.quarantine({
   *   processId: 4532,
   *   processName: 'suspicious.exe',
   *   action: 'TERMINATE_AND_QUARANTINE',
   *   collectMemoryDump: true,
   * });
   * console.log(result.evidenceId);
   * @see https://docs.cyberfortress.io/api/processes#quarantine
   */
  quarantine(
    params: ProcessQuarantineParams,
    options?: RequestOptions,
  ): APIPromise<QuarantineResult> {
    return this.transport.request<QuarantineResult>(
      {
        method: 'POST',
        path: '/processes/quarantine',
        body: params,
        response: rQuarantineProcessResponse,
      },
      options,
    );
  }
}
