/**
 * The knobs of GraphQL subscriptions, as `new CyberFortress({ graphql: { … } })` takes them;
 * each default is written here once and applied once, in `SubscriptionClient`'s constructor.
 *
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @module
 */

/**
 * Options of `client.graphql`'s subscriptions (queries and mutations follow the client's
 * `timeout` and `maxRetries`).
 *
 * @example
 * new CyberFortress({ graphql: { retryAttempts: 10, lazyCloseTimeout: 5_000 } });
 * @see https://docs.cyberfortress.io/sdks/node#graphql
 * @category GraphQL
 */
export interface GraphQLOptions {
  /** Reconnect attempts in a row before the subscriptions fail; `0` never reconnects. @default 5 */
  retryAttempts?: number;
  /** Milliseconds to wait before reconnect attempt `attempt` (1, 2, …). @default randomisedExponentialBackoff (0 to 500 ms, doubling to 8 s, jittered) */
  retryWait?: (attempt: number) => number;
  /**
   * Whether to reconnect after the socket closed (a `CloseEvent`-like `{ code, reason }`) or
   * failed. Codes the protocol makes fatal (4400, 4401, 4406, 4409, 4429, 4500…) never reconnect.
   * @default reconnect after any close but 4403 (forbidden: the same credential will be refused again)
   */
  shouldRetry?: (errorOrCloseEvent: unknown) => boolean;
  /** Milliseconds the socket stays open after the last subscription ended, for the next one. @default 0 (closed at once) */
  lazyCloseTimeout?: number;
  /** Milliseconds to wait for the server to acknowledge the connection before retrying. @default 10_000 */
  connectTimeout?: number;
}
