import { describe, expectTypeOf, it } from 'vitest';
import CyberFortress, {
  type Block,
  type Page,
  type PagePromise,
  type Threat,
  type ThreatDetail,
  type ThreatListParams,
} from '../../src/index.js';

const client = new CyberFortress({ apiKey: 'k' });

describe('Threat', () => {
  it('has camelCase fields typed from the spec', () => {
    expectTypeOf<Threat['threatScore']>().toEqualTypeOf<number>();
    expectTypeOf<Threat['ipAddress']>().toEqualTypeOf<string>();
    expectTypeOf<Threat['detectedAt']>().toEqualTypeOf<string>();
    expectTypeOf<Threat['threatLevel']>().toEqualTypeOf<'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'>();
    expectTypeOf<Threat['threatIntelligence']['reputationScore']>().toEqualTypeOf<number>();
    expectTypeOf<Threat>().not.toHaveProperty('threat_score');
    expectTypeOf<ThreatDetail['fullAnalysis']['evidence']['memoryDump']>().toEqualTypeOf<
      string | null
    >();
  });
});

describe('threats.list', () => {
  it('returns a PagePromise whose awaited page holds Threat[]', () => {
    const list = client.threats.list({ severity: ['high', 'critical'], limit: 50 });
    expectTypeOf(list).toEqualTypeOf<PagePromise<Threat>>();
    expectTypeOf<Awaited<typeof list>>().toEqualTypeOf<Page<Threat>>();
    expectTypeOf<Awaited<typeof list>['data']>().toEqualTypeOf<Threat[]>();
    expectTypeOf(list).toMatchTypeOf<AsyncIterable<Threat>>();
  });

  it('accepts one value or an array where the API takes several', () => {
    expectTypeOf<{ severity: 'high' }>().toMatchTypeOf<ThreatListParams>();
    expectTypeOf<{ severity: ('low' | 'critical')[] }>().toMatchTypeOf<ThreatListParams>();
    expectTypeOf<{ status: ['active', 'investigating'] }>().toMatchTypeOf<ThreatListParams>();
  });

  it('rejects a wrong filter value', () => {
    // @ts-expect-error 'bogus' is not a severity
    client.threats.list({ severity: ['bogus'] });
    // @ts-expect-error severities are lowercase in the filter
    client.threats.list({ severity: 'HIGH' });
    // @ts-expect-error unknown sort key
    client.threats.list({ sort: 'name' });
  });
});

describe('resources', () => {
  it('returns camelCase results and takes camelCase params', () => {
    expectTypeOf(
      client.network.blockIP({ ip: '203.0.113.42', duration: '24h' }),
    ).resolves.toEqualTypeOf<Block>();
    expectTypeOf(client.evidence.download('evidence_x')).resolves.toEqualTypeOf<Uint8Array>();
    // @ts-expect-error the wire spelling is not accepted
    client.threats.report({ ip_address: '203.0.113.42', threat_type: 'MALWARE', confidence: 1 });
  });

  it('gives withResponse with data, response and requestId', async () => {
    const result = await client.threats.get('threat_x').withResponse();
    expectTypeOf(result.data).toEqualTypeOf<ThreatDetail>();
    expectTypeOf(result.response).toEqualTypeOf<Response>();
    expectTypeOf(result.requestId).toEqualTypeOf<string | undefined>();
  });
});
