// The contract check: every response the mock gives during a test file is recorded and, when
// the file ends, validated against the generated zod schema for its operation and status.
import { expect } from 'vitest';
import * as generated from '../../src/generated/zod.gen.js';
import { matchOperation } from './spec.js';
import { unknownFields } from './strict-shape.js';

interface Recorded {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: unknown;
}

const recorded: Recorded[] = [];
const schemas = generated as unknown as Record<string, import('zod').ZodType>;

/** Paths below this prefix are the mock's control API, which is not part of the public spec. */
const CONTROL_PREFIX = '/__mock/';

/** Records one response for the contract check; the body is read from a clone. */
export async function recordResponse(
  method: string,
  url: string,
  response: Response,
): Promise<void> {
  const clone = response.clone();
  const type = clone.headers.get('content-type') ?? '';
  const body = type.includes('application/json')
    ? await clone.json().catch(() => Symbol.for('invalid json'))
    : await clone.arrayBuffer();
  recorded.push({ method, url, status: response.status, headers: response.headers, body });
}

/** How many responses this file recorded so far. */
export function recordedCount(): number {
  return recorded.length;
}

/** Everything wrong with one recorded response, as readable lines (empty when it conforms). */
export function contractProblems(entry: Recorded): string[] {
  const { pathname } = new URL(entry.url);
  if (pathname.startsWith(CONTROL_PREFIX)) return [];
  const label = `${entry.method} ${pathname} -> ${entry.status}`;
  const problems: string[] = [];
  if (!/^req_[0-9a-f]{12}$/.test(entry.headers.get('x-request-id') ?? '')) {
    problems.push(`${label}: missing or malformed X-Request-Id`);
  }

  const path = pathname.replace(/^\/v1(?=\/)/, '');
  const operation = matchOperation(entry.method, path);
  if (!operation) {
    // Unknown routes must still answer in the error envelope.
    const parsed = generated.zErrorResponse.safeParse(entry.body);
    if (!parsed.success || entry.status < 400)
      problems.push(`${label}: unknown route without the error envelope`);
    return problems;
  }

  const expected = operation.responses.get(String(entry.status));
  if (!expected) {
    problems.push(`${label}: status not declared for ${operation.operationId}`);
    return problems;
  }

  if (expected === 'binary') {
    if (!(entry.body instanceof ArrayBuffer)) problems.push(`${label}: expected a binary body`);
    return problems;
  }

  const schema = schemas[`z${expected}`];
  if (!schema) {
    problems.push(`${label}: no generated schema z${expected}`);
    return problems;
  }

  const parsed = schema.safeParse(entry.body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) {
      problems.push(
        `${label}: ${expected} at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
    }
  }

  for (const field of unknownFields(schema, entry.body)) {
    problems.push(`${label}: ${expected} has a field the spec lacks: ${field}`);
  }

  if (entry.status === 429 && !entry.headers.get('retry-after')) {
    problems.push(`${label}: 429 without Retry-After`);
  }

  return problems;
}

/** Fails the current test when any response recorded so far broke the contract. */
export function expectRecordedResponsesToMatchContract(): void {
  const problems = recorded.flatMap(contractProblems);
  expect(problems, `${problems.length} contract problems in ${recorded.length} responses`).toEqual(
    [],
  );
}
