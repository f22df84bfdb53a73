/**
 * AWS Security Hub: every threat on the stream becomes a finding in the AWS Security Finding
 * Format (ASFF), imported with `BatchImportFindings`, as the reference's Security Hub
 * integration does; `backfillToSecurityHub` imports a past window in batches of up to 100, the
 * API's limit.
 *
 * Known gap, stated plainly: AWS accepts `BatchImportFindings` only when the request is signed
 * with Signature Version 4, and this example does not implement SigV4. `httpSender` posts the
 * JSON body to `POST /findings/import` and hands each request to your `sign` hook first (sign it
 * there with the signer of your choice); without a hook the request goes unsigned, which AWS
 * refuses with 403 and which only a stand-in endpoint (the tests' receiver) accepts. Or pass
 * your own `send(findings)` that calls an AWS client you already have.
 *
 * Where this differs from the reference, on purpose:
 * - `Types` follow the threat's type (`TTPs/Command and Control` for C2 traffic, and so on); the
 *   reference's fixed `Sensitive Data Identifications/PII` describes none of our threats.
 * - `ProductArn` defaults to the account's own `product/<account>/default`, the ARN Security Hub
 *   takes from an account that has no partner integration; pass the reference's
 *   `…:product/cyberfortress/cyberfortress` form once that integration is enabled.
 * - The reference lists a fixed EC2 instance with the threat's address among the instance's
 *   own addresses. That address is the attacker's, so it goes in `Network.SourceIpV4` (or V6)
 *   here, and the resource is the threat itself unless `resources` names the instance it hit.
 *
 * Against the bundled mock (and a stand-in endpoint, or a signing hook of your own):
 *
 *   npm run mock -- --port 4010 --events-per-second 1      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *   AWS_ACCOUNT_ID=123456789012 AWS_REGION=us-east-1 SECURITY_HUB_ENDPOINT=http://127.0.0.1:4566 \
 *     npx tsx examples/integrations/aws-security-hub.ts
 *
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

import { isIPv4 } from 'node:net';
import CyberFortress, { type Threat, type ThreatListParams } from '../../src/index.js';
import {
  forwardStream,
  isMain,
  readReply,
  requireEnv,
  threatPages,
  untilInterrupted,
  type Forwarding,
} from './shared.js';

/** An ASFF resource: what the finding is about. */
export interface AsffResource {
  Type: string;
  Id: string;
  Region?: string;
  Details?: Record<string, unknown>;
}

/** The ASFF fields this integration fills in. */
export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; Normalized: number };
  Title: string;
  Description: string;
  Network: { Direction: 'IN'; SourceIpV4?: string; SourceIpV6?: string };
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
}

/** `BatchImportFindings`' answer. */
export interface BatchImportResult {
  FailedCount: number;
  SuccessCount: number;
  FailedFindings: { Id: string; ErrorCode: string; ErrorMessage: string }[];
}

/** Imports one batch of at most 100 findings. */
export type FindingsSender = (findings: AsffFinding[]) => Promise<BatchImportResult>;

/** The account the findings belong to and how to build them. */
export interface FindingOptions {
  /** The 12-digit AWS account id. */
  accountId: string;
  /** Such as `us-east-1`. */
  region: string;
  /** @default `arn:aws:securityhub:<region>:<accountId>:product/<accountId>/default` */
  productArn?: string;
  /** The resources a threat concerns. @default one `Other` resource for the threat itself */
  resources?: (threat: Threat) => AsffResource[];
}

/** What the streaming and backfill functions take. */
export interface SecurityHubOptions extends FindingOptions {
  /** Imports a batch; `httpSender(...)` or your own AWS client call. */
  send: FindingsSender;
  /** Told when an import fails; the next threat is handled all the same. @default console.error */
  onError?: (error: unknown) => void;
}

/** `BatchImportFindings` takes at most 100 findings per call. */
export const MAX_BATCH = 100;

/** Each threat type's place in the ASFF types taxonomy (namespace/category). */
const ASFF_TYPES: Record<Threat['threatType'], string> = {
  C2_COMMUNICATION: 'TTPs/Command and Control',
  MALWARE: 'TTPs/Execution',
  RANSOMWARE: 'Effects/Data Destruction',
  PHISHING: 'TTPs/Initial Access',
  PORT_SCAN: 'TTPs/Discovery',
  BRUTE_FORCE: 'TTPs/Credential Access',
  DATA_EXFILTRATION: 'Effects/Data Exfiltration',
  LATERAL_MOVEMENT: 'TTPs/Lateral Movement',
  DDOS: 'Effects/Denial of Service',
  CRYPTO_MINING: 'Effects/Resource Consumption',
  SUSPICIOUS_PROCESS: 'Unusual Behaviors/Process',
  OTHER: 'Unusual Behaviors/Network Flow',
};

/** The reference's finding for one threat, with the changes listed at the top of this file. */
export function toFinding(threat: Threat, options: FindingOptions): AsffFinding {
  const { accountId, region } = options;
  const productArn =
    options.productArn ?? `arn:aws:securityhub:${region}:${accountId}:product/${accountId}/default`;
  const resources = options.resources?.(threat) ?? [
    {
      Type: 'Other',
      Id: `cyberfortress:threat/${threat.id}`,
      Region: region,
      Details: {
        Other: {
          ip_address: threat.ipAddress,
          country: threat.country.code,
          threat_type: threat.threatType,
        },
      },
    },
  ];

  return {
    SchemaVersion: '2018-10-08',
    Id: threat.id,
    ProductArn: productArn,
    GeneratorId: 'cyberfortress-threat-detector',
    AwsAccountId: accountId,
    Types: [ASFF_TYPES[threat.threatType]],
    CreatedAt: threat.detectedAt,
    UpdatedAt: threat.updatedAt,
    Severity: { Label: threat.threatLevel, Normalized: Math.min(threat.threatScore, 100) },
    Title: 'CyberFortress Threat Detection',
    Description: `Threat detected from IP ${threat.ipAddress}`,
    Network: isIPv4(threat.ipAddress)
      ? { Direction: 'IN', SourceIpV4: threat.ipAddress }
      : { Direction: 'IN', SourceIpV6: threat.ipAddress },
    ProductFields: {
      'cyberfortress/threat_type': threat.threatType,
      'cyberfortress/threat_score': String(threat.threatScore),
      'cyberfortress/status': threat.status,
    },
    Resources: resources,
  };
}

/**
 * A sender that POSTs `{ Findings }` to `<endpoint>/findings/import`. `sign` gets each request
 * before it is sent and returns the signed one; see the top of this file for why it is needed.
 */
export function httpSender(options: {
  region: string;
  /** @default `https://securityhub.<region>.amazonaws.com` */
  endpoint?: string;
  sign?: (request: Request) => Request | Promise<Request>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}): FindingsSender {
  const endpoint = options.endpoint ?? `https://securityhub.${options.region}.amazonaws.com`;
  return async (findings) => {
    let request = new Request(new URL('/findings/import', endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Findings: findings }),
    });

    if (options.sign) request = await options.sign(request);
    const response = await (options.fetch ?? fetch)(request);
    return (await readReply('Security Hub', response)) as BatchImportResult;
  };
}

/**
 * Imports findings in batches of at most 100; throws when Security Hub rejects any of them,
 * naming each with its error code.
 */
export async function importFindings(findings: AsffFinding[], send: FindingsSender): Promise<void> {
  for (let start = 0; start < findings.length; start += MAX_BATCH) {
    const result = await send(findings.slice(start, start + MAX_BATCH));
    if (result.FailedCount > 0) {
      const failures = result.FailedFindings.map((item) => `${item.Id} (${item.ErrorCode})`);
      throw new Error(
        `Security Hub rejected ${result.FailedCount} findings: ${failures.join(', ')}`,
      );
    }
  }
}

/**
 * Imports each threat on the stream as one finding, as the reference does.
 *
 * @example
 * const forwarding = await streamToSecurityHub(client, { accountId, region, send: httpSender({ region, sign }) });
 */
export function streamToSecurityHub(
  client: CyberFortress,
  options: SecurityHubOptions,
): Promise<Forwarding> {
  return forwardStream(client, 'threat_detected', {
    send: (threat) => importFindings([toFinding(threat, options)], options.send),
    key: (threat) => threat.id,
    onError: options.onError,
  });
}

/**
 * Imports every threat `params` selects, in batches of up to 100; resolves to how many. Given
 * the running `forwarding`, threats the stream already imported are skipped.
 */
export async function backfillToSecurityHub(
  client: CyberFortress,
  options: SecurityHubOptions,
  params: ThreatListParams,
  forwarding?: Forwarding,
): Promise<number> {
  let imported = 0;
  for await (const page of threatPages(client, { limit: MAX_BATCH, ...params }, forwarding)) {
    await importFindings(
      page.map((threat) => toFinding(threat, options)),
      options.send,
    );
    imported += page.length;
  }

  return imported;
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress();
  const region = requireEnv('AWS_REGION');
  const options = {
    accountId: requireEnv('AWS_ACCOUNT_ID'),
    region,
    send: httpSender({ region, endpoint: process.env.SECURITY_HUB_ENDPOINT }),
  };
  const forwarding = await streamToSecurityHub(client, options);
  console.log('Importing each threat into Security Hub as a finding; Ctrl-C stops.');
  await untilInterrupted();
  forwarding.stop();
}
