// The OpenAPI spec read as data, so that tests can ask it which operations exist and which
// schema each response must match, without trusting the mock's own route table.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface SpecOperation {
  method: string;
  /** Path as written in the spec, below the server URL: `/threats/{threat_id}`. */
  path: string;
  operationId: string;
  requiredScope: string | null;
  /** Status code (`'200'`) to the name of the component schema of its JSON body, or `'binary'`. */
  responses: Map<string, string>;
  pattern: RegExp;
}

type Json = Record<string, any>;

const specUrl = new URL('../../openapi/cyberfortress.yaml', import.meta.url);
export const spec: Json = parse(readFileSync(specUrl, 'utf8'));

function deref(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce((at: Json, key: string) => at?.[key], spec);
  }

  return current;
}

function schemaName(media: Json | undefined): string | undefined {
  const ref = media?.schema?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function toPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith('{') ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

export const operations: SpecOperation[] = [];
for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = item[method];
    if (!operation) continue;
    const responses = new Map<string, string>();
    for (const [status, raw] of Object.entries<Json>(operation.responses ?? {})) {
      const response = deref(raw);
      const content = response.content ?? {};
      const json = content['application/json'];
      if (json) responses.set(status, schemaName(json) ?? 'inline');
      else if (content['application/octet-stream']) responses.set(status, 'binary');
    }

    operations.push({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      requiredScope: operation['x-required-scope'] ?? null,
      responses,
      pattern: toPattern(path),
    });
  }
}

/**
 * Finds the operation a request was for. Static paths win over templated ones, as in any
 * router (`/threats/check/{ip}` over `/threats/{threat_id}`).
 */
export function matchOperation(method: string, path: string): SpecOperation | undefined {
  const candidates = operations.filter((op) => op.method === method && op.pattern.test(path));
  candidates.sort((a, b) => staticWeight(b.path) - staticWeight(a.path));
  return candidates[0];
}

function staticWeight(path: string): number {
  return path.split('/').filter((segment) => segment && !segment.startsWith('{')).length;
}
