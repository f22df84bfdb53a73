/**
 * Abuse limits, checked once per document before anything executes: repeats (before validation,
 * whose overlap check is quadratic in them), then depth, cost and aliases. (Size and tokens are
 * checked while parsing, in documents.ts.) The figures and codes are listed in the header of
 * openapi/cyberfortress.graphql.
 *
 * Cost: every field costs 1, and a list field multiplies the cost of what it selects by the
 * number of items it can return: the `limit` of the `pagination` argument of the field above it
 * for a page of threats (a variable counts as the largest page, 100; no argument as the
 * default, 20), 3 for a threat's evidence, 4 for the metrics' levels, and 10 for any other list. Introspection fields cost 1 each and are never
 * multiplied, so a full introspection query passes easily.
 */

import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { codedError, LIMIT_CODES } from './errors.js';

/** The limits the endpoint enforces; see the header of openapi/cyberfortress.graphql. */
export const GRAPHQL_LIMITS = {
  /** Longest query text, in UTF-8 bytes. */
  maxQueryBytes: 64 * 1024,
  /** Most lexical tokens in a query. */
  maxTokens: 5000,
  /** Deepest field nesting outside introspection (a root field is depth 1). */
  maxDepth: 10,
  /** Deepest nesting inside `__schema` / `__type` (the standard introspection query needs ~13). */
  maxIntrospectionDepth: 20,
  /** Highest cost (see above). */
  maxCost: 50_000,
  /** Most aliased fields in a document. */
  maxAliases: 30,
  /** Most times one selection set may repeat a response name or a fragment spread. */
  maxRepeats: 10,
} as const;

/** Items assumed for a list field with no page size and no known bound. */
const DEFAULT_LIST_SIZE = 10;
/** Lists whose length the domain bounds (or that rarely grow past their figure). */
const LIST_SIZES: Readonly<Record<string, number>> = {
  'Threat.evidence': 3,
  'Query.evidence': 3,
  'Metrics.threatsByLevel': 4,
};
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The page size a `pagination: { limit }` argument asks for (variables count as the largest). */
function pageSize(value: ValueNode | undefined): number {
  if (!value) return DEFAULT_PAGE;
  if (value.kind === Kind.VARIABLE) return MAX_PAGE;
  if (value.kind !== Kind.OBJECT) return DEFAULT_PAGE;
  const limit = value.fields.find((field) => field.name.value === 'limit')?.value;
  if (!limit) return DEFAULT_PAGE;
  if (limit.kind === Kind.INT) return Math.min(MAX_PAGE, Math.max(1, Number(limit.value)));
  return MAX_PAGE;
}

/** A passed limit, thrown to stop the walk at once. */
class Overflow extends Error {
  constructor(
    message: string,
    readonly limit: 'depth' | 'cost',
    readonly max: number,
  ) {
    super(message);
  }
}

/** Walks one operation, stopping as soon as a limit is passed (so the walk itself is bounded). */
class Meter {
  cost = 0;
  readonly #fragments: ReadonlyMap<string, FragmentDefinitionNode>;

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition);
      }
    }

    this.#fragments = fragments;
  }

  /**
   * @param weight how many times this selection runs (the product of the lists above it)
   * @param page the page size set by the parent field's `pagination` argument
   */
  walk(
    set: SelectionSetNode,
    type: GraphQLObjectType,
    depth: number,
    weight: number,
    page: number | undefined,
    introspection: boolean,
  ): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.#fragments.get(selection.name.value);
        if (fragment) {
          const on = fragment.typeCondition.name.value;
          this.#into(fragment.selectionSet, on, type, depth, weight, page, introspection);
        }

        continue;
      }

      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const name = selection.typeCondition?.name.value ?? type.name;
        this.#into(selection.selectionSet, name, type, depth, weight, page, introspection);
        continue;
      }

      const name = selection.name.value;
      const inside = introspection || name.startsWith('__');
      const limit = inside ? GRAPHQL_LIMITS.maxIntrospectionDepth : GRAPHQL_LIMITS.maxDepth;
      if (depth > limit) {
        throw new Overflow(
          `Query is nested ${depth} levels deep; the limit is ${limit}`,
          'depth',
          limit,
        );
      }

      this.cost += inside ? 1 : weight;
      if (this.cost > GRAPHQL_LIMITS.maxCost) {
        throw new Overflow(
          `Query cost exceeds the limit of ${GRAPHQL_LIMITS.maxCost}`,
          'cost',
          GRAPHQL_LIMITS.maxCost,
        );
      }

      const field =
        name === '__schema' || name === '__type' ? this.#meta(name) : type.getFields()[name];
      if (!field || !selection.selectionSet) continue;
      const child = getNamedType(field.type);
      if (!isObjectType(child)) continue;
      const items =
        inside || !isList(field.type)
          ? 1
          : (page ?? LIST_SIZES[`${type.name}.${name}`] ?? DEFAULT_LIST_SIZE);
      const pagination = selection.arguments?.find((arg) => arg.name.value === 'pagination');
      const nextPage =
        pagination || field.args.some((arg) => arg.name === 'pagination')
          ? pageSize(pagination?.value)
          : undefined;
      this.walk(selection.selectionSet, child, depth + 1, weight * items, nextPage, inside);
    }
  }

  #meta(name: '__schema' | '__type') {
    const type = name === '__schema' ? '__Schema' : '__Type';
    return { type: this.schema.getType(type) as GraphQLObjectType, args: [] as { name: string }[] };
  }

  #into(
    set: SelectionSetNode,
    typeName: string,
    fallback: GraphQLObjectType,
    depth: number,
    weight: number,
    page: number | undefined,
    introspection: boolean,
  ): void {
    const type = this.schema.getType(typeName);
    this.walk(set, isObjectType(type) ? type : fallback, depth, weight, page, introspection);
  }
}

/**
 * Checks a valid document against the depth, cost and alias limits.
 * @returns the refusals (QUERY_TOO_COMPLEX), empty when the document is within them
 */
export function checkLimits(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  let aliases = 0;
  const count = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.alias) aliases++;
      if (selection.kind !== Kind.FRAGMENT_SPREAD) count(selection.selectionSet);
    }
  };

  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OPERATION_DEFINITION ||
      definition.kind === Kind.FRAGMENT_DEFINITION
    ) {
      count(definition.selectionSet);
    }
  }

  if (aliases > GRAPHQL_LIMITS.maxAliases) {
    return [
      codedError(
        LIMIT_CODES.tooComplex,
        `Query uses ${aliases} aliases; the limit is ${GRAPHQL_LIMITS.maxAliases}`,
        { limit: 'aliases', max: GRAPHQL_LIMITS.maxAliases },
      ),
    ];
  }

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(definition.operation);
    if (!root) continue;
    const meter = new Meter(schema, document);
    try {
      meter.walk(definition.selectionSet, root, 1, 1, undefined, false);
    } catch (error) {
      if (!(error instanceof Overflow)) throw error;
      return [
        codedError(LIMIT_CODES.tooComplex, error.message, { limit: error.limit, max: error.max }),
      ];
    }
  }

  return [];
}

/**
 * Refuses a selection set that repeats one response name or fragment spread more than
 * `maxRepeats` times: graphql's check that same-named fields agree compares every pair, so a
 * few hundred repeats cost it a noticeable fraction of a second. Run before validation.
 * @returns the refusal (QUERY_TOO_COMPLEX), or undefined
 */
export function checkRepeats(document: DocumentNode): GraphQLError | undefined {
  const max = GRAPHQL_LIMITS.maxRepeats;
  const visit = (set: SelectionSetNode | undefined): string | undefined => {
    if (!set) return undefined;
    const seen = new Map<string, number>();
    for (const selection of set.selections) {
      const key =
        selection.kind === Kind.FIELD
          ? (selection.alias ?? selection.name).value
          : selection.kind === Kind.FRAGMENT_SPREAD
            ? `...${selection.name.value}`
            : undefined;
      if (key !== undefined) {
        const count = (seen.get(key) ?? 0) + 1;
        if (count > max) return key;
        seen.set(key, count);
      }

      const inner =
        selection.kind === Kind.FRAGMENT_SPREAD ? undefined : visit(selection.selectionSet);
      if (inner !== undefined) return inner;
    }

    return undefined;
  };

  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OPERATION_DEFINITION &&
      definition.kind !== Kind.FRAGMENT_DEFINITION
    ) {
      continue;
    }

    const repeated = visit(definition.selectionSet);
    if (repeated !== undefined) {
      return codedError(
        LIMIT_CODES.tooComplex,
        `Query repeats '${repeated}' more than ${max} times in one selection`,
        { limit: 'repeats', max },
      );
    }
  }

  return undefined;
}
