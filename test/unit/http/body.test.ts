import { describe, expect, it } from 'vitest';
import { describeJsonError } from '../../../mock-server/http/json-error.js';
import { createFakeMock } from './support.js';

const valid = { ip_address: '203.0.113.42', threat_type: 'MALWARE', confidence: 0.5 };

async function errorOf(response: Response) {
  return ((await response.json()) as { error: Record<string, any> }).error;
}

describe('request bodies', () => {
  it('passes the validated body, with defaults applied, to the handler', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', { json: valid });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ ...valid, auto_unblock: true });
  });

  it('accepts a charset parameter on application/json', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      json: valid,
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(response.status).toBe(201);
  });

  it('returns 415 for a JSON route given another media type, and changes nothing', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      body: JSON.stringify(valid),
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(mock.backend.store.size).toBe(0);
  });

  it('returns 400 for an empty body where one is required', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).details).toEqual([
      { field: 'body', issue: 'Field is required' },
    ]);
  });

  it('returns 400 for malformed JSON with the position of the error', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      body: '{"ip_address": }',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(
      "Malformed JSON body: Unexpected token '}' at position 15 (line 1, column 16)",
    );
  });

  it('returns 413 for a body over 1 MiB, by Content-Length and by size', async () => {
    const mock = createFakeMock();
    const big = JSON.stringify({ ...valid, pad: 'x'.repeat(1024 * 1024) });
    const bySize = await mock.send('POST', '/v1/threats', { json: JSON.parse(big) });
    expect(bySize.status).toBe(413);
    expect((await errorOf(bySize)).code).toBe('PAYLOAD_TOO_LARGE');

    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    });
    const request = new Request('https://api.cyberfortress.io/v1/threats', {
      method: 'POST',
      body: stream,
      headers: {
        'content-type': 'application/json',
        'content-length': String(2 * 1024 * 1024),
        authorization: 'Bearer tok_all',
      },
      duplex: 'half',
    } as RequestInit);
    const byHeader = await mock.runtime.handle(request);
    expect(byHeader.status).toBe(413);
    expect(mock.backend.store.size).toBe(0);
  });

  it('refuses unknown fields at every depth, including inside arrays of objects', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      json: {
        ...valid,
        extra: 1,
        evidence: { process_id: 1, pid: 2, network_activity: { port: 1 } },
        targets: [{ type: 'ip', value: 'a', note: 'x' }],
      },
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.details).toEqual([
      { field: 'extra', issue: 'Unknown field' },
      { field: 'evidence.pid', issue: 'Unknown field' },
      { field: 'evidence.network_activity.port', issue: 'Unknown field' },
      { field: 'targets[0].note', issue: 'Unknown field' },
    ]);
    expect(mock.backend.store.size).toBe(0);
  });

  it('names each invalid field by its wire path with a readable issue', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', {
      json: {
        ip_address: '999.1.1.1',
        threat_type: 'WORM',
        confidence: 2,
        level: 'SUPER',
        evidence: { process_id: 1.5, network_activity: { destination_port: 70000 } },
        targets: [
          { type: 'ip', value: 'a' },
          { type: 'domain', value: '' },
        ],
      },
    });
    const error = await errorOf(response);
    expect(error.details).toEqual([
      { field: 'ip_address', issue: 'Invalid IP address format' },
      { field: 'threat_type', issue: "Invalid value 'WORM'; expected one of MALWARE, PHISHING" },
      { field: 'confidence', issue: 'Must be at most 1' },
      {
        field: 'level',
        issue: "Invalid value 'SUPER'; expected one of LOW, MEDIUM, HIGH, CRITICAL",
      },
      { field: 'evidence.process_id', issue: 'Expected integer, received number' },
      { field: 'evidence.network_activity.destination_port', issue: 'Must be at most 65535' },
      { field: 'targets[1].value', issue: 'Must not be empty' },
    ]);
  });

  it('reports missing required fields and wrong types', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', { json: { confidence: 'high' } });
    expect((await errorOf(response)).details).toEqual([
      { field: 'ip_address', issue: 'Field is required' },
      { field: 'threat_type', issue: 'Field is required' },
      { field: 'confidence', issue: 'Expected number, received string' },
    ]);
  });

  it('names the whole body when it is not an object', async () => {
    const mock = createFakeMock();
    const response = await mock.send('POST', '/v1/threats', { json: [1] });
    expect((await errorOf(response)).details).toEqual([
      { field: 'body', issue: 'Expected object, received array' },
    ]);
  });

  it('parses form bodies on form routes and refuses JSON there with 415', async () => {
    const mock = createFakeMock();
    const form = await mock.send('POST', '/v1/oauth/token', {
      token: null,
      body: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    expect((await form.json()).got).toEqual({
      grant_type: 'client_credentials',
      client_id: 'a',
      client_secret: 'b',
    });

    const json = await mock.send('POST', '/v1/oauth/token', {
      token: null,
      json: { grant_type: 'client_credentials' },
    });
    expect(json.status).toBe(415);
  });
});

describe('describeJsonError', () => {
  it('names the position, line and column of the first error', () => {
    expect(describeJsonError('{"a": 1,}')).toBe(
      "Unexpected token '}', expected a property name at position 8 (line 1, column 9)",
    );
    expect(describeJsonError('[1,\n 2')).toBe(
      'Unexpected end of JSON input at position 6 (line 2, column 3)',
    );
    expect(describeJsonError('{"a" 1}')).toBe(
      "Unexpected token '1', expected ':' at position 5 (line 1, column 6)",
    );
    expect(describeJsonError('{} x')).toBe(
      'Unexpected data after the JSON value at position 3 (line 1, column 4)',
    );
  });
});
