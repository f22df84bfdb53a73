/**
 * Readers of the API's error envelope (`{ error: { code, message, details, … } }`), tolerant of
 * anything, since error bodies also come from proxies and load balancers.
 *
 * @internal
 * @module
 */

/** One field-level problem, named by its wire path (`targets[1].value`, `limit`). @category Errors */
export interface ErrorDetail {
  /** The offending field by its wire path, such as `targets[1].value` or `limit`. */
  field: string;
  /** What is wrong with it, in words. */
  issue: string;
}

/** The code a status stands for when the body has none (a proxy's HTML 502, say). */
export const CODE_BY_STATUS: Record<number, string | undefined> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

export function envelopeOf(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)
    : undefined;
}

export function stringField(
  envelope: Record<string, unknown> | undefined,
  key: string,
): string | undefined {
  const value = envelope?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(
  envelope: Record<string, unknown> | undefined,
  key: string,
): number | undefined {
  const value = envelope?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function detailsOf(
  envelope: Record<string, unknown> | undefined,
): ErrorDetail[] | undefined {
  const details = envelope?.details;
  if (!Array.isArray(details)) return undefined;
  return details.filter(
    (item): item is ErrorDetail =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.field === 'string' &&
      typeof item.issue === 'string',
  );
}
