/**
 * The body step: media type, size, JSON or form parsing and schema validation, all before the
 * handler runs, so a refused body never reaches the domain and changes no state.
 */

import { ApiError } from './errors.js';
import type { MockRequest } from './exchange.js';
import { describeJsonError } from './json-error.js';
import type { RouteDefinition } from './types.js';
import { validateBody } from './validate.js';

const DECODER = new TextDecoder('utf-8', { fatal: true });

export function payloadTooLarge(): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', 'Request body exceeds the 1 MiB limit');
}

/** The media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

function decodeText(bytes: Uint8Array): string {
  try {
    return DECODER.decode(bytes);
  } catch {
    throw ApiError.invalid(
      [{ field: 'body', issue: 'Body is not valid UTF-8' }],
      'Malformed request body',
    );
  }
}

/** Parses JSON text, naming the position of a syntax error. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const where = describeJsonError(text);
    throw ApiError.invalid([{ field: 'body', issue: where }], `Malformed JSON body: ${where}`);
  }
}

function requireBody(): ApiError {
  return ApiError.invalid(
    [{ field: 'body', issue: 'Field is required' }],
    'A request body is required',
  );
}

/** How a route takes its body: its own `accepts`, else JSON for POST, PUT and PATCH. */
export function bodyKind(route: RouteDefinition): 'json' | 'form' | 'none' {
  if (route.accepts) return route.accepts;
  return route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH'
    ? 'json'
    : 'none';
}

/**
 * Parses and validates the body of `request` for `route`.
 * @returns the value handed to the handler as `context.body` (`undefined` when there is none)
 * @throws ApiError 400, 413 or 415
 */
export function readRouteBody(route: RouteDefinition, request: MockRequest): unknown {
  if (request.bodyTooLarge) throw payloadTooLarge();

  const kind = bodyKind(route);
  if (kind === 'none') return undefined;

  const bytes = request.body;
  const type = mediaType(request.header('content-type'));
  let value: unknown;
  if (kind === 'json') {
    if (bytes && type !== 'application/json') {
      throw new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json, not '${type || 'none'}'`,
      );
    }

    if (!bytes) {
      if (route.body) throw requireBody();
      return undefined;
    }

    value = parseJsonText(decodeText(bytes));
  } else {
    if (!bytes) throw requireBody();
    if (type !== 'application/x-www-form-urlencoded') {
      throw new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/x-www-form-urlencoded, not '${type || 'none'}'`,
      );
    }

    value = Object.fromEntries(new URLSearchParams(decodeText(bytes)));
  }

  return route.body ? validateBody(route.body, value) : value;
}
