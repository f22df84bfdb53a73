// Shared pieces of the integration suites: the reference's example bodies, the error-envelope
// assertion, and small helpers for credentials and deterministic input.
import { createHash, createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { Reply, Target } from '../helpers/targets.js';

/** The seeded dataset's size (the reference's `pagination.total`). */
export const SEEDED_THREATS = 1247;

/** The mock clock's default start, frozen in every integration suite. */
export const CLOCK_START = '2025-01-15T15:00:00Z';

export { reference } from '../fixtures/reference.js';

/**
 * Asserts a reply is the reference's error envelope with this status and code: a message, a
 * `request_id` equal to the `X-Request-Id` header, and the code's documentation link.
 */
export function expectError(reply: Reply, status: number, code: string): void {
  const summary = `${reply.status} ${JSON.stringify(reply.body)?.slice(0, 400)}`;
  expect(reply.status, summary).toBe(status);
  const error = reply.body?.error;
  expect(error, summary).toBeTypeOf('object');
  expect(error.code).toBe(code);
  expect(error.message).toBeTypeOf('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.request_id).toMatch(/^req_[0-9a-f]{12}$/);
  expect(reply.headers.get('x-request-id')).toBe(error.request_id);
  expect(error.documentation).toBe(`https://docs.cyberfortress.io/errors/${code}`);
}

/** Asserts a 400 INVALID_REQUEST whose `details` name `field` (exactly, by its wire path). */
export function expectInvalid(reply: Reply, field: string): void {
  expectError(reply, 400, 'INVALID_REQUEST');
  const details: { field: string; issue: string }[] = reply.body.error.details ?? [];
  expect(details.length, JSON.stringify(reply.body)).toBeGreaterThan(0);
  for (const detail of details) {
    expect(detail.field).toBeTypeOf('string');
    expect(detail.issue).toBeTypeOf('string');
  }

  expect(
    details.map((detail) => detail.field),
    JSON.stringify(details),
  ).toContain(field);
}

/** Asserts a 403 FORBIDDEN that names the missing scope. */
export function expectForbidden(reply: Reply, scope: string): void {
  expectError(reply, 403, 'FORBIDDEN');
  expect(reply.body.error.required_scope).toBe(scope);
}

/** The number of threats `GET /threats` reports, with the mock's full-scope key. */
export async function threatTotal(t: Target): Promise<number> {
  const reply = await t.request('GET', '/threats?limit=1');
  expect(reply.status).toBe(200);
  return reply.body.pagination.total;
}

/** Creates an API key with these permissions (and options) and returns its secret. */
export async function createKey(
  t: Target,
  permissions: string[],
  options: Record<string, unknown> = {},
): Promise<string> {
  const reply = await t.request('POST', '/api-keys', {
    body: { name: `limited ${permissions.join(' ')}`, permissions, ...options },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.api_key;
}

/** A key with a scope that is useless for the operation under test, for 403 checks. */
export function limitedKey(t: Target): Promise<string> {
  return createKey(t, ['webhooks:read']);
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hmacSha256Hex(secret: string, bytes: Uint8Array | string): string {
  return createHmac('sha256', secret).update(bytes).digest('hex');
}

/** Form-encodes a token request body. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Bodies `POST /oauth/token` needs: form-encoded, no bearer token. */
export function tokenRequest(t: Target, fields: Record<string, string>): Promise<Reply> {
  return t.request('POST', '/oauth/token', {
    raw: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    token: null,
  });
}

/** The mock's OAuth test client, from the control API. */
export async function oauthClient(
  t: Target,
): Promise<{ client_id: string; client_secret: string }> {
  const reply = await t.control('GET', '/credentials');
  expect(reply.status).toBe(200);
  return reply.body.oauth;
}

/**
 * A small seeded generator (mulberry32), so that fuzz-style loops are the same on every run.
 *
 * @example
 * const next = seeded(7);
 * next(); // same float in [0, 1) on every run
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Level from a threat score, as the model pins it. */
export function threatLevel(score: number): string {
  if (score >= 80) return 'CRITICAL';
  if (score >= 60) return 'HIGH';
  if (score >= 30) return 'MEDIUM';
  return 'LOW';
}

/** Order of threat levels for severity sorting. */
export const LEVEL_RANK: Record<string, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
