// The mock's fast path for plain queries (mock-server/graphql/fast-execute.ts) must answer
// exactly what graphql-js answers. Each test builds a document that selects every field the
// schema offers under a root field (evidence aside, which the fast path always leaves to
// graphql-js), runs it both ways against the same backend, and compares the results.
import {
  execute,
  getNamedType,
  getOperationAST,
  isObjectType,
  parse,
  type DocumentNode,
  type GraphQLObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../../mock-server/domain/backend.js';
import { ALL_SCOPES } from '../../mock-server/domain/scopes.js';
import { createContext } from '../../mock-server/graphql/context.js';
import { executeFast } from '../../mock-server/graphql/fast-execute.js';
import { graphqlSchema } from '../../mock-server/graphql/schema.js';
import type { Principal } from '../../mock-server/http/types.js';
import { CLOCK_START } from './support.js';

const schema = graphqlSchema();
const backend = new MockBackend({ seed: 42, clockStart: CLOCK_START, frozenClock: true });
const principal: Principal = { id: 'key_fast_path', kind: 'api_key', scopes: ALL_SCOPES };

/** Fields the fast path never takes; selecting one would make every document slow. */
const SKIPPED = new Set(['Threat.evidence']);

/** Every field of `type` down to `depth` levels of objects, as a selection set. */
function everything(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()).flatMap((field) => {
    if (SKIPPED.has(`${type.name}.${field.name}`)) return [];
    if (field.args.some((arg) => arg.type.toString().endsWith('!'))) return [];
    const named = getNamedType(field.type);
    if (!isObjectType(named)) return [field.name];
    if (depth === 0) return [];
    return [`${field.name} { ${everything(named, depth - 1)} }`];
  });
  return ['__typename', ...fields].join(' ');
}

function rootSelection(field: string, args: string): string {
  const type = getNamedType(schema.getQueryType()?.getFields()[field]?.type);
  if (!isObjectType(type)) throw new Error(`Query.${field} is not an object`);
  return `${field}${args} { ${everything(type, 4)} }`;
}

function context() {
  return createContext(backend, principal, 'http://127.0.0.1');
}

/** A copy of the fast path loaded as in a browser page, where it builds with closures. */
let executeWithClosures: typeof executeFast;

beforeAll(async () => {
  vi.resetModules();
  const global = globalThis as { document?: unknown };
  global.document = {};
  try {
    ({ executeFast: executeWithClosures } =
      await import('../../mock-server/graphql/fast-execute.js'));
    // Its first plan decides, once, how it builds objects.
    const document = parse('{ monitoringStatus { __typename } }');
    executeWithClosures(schema, document, getOperationAST(document)!, {}, context());
  } finally {
    delete global.document;
  }

  expect(executeWithClosures).not.toBe(executeFast);
});

/**
 * Runs `document` through the fast path and through graphql-js; both results, fast first, once
 * the fast path's two ways of building objects are found to agree.
 */
async function bothWays(document: DocumentNode, variables: Record<string, unknown> = {}) {
  const operation = getOperationAST(document);
  if (!operation) throw new Error('The document has no single operation');
  const fast = executeFast(schema, document, operation, variables, context());
  expect(executeWithClosures(schema, document, operation, variables, context())).toEqual(fast);
  const slow = await execute({
    schema,
    document,
    variableValues: variables,
    contextValue: context(),
  });
  return { fast, slow: JSON.parse(JSON.stringify(slow)) as unknown };
}

const threatId = backend.threats.list({ limit: 1 }).data[0]?.id;

const ROOTS: [string, string][] = [
  ['threats', '(pagination: { limit: 50 })'],
  ['threats', '(filter: { severity: [HIGH, CRITICAL] }, pagination: { limit: 20, page: 2 })'],
  ['threat', `(id: "${threatId}")`],
  ['monitoringStatus', ''],
  ['systemMetrics', '(timeRange: { from: "2025-01-15T12:00:00Z", to: "2025-01-15T14:00:00Z" })'],
  ['cryptoThreats', '(chain: ETHEREUM)'],
];

describe('the fast path for plain queries', () => {
  it.each(ROOTS)('answers %s%s as graphql-js does', async (field, args) => {
    const { fast, slow } = await bothWays(parse(`{ ${rootSelection(field, args)} }`));
    expect(fast).toBeDefined();
    expect((slow as { errors?: unknown }).errors).toBeUndefined();
    expect(fast).toEqual(slow);
  });

  it('merges aliases, fragments and repeated fields as graphql-js does', async () => {
    const document = parse(`
      query Page($limit: Int = 5) {
        first: threats(pagination: { limit: $limit }) {
          edges { node { id ...Scores country { code } } }
          edges { node { ... on Threat { status country { name } } } }
          pageInfo { totalCount }
        }
        again: threats(pagination: { limit: 2 }) { edges { cursor node { score: threatScore } } }
      }
      fragment Scores on Threat { threatScore threatLevel mlAnalysis { modelsTriggered } }
    `);
    const { fast, slow } = await bothWays(document, { limit: 7 });
    expect(fast).toBeDefined();
    expect(fast).toEqual(slow);
    expect((fast?.data.first as { edges: unknown[] }).edges).toHaveLength(7);
  });

  it('leaves directives, evidence and bad variables to graphql-js', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`{ threats @include(if: true) { pageInfo { totalCount } } }`, {}],
      [`{ threat(id: "${threatId}") { evidence { id } } }`, {}],
      [`{ __proto__: monitoringStatus { mode } }`, {}],
      [
        `query ($limit: Int!) { threats(pagination: { limit: $limit }) { pageInfo { totalCount } } }`,
        { limit: 'ten' },
      ],
    ];
    for (const [query, variables] of cases) {
      const document = parse(query);
      const operation = getOperationAST(document);
      if (!operation) throw new Error('no operation');
      expect(executeFast(schema, document, operation, variables, context())).toBeUndefined();
      expect(
        executeWithClosures(schema, document, operation, variables, context()),
      ).toBeUndefined();
    }
  });
});
