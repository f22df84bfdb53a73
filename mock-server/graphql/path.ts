/**
 * Where GraphQL is served, kept apart from the endpoint itself so that the pipeline and the msw
 * adapter can recognise the path without loading graphql.
 */

/** The GraphQL path on the mock's origin, for HTTP and for graphql-ws. */
export const GRAPHQL_PATH = '/graphql';

/** True for `/graphql` and `/graphql/`. */
export function isGraphqlPath(pathname: string): boolean {
  return pathname === GRAPHQL_PATH || pathname === `${GRAPHQL_PATH}/`;
}
