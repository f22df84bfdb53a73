// examples/integrations/elastic.ts against the real mock and a local stand-in for
// Elasticsearch's index and `_bulk` APIs that stores documents by index and `_id`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backfillToElastic,
  bulkIndexThreats,
  streamToElastic,
} from '../../examples/integrations/elastic.js';
import type { Threat } from '../../src/index.js';
import {
  allThreats,
  freshWindow,
  startMock,
  startReceiver,
  waitFor,
  type Recorded,
  type Reply,
  type RunningMock,
} from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DOC_PATH = /^\/([a-z0-9][a-z0-9._-]*)\/_doc\/([^/]+)$/;

/** Checks one document against the fields the reference indexes. */
function checkDocument(doc: Record<string, unknown>): void {
  expect(Object.keys(doc).sort()).toEqual(
    [
      '@timestamp',
      'automated_response',
      'geo',
      'ip_address',
      'ml_analysis',
      'threat_id',
      'threat_level',
      'threat_score',
    ].sort(),
  );
  expect(doc['@timestamp']).toMatch(ISO);
  expect(doc.threat_id).toMatch(/^threat_[a-z0-9]{8}$/);
  expect(doc.threat_score).toBeTypeOf('number');
  expect(doc.geo).toEqual({
    country: expect.stringMatching(/^[A-Z]{2}$/),
    city: expect.any(String),
  });
  expect(Object.keys(doc.ml_analysis as object).sort()).toEqual([
    'anomaly_score',
    'model_confidence',
    'models_triggered',
  ]);
  expect(Object.keys(doc.automated_response as object).sort()).toEqual([
    'actions_taken',
    'response_time_ms',
  ]);
}

/** An Elasticsearch stand-in: `PUT /<index>/_doc/<id>` and `POST /_bulk`, strictly checked. */
function elasticsearch(store: Map<string, Record<string, unknown>>) {
  const put = (index: string, id: string, doc: Record<string, unknown>) => {
    checkDocument(doc);
    const key = `${index}/${id}`;
    const created = !store.has(key);
    store.set(key, doc);
    return {
      _index: index,
      _id: id,
      _version: 1,
      result: created ? 'created' : 'updated',
      status: created ? 201 : 200,
    };
  };

  return (request: Recorded): Reply => {
    const single = DOC_PATH.exec(request.url);
    if (single && request.method === 'PUT') {
      expect(request.headers['content-type']).toBe('application/json');
      const { status, ...result } = put(
        single[1]!,
        decodeURIComponent(single[2]!),
        JSON.parse(request.body),
      );
      return { status, body: { ...result, _shards: { total: 2, successful: 1, failed: 0 } } };
    }

    expect(request.method).toBe('POST');
    expect(request.url).toBe('/_bulk');
    expect(request.headers['content-type']).toBe('application/x-ndjson');
    expect(request.body.endsWith('\n')).toBe(true);
    const lines = request.body
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length % 2).toBe(0);
    const items = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = lines[i] as { index: { _index: string; _id: string } };
      expect(Object.keys(action)).toEqual(['index']);
      expect(Object.keys(action.index).sort()).toEqual(['_id', '_index']);
      items.push({ index: put(action.index._index, action.index._id, lines[i + 1]!) });
    }

    return { status: 200, body: { took: 3, errors: false, items } };
  };
}

/** The document the reference builds, from the threat as REST returns it. */
const expectedDocument = (threat: Threat) => ({
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
});

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('examples/integrations/elastic', () => {
  it('indexes each streamed threat once, with the reference document, under its id', async () => {
    const store = new Map<string, Record<string, unknown>>();
    const es = await startReceiver(elasticsearch(store));
    const client = running.client();
    const from = await freshWindow(running.origin);
    const forwarding = await streamToElastic(client, {
      node: es.origin,
      apiKey: 'ZWxhc3RpYzprZXk=',
    });

    try {
      for (const level of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])
        await running.inject({ threat_level: level });
      await waitFor(() => es.requests.length === 4, 5_000, 'four index requests');
      await forwarding.idle();

      expect(es.failures).toEqual([]);
      expect(
        es.requests.every((request) => request.headers.authorization === 'ApiKey ZWxhc3RpYzprZXk='),
      ).toBe(true);
      const held = await allThreats(client, { from });
      expect(held).toHaveLength(4);
      expect(store.size).toBe(4);
      for (const threat of held) {
        expect(store.get(`cyberfortress-threats/${threat.id}`)).toEqual(expectedDocument(threat));
      }
    } finally {
      forwarding.stop();
      await es.close();
    }
  });

  it('backfills with _bulk: one request per page, each threat the mock lists indexed once', async () => {
    const store = new Map<string, Record<string, unknown>>();
    const es = await startReceiver(elasticsearch(store));
    const client = running.client();
    const window = { from: '2025-01-10T00:00:00Z', to: '2025-01-12T00:00:00Z' };

    try {
      const count = await backfillToElastic(
        client,
        { node: es.origin, index: 'threats-backfill' },
        {
          ...window,
          limit: 40,
        },
      );

      expect(es.failures).toEqual([]);
      const held = await allThreats(client, window);
      expect(held.length).toBeGreaterThan(40);
      expect(count).toBe(held.length);
      expect(es.requests).toHaveLength(Math.ceil(held.length / 40));
      expect([...store.keys()].sort()).toEqual(
        held.map((threat) => `threats-backfill/${threat.id}`).sort(),
      );
    } finally {
      await es.close();
    }
  });

  it('throws when a 200 _bulk reply reports failed items', async () => {
    const es = await startReceiver((request) => {
      const action = JSON.parse(request.body.split('\n')[0]!) as { index: { _id: string } };
      return {
        status: 200,
        body: {
          took: 1,
          errors: true,
          items: [
            {
              index: {
                _id: action.index._id,
                status: 429,
                error: { type: 'es_rejected_execution_exception' },
              },
            },
          ],
        },
      };
    });
    const [threat] = (await running.client().threats.list({ limit: 1 })).data;

    try {
      await expect(bulkIndexThreats([threat!], { node: es.origin })).rejects.toThrow(
        `Elasticsearch refused 1 of 1 threats: ${threat!.id}`,
      );
    } finally {
      await es.close();
    }
  });
});
