import { describe, expect, it } from 'vitest';
import { routes } from '../../mock-server/http/routes/index.js';
import { operations } from '../helpers/spec.js';

const key = (method: string, path: string) => `${method} ${path}`;

describe('the mock route table', () => {
  it('has a handler for every operation of the spec, with the same operationId and scope', () => {
    const byKey = new Map(routes.map((route) => [key(route.method, route.path), route]));
    const missing = operations
      .filter((op) => !byKey.has(key(op.method, op.path)))
      .map((op) => `${key(op.method, op.path)} (${op.operationId})`);
    expect(missing).toEqual([]);

    const mismatched = operations.flatMap((op) => {
      const route = byKey.get(key(op.method, op.path))!;
      return route.operationId === op.operationId && route.scope === op.requiredScope
        ? []
        : [
            `${op.operationId}: route says ${route.operationId} / ${route.scope}, spec says ${op.requiredScope}`,
          ];
    });
    expect(mismatched).toEqual([]);
  });

  it('answers no route that the spec lacks', () => {
    const inSpec = new Set(operations.map((op) => key(op.method, op.path)));
    const extra = routes
      .map((route) => key(route.method, route.path))
      .filter((k) => !inSpec.has(k));
    expect(extra).toEqual([]);
  });

  it('covers the 26 operations the issue lists (16 from the reference and 10 additions)', () => {
    expect(operations).toHaveLength(26);
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(26);
  });
});
