/**
 * Elasticsearch: every threat the stream reports is indexed into `cyberfortress-threats` with the
 * document of the reference's Elastic/ELK integration (`@timestamp`, scores, geo, ML analysis,
 * automated response), through the index API; `backfillToElastic` indexes a past window with
 * the `_bulk` API, one request per page. Each document's `_id` is the threat id, so indexing a
 * threat again replaces its document instead of adding a second one.
 *
 * Against the bundled mock (any server that speaks the Elasticsearch REST API will do):
 *
 *   npm run mock -- --port 4010 --events-per-second 1      # prints the API key
 *   CYBERFORTRESS_BASE_URL=http://127.0.0.1:4010/v1 CYBERFORTRESS_API_KEY=<key> \
 *   ELASTIC_URL=http://localhost:9200 npx tsx examples/integrations/elastic.ts
 *
 * ELASTIC_API_KEY (an encoded API key) is sent as `Authorization: ApiKey …` when set;
 * ELASTIC_BACKFILL_FROM (an RFC 3339 time) indexes the threats detected since then first.
 * Outside this repository, start the mock with `npx cyberfortress-mock` instead.
 */

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

/** Where the cluster is and which index to write. */
export interface ElasticOptions {
  /** The cluster's URL, such as `http://localhost:9200`. */
  node: string;
  /** @default 'cyberfortress-threats' */
  index?: string;
  /** An encoded API key, sent as `Authorization: ApiKey <key>`. @default none */
  apiKey?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The document indexed for one threat: the reference's fields, snake_case as it names them. */
export interface ThreatDocument {
  '@timestamp': string;
  threat_id: string;
  ip_address: string;
  threat_score: number;
  threat_level: string;
  geo: { country: string; city: string };
  ml_analysis: { anomaly_score: number; model_confidence: number; models_triggered: string[] };
  automated_response: { actions_taken: string[]; response_time_ms: number };
}

const DEFAULT_INDEX = 'cyberfortress-threats';

/** One threat as the document the reference indexes. */
export function toDocument(threat: Threat): ThreatDocument {
  return {
    '@timestamp': threat.detectedAt,
    threat_id: threat.id,
    ip_address: threat.ipAddress,
    threat_score: threat.threatScore,
    threat_level: threat.threatLevel,
    geo: { country: threat.country.code, city: threat.country.city },
    ml_analysis: {
      anomaly_score: threat.mlAnalysis.anomalyScore,
      model_confidence: threat.mlAnalysis.modelConfidence,
      models_triggered: threat.mlAnalysis.modelsTriggered,
    },
    automated_response: {
      actions_taken: threat.automatedResponse.actionsTaken,
      response_time_ms: threat.automatedResponse.responseTimeMs,
    },
  };
}

function headers(options: ElasticOptions, contentType: string): Record<string, string> {
  const result: Record<string, string> = { 'Content-Type': contentType };
  if (options.apiKey !== undefined) result.Authorization = `ApiKey ${options.apiKey}`;
  return result;
}

/** Indexes one threat with the index API (`PUT /<index>/_doc/<threat id>`). */
export async function indexThreat(threat: Threat, options: ElasticOptions): Promise<void> {
  const index = encodeURIComponent(options.index ?? DEFAULT_INDEX);
  const url = new URL(`/${index}/_doc/${encodeURIComponent(threat.id)}`, options.node);
  const response = await (options.fetch ?? fetch)(url, {
    method: 'PUT',
    headers: headers(options, 'application/json'),
    body: JSON.stringify(toDocument(threat)),
  });

  await readReply('Elasticsearch', response);
}

/**
 * Indexes threats in one `_bulk` request: an `index` action line, then the document line, for
 * each, with the trailing newline the API requires. A 200 can still hold failed items
 * (`errors: true`); those are thrown too, naming the threats.
 */
export async function bulkIndexThreats(threats: Threat[], options: ElasticOptions): Promise<void> {
  if (threats.length === 0) return;
  const index = options.index ?? DEFAULT_INDEX;
  const lines = threats.flatMap((threat) => [
    JSON.stringify({ index: { _index: index, _id: threat.id } }),
    JSON.stringify(toDocument(threat)),
  ]);

  const response = await (options.fetch ?? fetch)(new URL('/_bulk', options.node), {
    method: 'POST',
    headers: headers(options, 'application/x-ndjson'),
    body: `${lines.join('\n')}\n`,
  });

  const reply = (await readReply('Elasticsearch', response)) as {
    errors: boolean;
    items: { index?: { _id: string; status: number; error?: unknown } }[];
  };

  if (reply.errors) {
    const failed = reply.items.filter((item) => item.index?.error !== undefined);
    const ids = failed.map((item) => item.index?._id).join(', ');
    throw new Error(`Elasticsearch refused ${failed.length} of ${threats.length} threats: ${ids}`);
  }
}

/**
 * Indexes every new threat as the stream reports it, as the reference does.
 *
 * @example
 * const forwarding = await streamToElastic(client, { node: 'http://localhost:9200' });
 */
export function streamToElastic(
  client: CyberFortress,
  options: ElasticOptions & { onError?: (error: unknown) => void },
): Promise<Forwarding> {
  return forwardStream(client, 'threat_detected', {
    send: (threat) => indexThreat(threat, options),
    key: (threat) => threat.id,
    onError: options.onError,
  });
}

/**
 * Indexes every threat `params` selects with `_bulk`, one request per page; resolves to how
 * many. Given the running `forwarding`, threats the stream already indexed are skipped.
 */
export async function backfillToElastic(
  client: CyberFortress,
  options: ElasticOptions,
  params: ThreatListParams,
  forwarding?: Forwarding,
): Promise<number> {
  let indexed = 0;
  for await (const page of threatPages(client, params, forwarding)) {
    await bulkIndexThreats(page, options);
    indexed += page.length;
  }

  return indexed;
}

if (isMain(import.meta.url)) {
  // The client reads CYBERFORTRESS_API_KEY and CYBERFORTRESS_BASE_URL by itself.
  const client = new CyberFortress();
  const options = { node: requireEnv('ELASTIC_URL'), apiKey: process.env.ELASTIC_API_KEY };
  const forwarding = await streamToElastic(client, options);

  // The stream is open before the backfill reads, so no threat falls between the two.
  const from = process.env.ELASTIC_BACKFILL_FROM;
  if (from) {
    const to = new Date().toISOString();
    const count = await backfillToElastic(client, options, { from, to }, forwarding);
    console.log(`Indexed ${count} threats detected since ${from}`);
  }

  console.log(`Indexing threats into ${options.node}/${DEFAULT_INDEX}; Ctrl-C stops.`);
  await untilInterrupted();
  forwarding.stop();
}
