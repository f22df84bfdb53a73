/**
 * `@cyberfortress/sdk`: the official TypeScript client for the CyberFortress threat-detection
 * API.
 *
 * @example
 * import CyberFortress from '@cyberfortress/sdk';
 *
 * const client = new CyberFortress({ apiKey: process.env.CYBERFORTRESS_API_KEY });
 * for await (const threat of client.threats.list({ severity: ['critical'] })) console.log(threat.ipAddress);
 * @see https://docs.cyberfortress.io/sdks/node
 * @module
 */

import { CyberFortress } from './client.js';

/* Client */
export { CyberFortress };
export default CyberFortress;
export type { ClientOptions, Environment, OAuthOptions, RateLimitOptions } from './core/options.js';
export type { RequestOptions } from './core/transport.js';
export { APIPromise, type WithResponse } from './core/api-promise.js';
export { Page, PagePromise } from './core/pagination.js';
export type { Logger, LogLevel } from './core/log.js';
export type { RateLimitSnapshot } from './core/rate-limit.js';
export type { PlanName, RateLimitFigures } from './core/options.js';

/* Resources */
export type { ApiKeys } from './resources/api-keys.js';
export type { Blockchain, Contract, Defi, Nft, Wallet } from './resources/blockchain.js';
export type { EvidenceResource } from './resources/evidence.js';
export type { Monitoring } from './resources/monitoring.js';
export type { Network } from './resources/network.js';
export type { OAuth } from './resources/oauth.js';
export type { Processes } from './resources/processes.js';
export type { Threats } from './resources/threats.js';
export type { Webhooks } from './resources/webhooks.js';

/* Errors */
export {
  ApiError,
  ConflictError,
  ConnectionError,
  CyberFortressError,
  ForbiddenError,
  InternalError,
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  ResponseValidationError,
  ServiceUnavailableError,
  TimeoutError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  UserAbortError,
  isApiError,
  isCyberFortressError,
  isRateLimitError,
  type ApiErrorInit,
  type ErrorCode,
  type ErrorDetail,
  type RequestSummary,
  type ValidationIssue,
} from './core/errors.js';

/* Types */
export type {
  ApiKey,
  ApiKeyCreateParams,
  ApiKeyCreated,
  ApiKeyList,
  Block,
  BlockList,
  BlockResult,
  BlockStatus,
  BlockTarget,
  BlockTargetType,
  CamelCase,
  Camelize,
  Chain,
  ContractAnalysis,
  ContractAnalyzeParams,
  DefiMonitor,
  DefiMonitorParams,
  DeliveryList,
  Evidence,
  MonitoringMode,
  MonitoringSetModeParams,
  MonitoringStatus,
  NetworkBlockIPParams,
  NetworkBlockParams,
  NetworkListBlocksParams,
  NftVerification,
  NftVerifyParams,
  OAuthTokenParams,
  PageParams,
  Pagination,
  ProcessQuarantineParams,
  QuarantineAction,
  QuarantineResult,
  RiskLevel,
  Scope,
  Severity,
  Threat,
  ThreatCategory,
  ThreatCheck,
  ThreatDetail,
  ThreatLevel,
  ThreatList,
  ThreatListParams,
  ThreatReportParams,
  ThreatStatus,
  ThreatType,
  ThreatUpdateParams,
  TimelineEntry,
  TokenResponse,
  WalletScan,
  WalletScanParams,
  Webhook,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookEvent,
  WebhookList,
  WebhookPayload,
  WebhookTestResult,
} from './types.js';

/* Webhooks (also importable alone from `@cyberfortress/sdk/webhooks`) */
export {
  InvalidPayloadError,
  InvalidSecretError,
  MalformedSignatureError,
  MissingHeaderError,
  ParsedPayloadError,
  ReplayedDeliveryError,
  SignatureMismatchError,
  StaleTimestampError,
  WebhookVerificationError,
  isWebhookVerificationError,
  type WebhookErrorCode,
} from './webhooks/errors.js';
export type {
  ConstructEventParams,
  KnownWebhookEvent,
  KnownWebhookEventName,
  ParsedWebhookEvent,
  ReplayGuard,
  SignedWebhookHeaders,
  SignWebhookParams,
  UnknownWebhookEvent,
  VerifyWebhookParams,
  WebhookEventData,
  WebhookHeadersInput,
  WebhookPayloadInput,
} from './webhooks/index.js';

/* Stream */
export type { StreamClient } from './stream/client.js';
export type { StreamState } from './stream/core.js';
export type { StreamOptions, WebSocketConstructor } from './stream/options.js';
export { StreamCommandError, StreamError, isStreamError } from './stream/errors.js';
export { CloseCode, randomisedExponentialBackoff } from './stream/policy.js';
export type {
  StreamCloseInfo,
  StreamEvents,
  StreamGapInfo,
  StreamListener,
  StreamOpenInfo,
  StreamReconnectingInfo,
  StreamResumedInfo,
} from './stream/events.js';
export type {
  AutoResponse,
  AutoResponseEvent,
  CriticalAlert,
  CriticalAlertEvent,
  CryptoThreat,
  CryptoThreatEvent,
  EmergencyBlockAllParams,
  EmergencyBlockAllResult,
  EvidenceCollectedEvent,
  EvidenceSummary,
  MlAnomaly,
  MlAnomalyEvent,
  ScanNowResult,
  StreamChannel,
  StreamEvent,
  StreamEventType,
  StreamFilters,
  StreamPayloads,
  StreamSetModeOptions,
  StreamSubscription,
  SystemStatus,
  SystemStatusEvent,
  ThreatDetectedEvent,
  ThreatMitigatedEvent,
} from './stream/protocol.js';

/* GraphQL */
export type { GraphQL } from './graphql/index.js';
export type { GraphQLOptions } from './graphql/options.js';
export type { GraphQLSubscription } from './graphql/iterator.js';
export type { GraphQLDocument, GraphQLRequestOptions, SubscriptionSink } from './graphql/types.js';
export {
  GraphQLRequestError,
  GraphQLSubscriptionError,
  isGraphQLRequestError,
  type GraphQLErrorEntry,
} from './graphql/errors.js';
export * from './graphql/documents.js';
export type { GraphQLRequestArgs, GraphQLSubscribeArgs } from './graphql/types.js';
