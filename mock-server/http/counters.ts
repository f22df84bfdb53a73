/**
 * Request counters for `GET /__mock/counters`, so a test can assert what reached the mock
 * (how many retries, how many 429s) without parsing logs.
 */

export interface CountersSnapshot {
  requests: number;
  by_operation: Record<string, number>;
  by_status: Record<string, number>;
  rate_limited: number;
  idempotent_replays: number;
  errors: Record<string, number>;
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
    };
  }

  reset(): void {
    this.#requests = 0;
    this.#byOperation = {};
    this.#byStatus = {};
    this.#rateLimited = 0;
    this.#replays = 0;
    this.#errors = {};
  }
}
