/**
 * The generated zod schemas of the request bodies, under the names the routes use. Kept in one
 * module so that a renamed schema in the spec is one edit here.
 */

export {
  zReportThreatRequest as reportThreatBody,
  zUpdateThreatRequest as updateThreatBody,
  zSetModeRequest as setModeBody,
  zBlockRequest as blockBody,
  zQuarantineRequest as quarantineBody,
  zWalletScanRequest as walletScanBody,
  zContractAnalyzeRequest as contractAnalyzeBody,
  zDefiMonitorRequest as defiMonitorBody,
  zNftVerifyRequest as nftVerifyBody,
  zCreateApiKeyRequest as createApiKeyBody,
  zCreateWebhookRequest as createWebhookBody,
  zOAuthTokenRequest as oauthTokenBody,
} from '../../../src/generated/zod.gen.js';
