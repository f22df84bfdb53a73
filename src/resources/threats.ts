/**
 * The threats resource: list, read, report, update and check an address.
 *
 * @see https://docs.cyberfortress.io/api/threats
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import { requestPage, type PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rCheckThreatResponse,
  rGetThreatResponse,
  rListThreatsResponse,
  rReportThreatResponse,
  rUpdateThreatResponse,
} from '../generated/shapes.gen.js';
import type {
  Threat,
  ThreatCheck,
  ThreatDetail,
  ThreatListParams,
  ThreatReportParams,
  ThreatUpdateParams,
} from '../types.js';
import { APIResource } from './resource.js';

/**
 * Threats detected by CyberFortress or reported to it.
 *
 * @example
 * const threat = await client.threats.get('threat_7h8i9j0k');
 * @see https://docs.cyberfortress.io/api/threats
 * @category Http
 */
export class Threats extends APIResource {
  /**
   * Lists threats, newest first unless `sort`/`order` say otherwise. Await it for one page, or
   * iterate it with `for await` for every matching threat across pages.
   *
   * @param params filters (arrays match any of their values) and `limit` (1..100, default 20) / `offset`
   * @example
   * const page = await client.threats.list({ severity: ['high', 'critical'], limit: 50 });
   * for await (const threat of client.threats.list({ status: 'active' })) console.log(threat.id);
   * @see https://docs.cyberfortress.io/api/threats#list
   */
  list(params?: ThreatListParams, options?: RequestOptions): PagePromise<Threat> {
    return requestPage<Threat>(
      this.transport,
      { method: 'GET', path: '/threats', query: params, response: rListThreatsResponse },
      options,
    );
  }

  /**
   * Reads one threat with its full analysis and timeline.
   *
   * @example
   * const threat = await client.threats.get('threat_7h8i9j0k');
   * console.log(threat.fullAnalysis.evidence.memoryDump);
   * @see https://docs.cyberfortress.io/api/threats#get
   */
  get(threatId: string, options?: RequestOptions): APIPromise<ThreatDetail> {
    return this.transport.request<ThreatDetail>(
      {
        method: 'GET',
        path: '/threats/{threat_id}',
        params: { threat_id: threatId },
        response: rGetThreatResponse,
      },
      options,
    );
  }

  /**
   * Reports a threat seen by your own tooling. Retried safely: the idempotency key is the same
   * on every attempt, so a report is never recorded twice.
   *
   * @example
   * await client.threats.report({ ipAddress: '203.0.113.42', threatType: 'C2_COMMUNICATION', confidence: 0.85 });
   * @see https://docs.cyberfortress.io/api/threats#report
   */
  report(params: ThreatReportParams, options?: RequestOptions): APIPromise<ThreatDetail> {
    return this.transport.request<ThreatDetail>(
      { method: 'POST', path: '/threats', body: params, response: rReportThreatResponse },
      options,
    );
  }

  /**
   * Changes a threat's status, resolution or notes. An invalid status move (for example
   * `mitigated` → `investigating`) is a `ConflictError`.
   *
   * @example
   * await client.threats.update('threat_7h8i9j0k', { status: 'mitigated', resolution: 'IP blocked at firewall' });
   * @see https://docs.cyberfortress.io/api/threats#update
   */
  update(
    threatId: string,
    params: ThreatUpdateParams,
    options?: RequestOptions,
  ): APIPromise<ThreatDetail> {
    return this.transport.request<ThreatDetail>(
      {
        method: 'PATCH',
        path: '/threats/{threat_id}',
        params: { threat_id: threatId },
        body: params,
        response: rUpdateThreatResponse,
      },
      options,
    );
  }

  /**
   * What CyberFortress knows about one IPv4 or IPv6 address: highest score, threat count, latest
   * threat and whether an active block covers it.
   *
   * @example
   * const { isThreat, threatScore, blocked } = await client.threats.check('203.0.113.42');
   * @see https://docs.cyberfortress.io/api/threats#check
   */
  check(ip: string, options?: RequestOptions): APIPromise<ThreatCheck> {
    return this.transport.request<ThreatCheck>(
      {
        method: 'GET',
        path: '/threats/check/{ip}',
        params: { ip },
        response: rCheckThreatResponse,
      },
      options,
    );
  }
}
