/**
 * The SDK's public types: the generated wire types (snake_case, as the API sends them) turned
 * into camelCase by one mapped type, so that a field added to the spec shows up here without
 * anyone copying it. Dates are ISO 8601 strings in and out; enums stay string unions.
 *
 * @see https://docs.cyberfortress.io/sdks/node#types
 * @module
 */

import type * as wire from './generated/types.gen.js';

/* Case mapping */

/**
 * One snake_case name in camelCase, at the type level (`threat_score` → `threatScore`,
 * `volume_24h_usd` → `volume24hUsd`), matching what the transport does to keys at runtime.
 *
 * @example
 * type Key = CamelCase<'ip_address'>; // 'ipAddress'
 * @see https://docs.cyberfortress.io/sdks/node#types
 * @category Types
 */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** Leaves that are never walked into: values the conversion keeps as they are. @inline */
type Leaf = string | number | boolean | bigint | symbol | null | undefined | Date | Uint8Array;

/**
 * A wire type with every key camelCased, deeply (arrays and nested objects included). Values
 * are untouched: enum members such as `false_positive` keep their wire spelling.
 *
 * @example
 * type Threat = Camelize<wire.Threat>; // { ipAddress: string; threatScore: number; ... }
 * @see https://docs.cyberfortress.io/sdks/node#types
 * @category Types
 */
export type Camelize<T> = T extends Leaf
  ? T
  : T extends (...args: never[]) => unknown
    ? T
    : T extends ReadonlyArray<infer Item>
      ? T extends unknown[]
        ? Camelize<Item>[]
        : readonly Camelize<Item>[]
      : T extends object
        ? { [K in keyof T as K extends string ? CamelCase<K> : K]: Camelize<T[K]> }
        : T;

/**
 * An operation's query parameters as the SDK takes them: every parameter that the API takes
 * several values for (an array on the wire) also takes a single value.
 */
type QueryParams<Query> = {
  [K in keyof Query]: NonNullable<Query[K]> extends ReadonlyArray<infer Value>
    ? Value | Value[]
    : Query[K];
};

/* Enums (values as on the wire) */

/** @category Types */
export type ThreatLevel = wire.ThreatLevel;
/** The lowercase spelling of a level used by the `severity` filter. @category Types */
export type Severity = wire.Severity;
/** @category Types */
export type ThreatStatus = wire.ThreatStatus;
/** @category Types */
export type ThreatType = wire.ThreatType;
/** @category Types */
export type ThreatCategory = wire.ThreatCategory;
/** @category Types */
export type MonitoringMode = wire.MonitoringMode;
/** @category Types */
export type BlockTargetType = wire.BlockTargetType;
/** @category Types */
export type BlockStatus = wire.BlockStatus;
/** @category Types */
export type QuarantineAction = wire.QuarantineAction;
/** @category Types */
export type Chain = wire.Chain;
/** @category Types */
export type RiskLevel = wire.RiskLevel;
/** @category Types */
export type WebhookEvent = wire.WebhookEvent;
/** @category Types */
export type Scope = wire.Scope;

/* Pagination */

/**
 * Where a page sits in the whole result: `total` items, this page's `limit` and `offset`, and
 * whether more follow.
 * @category Types
 * @interface
 */
export type Pagination = Camelize<wire.Pagination>;

/**
 * What every list operation takes besides its filters: `limit` (1 to 100, default 20) and
 * `offset` (default 0).
 *
 * @example
 * client.webhooks.list({ limit: 100, offset: 200 });
 * @category Types
 * @interface
 */
export type PageParams = QueryParams<NonNullable<wire.ListWebhooksData['query']>>;

/* Threats */

/**
 * A threat as listed (also what the stream and GraphQL deliver).
 *
 * @example
 * const { data } = await client.threats.list();
 * data[0].threatScore; // 85
 * @see https://docs.cyberfortress.io/api/threats
 * @category Types
 * @interface
 */
export type Threat = Camelize<wire.Threat>;
/** A threat with its full analysis, timeline, resolution and notes. @category Types @interface */
export type ThreatDetail = Camelize<wire.ThreatDetail>;
/** One page of threats. @category Types @interface */
export type ThreatList = Camelize<wire.ThreatList>;
/** What the API knows about one address. @category Types @interface */
export type ThreatCheck = Camelize<wire.ThreatCheck>;
/** A timeline entry of a threat. @category Types @interface */
export type TimelineEntry = Camelize<wire.TimelineEntry>;

/**
 * Filters of `threats.list`, taken from the spec; each filter that takes several values
 * accepts one or an array (an array matches any of its values).
 *
 * @example
 * client.threats.list({ severity: ['high', 'critical'], country: 'CN', limit: 50 });
 * @see https://docs.cyberfortress.io/api/threats#list
 * @category Types
 * @interface
 */
export type ThreatListParams = QueryParams<NonNullable<wire.ListThreatsData['query']>>;

/** The body of `threats.report`. @category Types @interface */
export type ThreatReportParams = Camelize<wire.ReportThreatRequest>;
/** The body of `threats.update` (at least one field). @category Types @interface */
export type ThreatUpdateParams = Camelize<wire.UpdateThreatRequest>;

/* Monitoring */

/** The monitoring engines, statistics and options. @category Types @interface */
export type MonitoringStatus = Camelize<wire.MonitoringStatus>;
/** The body of `monitoring.setMode`. @category Types @interface */
export type MonitoringSetModeParams = Camelize<wire.SetModeRequest>;

/* Evidence */

/** Evidence metadata with its chain of custody. @category Types @interface */
export type Evidence = Camelize<wire.Evidence>;

/* Network */

/** One target of a block. @category Types @interface */
export type BlockTarget = Camelize<wire.BlockTarget>;
/** The body of `network.block`. @category Types @interface */
export type NetworkBlockParams = Camelize<wire.BlockRequest>;
/** The result of `network.block`: one block per target. @category Types @interface */
export type BlockResult = Camelize<wire.BlockResult>;
/** A block on an address, range or domain. @category Types @interface */
export type Block = Camelize<wire.Block>;
/** One page of blocks. @category Types @interface */
export type BlockList = Camelize<wire.BlockList>;

/**
 * The single address that `network.blockIP` blocks, with the same options as `network.block`.
 *
 * @example
 * await client.network.blockIP({ ip: '203.0.113.42', duration: '24h' });
 * @category Types
 */
export interface NetworkBlockIPParams {
  /** An IPv4 or IPv6 address. */
  ip: string;
  /** `30m`, `24h`, `7d`…; absent means permanent. @default permanent */
  duration?: string;
  /** Why, up to 500 characters. */
  reason?: string;
  /** Whether the block lifts itself when `duration` ends. @default true */
  autoUnblock?: boolean;
}

/**
 * Filters of `network.listBlocks`: `status` (default `active`), `type`, `limit`, `offset`.
 *
 * @example
 * client.network.listBlocks({ status: 'removed', type: 'ip' });
 * @category Types
 * @interface
 */
export type NetworkListBlocksParams = QueryParams<NonNullable<wire.ListBlocksData['query']>>;

/* Processes */

/** The body of `processes.quarantine`. @category Types @interface */
export type ProcessQuarantineParams = Camelize<wire.QuarantineRequest>;
/** The outcome of a quarantine. @category Types @interface */
export type QuarantineResult = Camelize<wire.QuarantineResult>;

/* Blockchain */

/** @category Types @interface */
export type WalletScanParams = Camelize<wire.WalletScanRequest>;
/** @category Types @interface */
export type WalletScan = Camelize<wire.WalletScan>;
/** @category Types @interface */
export type ContractAnalyzeParams = Camelize<wire.ContractAnalyzeRequest>;
/** @category Types @interface */
export type ContractAnalysis = Camelize<wire.ContractAnalysis>;
/** @category Types @interface */
export type DefiMonitorParams = Camelize<wire.DefiMonitorRequest>;
/** @category Types @interface */
export type DefiMonitor = Camelize<wire.DefiMonitor>;
/** @category Types @interface */
export type NftVerifyParams = Camelize<wire.NftVerifyRequest>;
/** @category Types @interface */
export type NftVerification = Camelize<wire.NftVerification>;

/* Webhooks */

/** The body of `webhooks.create`. @category Types @interface */
export type WebhookCreateParams = Camelize<wire.CreateWebhookRequest>;
/** A webhook subscription (its secret is never returned). @category Types @interface */
export type Webhook = Camelize<wire.Webhook>;
/** One page of webhooks. @category Types @interface */
export type WebhookList = Camelize<wire.WebhookList>;
/** One delivery of an event to a webhook, with its attempts. @category Types @interface */
export type WebhookDelivery = Camelize<wire.WebhookDelivery>;
/** One page of deliveries. @category Types @interface */
export type DeliveryList = Camelize<wire.DeliveryList>;
/** What `webhooks.test` queued. @category Types @interface */
export type WebhookTestResult = Camelize<wire.WebhookTestResult>;
/** What a receiver gets, camelCased. @category Types @interface */
export type WebhookPayload = Camelize<wire.WebhookPayload>;

/* API keys and OAuth */

/** The body of `apiKeys.create`. @category Types @interface */
export type ApiKeyCreateParams = Camelize<wire.CreateApiKeyRequest>;
/** A new API key; `apiKey` is shown this once. @category Types @interface */
export type ApiKeyCreated = Camelize<wire.ApiKeyCreated>;
/** An API key as listed (its secret is never returned). @category Types @interface */
export type ApiKey = Camelize<wire.ApiKey>;
/** One page of API keys. @category Types @interface */
export type ApiKeyList = Camelize<wire.ApiKeyList>;

/**
 * The form of `oauth.token`. `scope` may be a space-separated string or an array.
 *
 * @example
 * await client.oauth.token({ clientId, clientSecret, scope: ['threats:read'] });
 * @category Types
 */
export interface OAuthTokenParams {
  /** @default 'client_credentials' (or 'refresh_token' when `refreshToken` is given) */
  grantType?: wire.GrantType;
  /** The OAuth client's id (`cf_client_…`), sent as `client_id`. */
  clientId?: string;
  /** The OAuth client's secret, sent as `client_secret`; never logged. */
  clientSecret?: string;
  /** @default every scope of the client */
  scope?: string | Scope[];
  /** For the `refresh_token` grant; one use only (the response carries the next one). */
  refreshToken?: string;
}

/** An OAuth access token and its refresh token. @category Types @interface */
export type TokenResponse = Camelize<wire.TokenResponse>;
