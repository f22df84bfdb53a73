// examples/integrations/aws-security-hub.ts against the real mock and a local stand-in for
// Security Hub's BatchImportFindings (`POST /findings/import`) that checks each finding's ASFF
// fields. Request signing (SigV4) is out of scope for the stand-in; the test checks only that the
// example hands every request to its signing hook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backfillToSecurityHub,
  httpSender,
  importFindings,
  streamToSecurityHub,
  toFinding,
} from '../../examples/integrations/aws-security-hub.js';
import {
  allThreats,
  duplicates,
  freshWindow,
  startMock,
  startReceiver,
  waitFor,
  type Recorded,
  type Reply,
  type RunningMock,
} from './support.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const TYPE =
  /^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(\/[^/]+){1,2}$/;
const PRODUCT_ARN = /^arn:aws:securityhub:[a-z]{2}-[a-z]+-\d:\d{12}:product\/[\w-]+\/[\w-]+$/;

/** The findings of one BatchImportFindings request, checked against the ASFF's required fields. */
function findingsOf(request: Recorded): Record<string, unknown>[] {
  expect(request.method).toBe('POST');
  expect(request.url).toBe('/findings/import');
  expect(request.headers['content-type']).toBe('application/json');
  const body = JSON.parse(request.body) as { Findings: Record<string, unknown>[] };
  expect(Object.keys(body)).toEqual(['Findings']);
  expect(body.Findings.length).toBeGreaterThan(0);
  expect(body.Findings.length).toBeLessThanOrEqual(100);

  for (const finding of body.Findings) {
    expect(finding.SchemaVersion).toBe('2018-10-08');
    expect(finding.Id).toBeTypeOf('string');
    expect((finding.Id as string).length).toBeLessThanOrEqual(512);
    expect(finding.ProductArn).toMatch(PRODUCT_ARN);
    expect(finding.GeneratorId).toBeTypeOf('string');
    expect(finding.AwsAccountId).toMatch(/^\d{12}$/);
    expect((finding.Types as string[]).length).toBeGreaterThan(0);
    for (const type of finding.Types as string[]) expect(type).toMatch(TYPE);
    expect(finding.CreatedAt).toMatch(ISO);
    expect(finding.UpdatedAt).toMatch(ISO);
    expect(Date.parse(finding.UpdatedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(finding.CreatedAt as string),
    );
    const severity = finding.Severity as { Label: string; Normalized: number };
    expect(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(severity.Label);
    expect(
      Number.isInteger(severity.Normalized) &&
        severity.Normalized >= 0 &&
        severity.Normalized <= 100,
    ).toBe(true);
    expect((finding.Title as string).length).toBeLessThanOrEqual(256);
    expect((finding.Description as string).length).toBeLessThanOrEqual(1024);
    const resources = finding.Resources as { Type: string; Id: string }[];
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.length).toBeLessThanOrEqual(32);
    for (const resource of resources) {
      expect(resource.Type).toBeTypeOf('string');
      expect(resource.Id).toBeTypeOf('string');
    }
    for (const value of Object.values(finding.ProductFields as object))
      expect(value).toBeTypeOf('string');
  }

  return body.Findings;
}

const securityHub = (request: Recorded): Reply => {
  const findings = findingsOf(request);
  return {
    status: 200,
    body: { FailedCount: 0, SuccessCount: findings.length, FailedFindings: [] },
  };
};

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('examples/integrations/aws-security-hub', () => {
  it('imports each streamed threat as one ASFF finding, through the signing hook', async () => {
    const hub = await startReceiver(securityHub);
    const client = running.client();
    const from = await freshWindow(running.origin);
    let signed = 0;
    const send = httpSender({
      region: REGION,
      endpoint: hub.origin,
      sign: (request) => {
        signed += 1;
        const headers = new Headers(request.headers);
        headers.set('authorization', 'AWS4-HMAC-SHA256 Credential=stand-in');
        return new Request(request, { headers });
      },
    });
    const forwarding = await streamToSecurityHub(client, {
      accountId: ACCOUNT,
      region: REGION,
      send,
    });

    try {
      await running.inject({
        threat_level: 'HIGH',
        threat_type: 'C2_COMMUNICATION',
        ip_address: '203.0.113.42',
      });
      await running.inject({ threat_level: 'LOW', ip_address: '2001:db8::42' });
      await running.inject({ threat_level: 'CRITICAL' });
      await waitFor(() => hub.requests.length === 3, 5_000, 'three imports');
      await forwarding.idle();

      expect(hub.failures).toEqual([]);
      expect(signed).toBe(3);
      expect(
        hub.requests.every(
          (request) => request.headers.authorization === 'AWS4-HMAC-SHA256 Credential=stand-in',
        ),
      ).toBe(true);
      const findings = hub.requests.flatMap(findingsOf);
      const held = await allThreats(client, { from });
      expect(findings.map((finding) => finding.Id).sort()).toEqual(
        held.map((threat) => threat.id).sort(),
      );

      const c2 = held.find((threat) => threat.ipAddress === '203.0.113.42')!;
      expect(findings.find((finding) => finding.Id === c2.id)).toEqual({
        SchemaVersion: '2018-10-08',
        Id: c2.id,
        ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
        GeneratorId: 'cyberfortress-threat-detector',
        AwsAccountId: ACCOUNT,
        Types: ['TTPs/Command and Control'],
        CreatedAt: c2.detectedAt,
        UpdatedAt: c2.updatedAt,
        Severity: { Label: 'HIGH', Normalized: c2.threatScore },
        Title: 'CyberFortress Threat Detection',
        Description: 'Threat detected from IP 203.0.113.42',
        Network: { Direction: 'IN', SourceIpV4: '203.0.113.42' },
        ProductFields: {
          'cyberfortress/threat_type': 'C2_COMMUNICATION',
          'cyberfortress/threat_score': String(c2.threatScore),
          'cyberfortress/status': c2.status,
        },
        Resources: [
          {
            Type: 'Other',
            Id: `cyberfortress:threat/${c2.id}`,
            Region: REGION,
            Details: {
              Other: {
                ip_address: '203.0.113.42',
                country: c2.country.code,
                threat_type: 'C2_COMMUNICATION',
              },
            },
          },
        ],
      });
      const v6 = findings.find(
        (finding) => (finding.Network as { SourceIpV6?: string }).SourceIpV6,
      );
      expect(v6?.Network).toEqual({ Direction: 'IN', SourceIpV6: '2001:db8::42' });
    } finally {
      forwarding.stop();
      await hub.close();
    }
  });

  it('backfills in batches of at most 100, each threat the mock lists imported once', async () => {
    const hub = await startReceiver(securityHub);
    const client = running.client();
    const window = { from: '2025-01-08T00:00:00Z', to: '2025-01-12T00:00:00Z' };

    try {
      const count = await backfillToSecurityHub(
        client,
        {
          accountId: ACCOUNT,
          region: REGION,
          send: httpSender({ region: REGION, endpoint: hub.origin }),
        },
        window,
      );

      expect(hub.failures).toEqual([]);
      const held = await allThreats(client, window);
      expect(held.length).toBeGreaterThan(100);
      expect(count).toBe(held.length);
      const batches = hub.requests.map(findingsOf);
      expect(batches.map((batch) => batch.length)).toEqual([100, held.length - 100]);
      const ids = batches.flat().map((finding) => finding.Id as string);
      expect(duplicates(ids)).toEqual([]);
      expect(ids.sort()).toEqual(held.map((threat) => threat.id).sort());
    } finally {
      await hub.close();
    }
  });

  it('splits a long list into batches of 100 and throws on failed findings', async () => {
    const [threat] = (await running.client().threats.list({ limit: 1 })).data;
    const finding = toFinding(threat!, { accountId: ACCOUNT, region: REGION });
    const sizes: number[] = [];
    await importFindings(
      Array.from({ length: 250 }, () => finding),
      async (batch) => {
        sizes.push(batch.length);
        return { FailedCount: 0, SuccessCount: batch.length, FailedFindings: [] };
      },
    );
    expect(sizes).toEqual([100, 100, 50]);

    await expect(
      importFindings([finding], async () => ({
        FailedCount: 1,
        SuccessCount: 0,
        FailedFindings: [{ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
      })),
    ).rejects.toThrow(`Security Hub rejected 1 findings: ${finding.Id} (InvalidInput)`);
  });
});
