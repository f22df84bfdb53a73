/**
 * The monitoring resource: engine status and the monitoring mode.
 *
 * @see https://docs.cyberfortress.io/api/monitoring
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rGetMonitoringStatusResponse,
  rSetMonitoringModeResponse,
} from '../generated/shapes.gen.js';
import type { MonitoringSetModeParams, MonitoringStatus } from '../types.js';
import { APIResource } from './resource.js';

/**
 * The monitoring engines and their mode.
 *
 * @example
 * const { mode, engines } = await client.monitoring.status();
 * @see https://docs.cyberfortress.io/api/monitoring
 * @category Http
 */
export class Monitoring extends APIResource {
  /**
   * The current mode, each engine's state, statistics, performance and options.
   *
   * @example
   * const status = await client.monitoring.status();
   * console.log(status.statistics.threatsDetected);
   * @see https://docs.cyberfortress.io/api/monitoring#status
   */
  status(options?: RequestOptions): APIPromise<MonitoringStatus> {
    return this.transport.request<MonitoringStatus>(
      { method: 'GET', path: '/monitoring/status', response: rGetMonitoringStatusResponse },
      options,
    );
  }

  /**
   * Switches the monitoring mode, optionally changing some options; returns the new status.
   *
   * @example
   * await client.monitoring.setMode({ mode: 'DEEP_SCAN', options: { scanInterval: 10, mlEnabled: true } });
   * @see https://docs.cyberfortress.io/api/monitoring#mode
   */
  setMode(params: MonitoringSetModeParams, options?: RequestOptions): APIPromise<MonitoringStatus> {
    return this.transport.request<MonitoringStatus>(
      {
        method: 'PUT',
        path: '/monitoring/mode',
        body: params,
        response: rSetMonitoringModeResponse,
      },
      options,
    );
  }
}
