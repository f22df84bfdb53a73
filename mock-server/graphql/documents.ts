/**
 * Query text to a checked document: size, parse (with a token cap), validation against the
 * schema, then the abuse limits. The outcome, refusals included, is cached by query text, so a
 * client repeating the same query (as SDKs do) pays for parsing and validation once.
 */

import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { codedError, LIMIT_CODES } from './errors.js';
import { checkLimits, checkRepeats, GRAPHQL_LIMITS } from './limits.js';

/** A document ready to execute, or the errors that refuse it. */
export type PreparedDocument =
  | { document: DocumentNode; errors?: undefined }
  | { document?: undefined; errors: readonly GraphQLError[] };

/** Distinct query texts remembered; the least recently used is forgotten first. */
const CACHE_SIZE = 500;
const cache = new Map<string, PreparedDocument>();

/** graphql's own introspection depth rule refuses a limit breach, not a mistake: coded as one. */
function asLimit(error: GraphQLError): GraphQLError {
  if (error.message !== 'Maximum introspection depth exceeded') return error;
  return codedError(LIMIT_CODES.tooComplex, error.message, { limit: 'depth' });
}

function prepare(schema: GraphQLSchema, query: string): PreparedDocument {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: GRAPHQL_LIMITS.maxTokens });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // graphql reports the token cap as a syntax error; it is a limit, not a mistake.
    if (error.message.includes('Document contains more th')) {
      return {
        errors: [
          codedError(
            LIMIT_CODES.tooComplex,
            `Query has more than ${GRAPHQL_LIMITS.maxTokens} tokens`,
            { limit: 'tokens', max: GRAPHQL_LIMITS.maxTokens },
          ),
        ],
      };
    }

    return { errors: [error] };
  }

  const repeated = checkRepeats(document);
  if (repeated) return { errors: [repeated] };
  const invalid = validate(schema, document, specifiedRules);
  if (invalid.length > 0) return { errors: invalid.map(asLimit) };
  const refused = checkLimits(schema, document);
  return refused.length > 0 ? { errors: refused } : { document };
}

/**
 * The checked document for `query`, from the cache when this text was seen before.
 * @internal
 */
export function prepareDocument(schema: GraphQLSchema, query: string): PreparedDocument {
  // The size is checked before the cache: an oversized text is neither parsed nor kept.
  if (
    query.length > GRAPHQL_LIMITS.maxQueryBytes ||
    Buffer.byteLength(query) > GRAPHQL_LIMITS.maxQueryBytes
  ) {
    return {
      errors: [
        codedError(
          LIMIT_CODES.tooLarge,
          `Query is larger than ${GRAPHQL_LIMITS.maxQueryBytes} bytes`,
          { limit: 'size', max: GRAPHQL_LIMITS.maxQueryBytes },
        ),
      ],
    };
  }

  const cached = cache.get(query);
  if (cached) {
    // Re-inserting marks the entry as the most recently used.
    cache.delete(query);
    cache.set(query, cached);
    return cached;
  }

  const prepared = prepare(schema, query);
  cache.set(query, prepared);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return prepared;
}
