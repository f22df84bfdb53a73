import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../../src/core/errors.js';
import { formatPath, validateResponse } from '../../../src/core/validate.js';
import { zThreatList } from '../../../src/generated/zod.gen.js';

const level = z.enum(['LOW', 'HIGH']);
const schema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      threat_score: z.number(),
      threat_level: level,
      previous_level: level.nullable(),
      union_level: z.union([level, z.null()]),
      models: z.array(z.enum(['temporal', 'behavioral'])),
    }),
  ),
});

function item(overrides: Record<string, unknown> = {}) {
  return {
    id: 't1',
    threat_score: 5,
    threat_level: 'LOW',
    previous_level: null,
    union_level: null,
    models: ['temporal'],
    ...overrides,
  };
}

describe('validateResponse', () => {
  it('returns the same object, unknown fields kept, given a valid body with extra fields', () => {
    const body = { data: [item({ new_field: { nested: true } })], extra_top: 1 };
    const result = validateResponse(schema, body);
    expect(result).toBe(body);
    expect(result.data[0]).toHaveProperty('new_field');
  });

  it('returns the body given unknown enum values, nullable and in unions and arrays', () => {
    const body = {
      data: [
        item({
          threat_level: 'EXTREME',
          previous_level: 'NEW',
          union_level: 'NEWER',
          models: ['temporal', 'quantum'],
        }),
      ],
    };
    expect(validateResponse(schema, body)).toBe(body);
  });

  it('returns the body given a discriminated union with an unknown kind', () => {
    const event = z.discriminatedUnion('type', [
      z.object({ type: z.literal('a'), x: z.number() }),
      z.object({ type: z.literal('b') }),
    ]);
    const body = { type: 'c', y: 1 };
    expect(validateResponse(event, body)).toBe(body);
  });

  it('throws ResponseValidationError with the path given a wrong type', () => {
    const body = { data: [item(), item({ threat_score: 'high' })] };
    const error = (() => {
      try {
        validateResponse(schema, body, { label: 'GET /threats', status: 200, requestId: 'req_1' });
      } catch (caught) {
        return caught as ResponseValidationError;
      }
    })();

    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error?.issues).toEqual([
      { path: ['data', 1, 'threat_score'], message: expect.any(String), code: 'invalid_type' },
    ]);
    expect(error?.message).toContain('data[1].threat_score');
    expect(error?.message).toContain('GET /threats');
    expect(error?.requestId).toBe('req_1');
  });

  it('throws given a missing required field or a non-string where an enum is expected', () => {
    const { id: _id, ...withoutId } = item();
    expect(() => validateResponse(schema, { data: [withoutId] })).toThrow(/data\[0\]\.id/);
    expect(() => validateResponse(schema, { data: [item({ threat_level: 3 })] })).toThrow(
      ResponseValidationError,
    );
  });

  it('returns a generated ThreatList given a new enum value and a new field', () => {
    const threat = {
      id: 'threat_7h8i9j0k',
      ip_address: '185.220.101.45',
      threat_score: 95,
      threat_level: 'CRITICAL',
      threat_type: 'QUANTUM_ATTACK',
      status: 'active',
      detected_at: '2025-01-15T14:30:00Z',
      updated_at: '2025-01-15T14:30:00Z',
      country: { code: 'RU', name: 'Russia', city: 'Moscow' },
      threat_intelligence: {
        sources: ['AbuseIPDB'],
        categories: ['C2'],
        confidence: 0.9,
        reputation_score: 5,
      },
      process_behavior: null,
      ml_analysis: { anomaly_score: 90, model_confidence: 0.9, models_triggered: ['temporal'] },
      automated_response: { actions_taken: ['BLOCK_IP'], response_time_ms: 12 },
      brand_new_field: 'kept',
    };
    const body = {
      data: [threat],
      pagination: { total: 1, limit: 20, offset: 0, has_more: false },
    };
    expect(zThreatList.safeParse(body).success).toBe(false);
    expect(validateResponse(zThreatList, body)).toBe(body);

    expect(() =>
      validateResponse(zThreatList, { ...body, data: [{ ...threat, threat_score: '95' }] }),
    ).toThrow(/data\[0\]\.threat_score/);
  });
});

describe('formatPath', () => {
  it('returns wire notation given a zod path', () => {
    expect(formatPath(['targets', 1, 'value'])).toBe('targets[1].value');
    expect(formatPath([])).toBe('(root)');
  });
});
