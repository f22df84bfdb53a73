/**
 * The executable schema: openapi/cyberfortress.graphql (embedded in schema-sdl.ts) with the
 * resolvers of ./resolvers attached, built once per process.
 *
 * The domain speaks the REST wire format (snake_case names, lowercase values for some enums), so
 * every field without its own resolver reads the snake_case of its name, and enum fields
 * upper-case what they read: `threatScore` reads `threat_score`, `status` turns `false_positive`
 * into `FALSE_POSITIVE`. Those resolvers are made once here, not looked up per field and request.
 */

import {
  buildSchema,
  getNamedType,
  isEnumType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { blockchainMutations, blockchainQueries } from './resolvers/blockchain.js';
import { monitoringMutations, monitoringQueries } from './resolvers/monitoring.js';
import { networkMutations } from './resolvers/network.js';
import { subscriptionFields } from './resolvers/subscriptions.js';
import { threatFields, threatMutations, threatQueries } from './resolvers/threats.js';
import { SCHEMA_SDL } from './schema-sdl.js';

type Resolver = GraphQLFieldResolver<any, any>;

/** Resolvers by type and field, for the fields that do more than read a property. */
const RESOLVERS: Record<string, Record<string, Resolver>> = {
  Query: { ...threatQueries, ...monitoringQueries, ...blockchainQueries },
  Mutation: {
    ...threatMutations,
    ...monitoringMutations,
    ...networkMutations,
    ...blockchainMutations,
  },
  Threat: threatFields,
};

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function upper(value: unknown): unknown {
  if (typeof value === 'string') return value.toUpperCase();
  if (Array.isArray(value)) return value.map(upper);
  return value;
}

/** The resolver of a field that reads a property, or `undefined` when graphql's default does. */
function propertyResolver(name: string, isEnum: boolean): Resolver | undefined {
  const key = snakeCase(name);
  if (isEnum) return (source) => upper(source[key]);
  return key === name ? undefined : (source) => source[key];
}

/** Builds the schema and attaches every resolver; throws when a root field has none. */
function build(): GraphQLSchema {
  const schema = buildSchema(SCHEMA_SDL);
  const roots = new Set(['Query', 'Mutation', 'Subscription']);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const own = RESOLVERS[type.name] ?? {};
    const subscriptions = type.name === 'Subscription';

    for (const field of Object.values(type.getFields())) {
      if (subscriptions) {
        const entry = subscriptionFields[field.name as keyof typeof subscriptionFields];
        if (!entry) throw new Error(`No subscription resolver for Subscription.${field.name}`);
        field.subscribe = entry.subscribe as Resolver;
        field.resolve = entry.resolve;
        continue;
      }

      const resolver = own[field.name];
      if (!resolver && roots.has(type.name)) {
        throw new Error(`No resolver for ${type.name}.${field.name}`);
      }

      field.resolve =
        resolver ?? propertyResolver(field.name, isEnumType(getNamedType(field.type)));
    }
  }

  return schema;
}

let built: GraphQLSchema | undefined;

/** The executable schema, built on first use and shared by every mock of the process. @internal */
export function graphqlSchema(): GraphQLSchema {
  built ??= build();
  return built;
}
