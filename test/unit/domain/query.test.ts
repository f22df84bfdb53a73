import { describe, expect, it } from 'vitest';
import { QueryReader } from '../../../mock-server/http/query.js';
import { invalidFields } from './support.js';

function read(query: string, use: (reader: QueryReader) => unknown): unknown {
  const reader = new QueryReader(new URLSearchParams(query));
  const value = use(reader);
  reader.finish();
  return value;
}

describe('QueryReader', () => {
  it('returns the same values given a repeated or a comma-separated parameter', () => {
    const levels = ['LOW', 'HIGH', 'CRITICAL'] as const;
    expect(read('severity=high&severity=critical', (q) => q.enums('severity', levels))).toEqual([
      'HIGH',
      'CRITICAL',
    ]);
    expect(read('severity=high,critical', (q) => q.enums('severity', levels))).toEqual([
      'HIGH',
      'CRITICAL',
    ]);
  });

  it('returns defaults and bounded integers', () => {
    expect(read('', (q) => q.pagination())).toEqual({ limit: 20, offset: 0 });
    expect(read('limit=100&offset=5', (q) => q.pagination())).toEqual({ limit: 100, offset: 5 });
  });

  it('refuses every wrong and unknown parameter in one error', () => {
    const fields = invalidFields(() =>
      read('limit=2.5&offset=-1&country=CN,ZZ&from=yesterday&ip=999.1.1.1&colour=red', (q) => {
        q.pagination();
        q.countries('country');
        q.date('from');
        q.ip('ip');
      }),
    );
    expect(fields).toEqual(['limit', 'offset', 'country', 'from', 'ip', 'colour']);
  });

  it('refuses a lowercase country and a single-valued parameter given twice', () => {
    expect(invalidFields(() => read('country=cn', (q) => q.countries('country')))).toEqual([
      'country',
    ]);
    expect(invalidFields(() => read('limit=1&limit=2', (q) => q.pagination()))).toEqual(['limit']);
  });
});
