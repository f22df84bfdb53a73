/**
 * Request counters for `GET /__mock/counters`, so a test can assert what reached the mock
 * (how many retries, how many 429s) without parsing logs.
 */

/** What `GET /__mock/counters` returns: request counts since the last reset. */
export interface CountersSnapshot {
  /** Every API request that reached the mock (control API requests are not counted). */
  requests: number;
  /** Requests by OpenAPI operationId (`listThreats`); unmatched paths are not listed. */
  by_operation: Record<string, number>;
  /** Requests by response status (`"200"`, `"429"`). */
  by_status: Record<string, number>;
  /** Requests refused with 429 by the rate limiter. */
  rate_limited: number;
  /** POSTs answered from the idempotency store (a retry with the same key). */
  idempotent_replays: number;
  /** Error responses by error code (`NOT_FOUND`). */
  errors: Record<string, number>;
  /** Successful handler runs that changed state (replays and refusals excluded). */
  threats_reported: number;
  /** Successful threat updates. */
  threats_updated: number;
  /** Successful block requests (one per request, whatever the number of targets). */
  blocks_created: number;
  /** Successful quarantines. */
  processes_quarantined: number;
  /** API keys created. */
  api_keys_created: number;
  /** Webhooks created. */
  webhooks_created: number;
}

/** Which operation's success is which effect counter. */
const EFFECTS = {
  reportThreat: 'threats_reported',
  updateThreat: 'threats_updated',
  blockTargets: 'blocks_created',
  quarantineProcess: 'processes_quarantined',
  createApiKey: 'api_keys_created',
  createWebhook: 'webhooks_created',
} as const;

type EffectName = (typeof EFFECTS)[keyof typeof EFFECTS];

function noEffects(): Record<EffectName, number> {
  return {
    threats_reported: 0,
    threats_updated: 0,
    blocks_created: 0,
    processes_quarantined: 0,
    api_keys_created: 0,
    webhooks_created: 0,
  };
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export class Counters {
  #requests = 0;
  #byOperation: Record<string, number> = {};
  #byStatus: Record<string, number> = {};
  #rateLimited = 0;
  #replays = 0;
  #errors: Record<string, number> = {};
  #effects = noEffects();

  /**
   * Records one finished API request (control API requests are not counted).
   * @param operationId `undefined` when no route matched
   * @param errorCode the envelope's code for a non-2xx answer
   */
  record(operationId: string | undefined, status: number, errorCode: string | undefined): void {
    this.#requests += 1;
    if (operationId) bump(this.#byOperation, operationId);
    bump(this.#byStatus, String(status));
    if (errorCode) bump(this.#errors, errorCode);
    if (errorCode === 'RATE_LIMIT_EXCEEDED') this.#rateLimited += 1;
  }

  /** Records that a handler ran and succeeded (a replayed answer does not come through here). */
  recordEffect(operationId: string): void {
    const effect = EFFECTS[operationId as keyof typeof EFFECTS];
    if (effect) this.#effects[effect] += 1;
  }

  recordReplay(): void {
    this.#replays += 1;
  }

  snapshot(): CountersSnapshot {
    return {
      requests: this.#requests,
      by_operation: { ...this.#byOperation },
      by_status: { ...this.#byStatus },
      rate_limited: this.#rateLimited,
      idempotent_replays: this.#replays,
      errors: { ...this.#errors },
      ...this.#effects,
    };
  }

  reset(): void {
    this.#requests = 0;
    this.#byOperation = {};
    this.#byStatus = {};
    this.#rateLimited = 0;
    this.#replays = 0;
    this.#errors = {};
    this.#effects = noEffects();
  }
}
