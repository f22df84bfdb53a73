// GraphQL against REST for the same page: sequential `client.graphql.request` of a `threats`
// query for 50 items (the fields of a REST list item) against `client.threats.list({ limit: 50 })`,
// in alternating rounds, both against the mock on a real port in a child process. Reported as
// rates and the REST/GraphQL time ratio (target: GraphQL within 1.5× of REST).
import { pathToFileURL } from 'node:url';
import { CyberFortress } from '../src/index.js';
import { BENCH_API_KEY, startMockCli } from './processes.js';
import { alternate } from './windows.js';

/** Seconds of measurement per side, split over `ROUNDS` alternating rounds. */
const DURATION_S = Number(process.env.BENCH_GRAPHQL_DURATION ?? 5);
const ROUNDS = 5;
const PAGE = 50;
/** GraphQL may take at most this many times as long as REST per page. */
const TARGET_TIME_RATIO = 1.5;

/** A page of threats with the fields of a REST list item, so both sides carry the same data. */
const THREATS_PAGE = `query BenchThreats($limit: Int!) {
  threats(pagination: { limit: $limit }) {
    edges {
      node {
        id ipAddress threatScore threatLevel threatType status detectedAt
        country { code name city }
        threatIntelligence { sources categories confidence reputationScore }
        processBehavior { processName processId networkPattern anomalyScore isBaseline }
        mlAnalysis { anomalyScore modelConfidence modelsTriggered }
        automatedResponse { actionsTaken responseTimeMs }
      }
    }
    pageInfo { hasNextPage totalCount }
  }
}`;

export async function benchGraphql(): Promise<Record<string, unknown>> {
  const mock = await startMockCli();
  try {
    const client = new CyberFortress({ apiKey: BENCH_API_KEY, baseURL: `${mock.url}/v1` });
    const rest = () => client.threats.list({ limit: PAGE });
    const graphql = async () => {
      const data = await client.graphql.request<{ threats: { edges: unknown[] } }>(THREATS_PAGE, {
        limit: PAGE,
      });
      if (data.threats.edges.length !== PAGE) throw new Error('The GraphQL page is short');
    };

    const [restTotal, graphqlTotal] = await alternate(rest, graphql, {
      seconds: DURATION_S,
      rounds: ROUNDS,
    });
    const restRps = (restTotal.requests * 1000) / restTotal.ms;
    const graphqlRps = (graphqlTotal.requests * 1000) / graphqlTotal.ms;
    // How many times as long a GraphQL page takes as a REST one.
    const timeRatio = restRps / graphqlRps;

    console.log(
      `\nGraphQL vs REST, sequential pages of ${PAGE} threats, ${ROUNDS} alternating rounds`,
    );
    console.table({
      'client.threats.list': {
        'req/s': Math.round(restRps),
        'client CPU µs/req': Math.round(restTotal.cpuMicros / restTotal.requests),
      },
      'client.graphql.request': {
        'req/s': Math.round(graphqlRps),
        'client CPU µs/req': Math.round(graphqlTotal.cpuMicros / graphqlTotal.requests),
      },
    });
    console.log(
      `GraphQL takes ${timeRatio.toFixed(2)}× the time of REST per page (target <= ${TARGET_TIME_RATIO})`,
    );

    return {
      rest: { rps: restRps, cpuMicrosPerRequest: restTotal.cpuMicros / restTotal.requests },
      graphql: {
        rps: graphqlRps,
        cpuMicrosPerRequest: graphqlTotal.cpuMicros / graphqlTotal.requests,
      },
      timeRatio,
      target: TARGET_TIME_RATIO,
      met: timeRatio <= TARGET_TIME_RATIO,
    };
  } finally {
    await mock.stop();
  }
}

// Run on its own with `npx tsx bench/graphql.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchGraphql(), null, 2));
}
