/**
 * Indexed routing for the route table: a tree of path segments built once, so a lookup costs one
 * Map read per segment however many routes there are (a linear walk costs per route).
 */

import { ApiError } from './errors.js';

/** What the router needs from a route; the REST table and the control API both fit. */
export interface RoutableEntry {
  method: string;
  /** `/threats/{threat_id}`: static segments and `{name}` parameters. */
  path: string;
}

export type RouteLookup<T> =
  | { kind: 'found'; route: T; params: Record<string, string> }
  /** The path exists but not for this method: the caller answers 405 with `Allow`. */
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

interface Node<T> {
  statics: Map<string, Node<T>>;
  param: { name: string; node: Node<T> } | undefined;
  methods: Map<string, T>;
}

function createNode<T>(): Node<T> {
  return { statics: new Map(), param: undefined, methods: new Map() };
}

/**
 * Splits a path into segments. One trailing slash is tolerated (`/threats/` is `/threats`), as
 * clients that join a base URL and a path often add one; empty segments elsewhere match nothing.
 */
export function splitPath(path: string): string[] {
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const segments = trimmed.split('/');
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;

  // A malformed escape stays as sent; the handler then answers 404 for an id that cannot exist.
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Router<T extends RoutableEntry> {
  readonly #root: Node<T> = createNode();

  constructor(routes: readonly T[]) {
    for (const route of routes) this.#add(route);
  }

  #add(route: T): void {
    let node = this.#root;
    for (const segment of splitPath(route.path)) {
      if (segment.startsWith('{') && segment.endsWith('}')) {
        const name = segment.slice(1, -1);
        if (node.param && node.param.name !== name) {
          throw new Error(
            `Route ${route.method} ${route.path}: parameter {${name}} conflicts with {${node.param.name}} at the same position`,
          );
        }

        node.param ??= { name, node: createNode() };
        node = node.param.node;
        continue;
      }

      let next = node.statics.get(segment);
      if (!next) {
        next = createNode();
        node.statics.set(segment, next);
      }

      node = next;
    }

    if (node.methods.has(route.method)) {
      throw new Error(`Duplicate route ${route.method} ${route.path}`);
    }

    node.methods.set(route.method, route);
  }

  /** Looks up `path` (relative to the table's base, such as `/threats/abc`) for `method`. */
  lookup(method: string, path: string): RouteLookup<T> {
    const segments = splitPath(path);
    const params: Record<string, string> = {};
    const node = this.#walk(this.#root, segments, 0, params, method);
    const route = node?.methods.get(method);
    if (route) return { kind: 'found', route, params };

    // Second pass only on the error path: does the path exist for some other method?
    const other = this.#walk(this.#root, segments, 0, {}, undefined);
    if (other) return { kind: 'method-not-allowed', allow: [...other.methods.keys()] };
    return { kind: 'not-found' };
  }

  /**
   * Depth-first walk to the node that serves `method` (or any method when it is undefined).
   * A static segment beats a parameter (`/threats/check/{ip}` before `/threats/{threat_id}`),
   * and the walk backs off to the parameter when the static branch has no match further down.
   */
  #walk(
    node: Node<T>,
    segments: string[],
    index: number,
    params: Record<string, string>,
    method: string | undefined,
  ): Node<T> | undefined {
    if (index === segments.length) {
      const serves = method === undefined ? node.methods.size > 0 : node.methods.has(method);
      return serves ? node : undefined;
    }

    const segment = segments[index] as string;
    const next = node.statics.get(segment);
    if (next) {
      const found = this.#walk(next, segments, index + 1, params, method);
      if (found) return found;
    }

    if (node.param && segment !== '') {
      const found = this.#walk(node.param.node, segments, index + 1, params, method);
      if (found) {
        params[node.param.name] = decodeSegment(segment);
        return found;
      }
    }

    return undefined;
  }
}

/**
 * The route a lookup found, or the refusal every router user answers with: 404 for an unknown
 * path, 405 with `Allow` for a known path and another method.
 *
 * @param what how the 404 names what was looked for (`route`, `control route`)
 */
export function requireRoute<T>(
  lookup: RouteLookup<T> | undefined,
  request: { method: string; pathname: string },
  what = 'route',
): Extract<RouteLookup<T>, { kind: 'found' }> {
  if (!lookup || lookup.kind === 'not-found') {
    throw new ApiError('NOT_FOUND', `No ${what} for ${request.method} ${request.pathname}`);
  }

  if (lookup.kind === 'method-not-allowed') {
    throw new ApiError(
      'METHOD_NOT_ALLOWED',
      `${request.method} is not allowed on ${request.pathname}`,
      {
        headers: { Allow: lookup.allow.join(', ') },
      },
    );
  }

  return lookup;
}
