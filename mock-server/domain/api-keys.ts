/**
 * API keys: shown once at creation, stored only as a SHA-256 digest, listed by prefix, and
 * checked for expiry (on the mock clock), revocation and the caller's address.
 */

import { createHash } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import type { Principal } from '../http/types.js';
import { toIso } from './clock.js';
import { newId, type DomainContext } from './context.js';
import { cidrContains, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from './ip.js';
import { ALL_SCOPES, hasScope, isScope } from './scopes.js';
import { isRecord, isStringOf, parseDateTime, Problems, refuseUnknown } from './validation.js';
import type {
  ApiKey,
  ApiKeyCreated,
  ApiKeyEnvironment,
  ApiKeyList,
  CreateApiKeyRequest,
  Scope,
} from './wire.js';

const KEY_FORMAT = /^cf_(live|test)_[0-9A-Za-z]{24}$/;

interface KeyRecord {
  keyId: string;
  name: string;
  prefix: string;
  permissions: Scope[];
  environment: ApiKeyEnvironment;
  ipWhitelist: string[];
  allowed: (ParsedIp | ParsedCidr)[];
  createdMs: number;
  expiresMs: number | null;
  lastUsedMs: number | null;
  revokedMs: number | null;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function parseAllowed(entry: unknown): ParsedIp | ParsedCidr | string {
  if (typeof entry === 'string' && entry.includes('/')) {
    return parseCidr(entry);
  }

  return parseIp(entry) ?? 'Must be an IP address or a CIDR range';
}

/** The API keys of one backend. */
export class ApiKeys {
  readonly #byDigest = new Map<string, KeyRecord>();
  readonly #byId = new Map<string, KeyRecord>();

  constructor(private readonly context: DomainContext) {}

  /** Stores a key whose secret is known in advance (the seeded test key, the CLI's keys). */
  addKnown(
    secret: string,
    name: string,
    permissions: readonly Scope[],
    environment: ApiKeyEnvironment = 'test',
  ): void {
    const keyId = `key_${digest(`id:${secret}`).slice(0, 12)}`;
    this.#store(secret, {
      keyId,
      name,
      prefix: secret.slice(0, 12),
      permissions: [...permissions],
      environment,
      ipWhitelist: [],
      allowed: [],
      createdMs: this.context.clock.start,
      expiresMs: null,
      lastUsedMs: null,
      revokedMs: null,
    });
  }

  /** Whether `token` looks like one of our keys (as opposed to an OAuth token). */
  owns(token: string): boolean {
    return (
      this.#byDigest.has(digest(token)) ||
      token.startsWith('cf_live_') ||
      token.startsWith('cf_test_')
    );
  }

  /**
   * @throws ApiError UNAUTHORIZED (malformed, unknown, expired, revoked) or FORBIDDEN (address
   * not in the key's whitelist)
   */
  authenticate(token: string, clientIp: string): Principal {
    const record = this.#byDigest.get(digest(token));

    if (!record) {
      throw new ApiError(
        'UNAUTHORIZED',
        KEY_FORMAT.test(token) ? 'Unknown API key' : 'Malformed API key',
      );
    }

    const now = this.context.clock.now();
    const status = this.#status(record, now);

    if (status === 'revoked') {
      throw new ApiError('UNAUTHORIZED', 'API key revoked');
    }

    if (status === 'expired') {
      throw new ApiError('UNAUTHORIZED', 'API key expired');
    }

    if (record.allowed.length > 0) {
      const ip = parseIp(clientIp);
      const allowed =
        ip !== undefined &&
        record.allowed.some((entry) =>
          'prefix' in entry
            ? cidrContains(entry, ip)
            : entry.version === ip.version && entry.value === ip.value,
        );

      if (!allowed) {
        throw new ApiError('FORBIDDEN', 'This API key is not allowed from the client IP address');
      }
    }

    record.lastUsedMs = now;
    return { id: record.keyId, kind: 'api_key', scopes: record.permissions };
  }

  /**
   * Creates a key; its secret appears only in this result.
   *
   * @throws ApiError INVALID_REQUEST for a wrong field, FORBIDDEN for a permission the caller lacks
   */
  create(principal: Principal, input: unknown): ApiKeyCreated {
    const problems = new Problems();
    const body = isRecord(input) ? input : {};

    if (!isRecord(input)) {
      problems.add('body', 'Must be a JSON object');
    }

    refuseUnknown(problems, body, [
      'name',
      'permissions',
      'expires_at',
      'ip_whitelist',
      'environment',
    ]);

    if (!isStringOf(body.name, 1, 100)) {
      problems.add('name', 'Must be a string of 1 to 100 characters');
    }

    if (!Array.isArray(body.permissions) || body.permissions.length === 0) {
      problems.add('permissions', 'Must be a non-empty array of scopes');
    } else {
      body.permissions.forEach((scope: unknown, index: number) => {
        if (!isScope(scope)) {
          problems.add(`permissions[${index}]`, `Must be one of ${ALL_SCOPES.join(', ')}`);
        }
      });
    }

    const now = this.context.clock.now();
    const expiresMs = body.expires_at === undefined ? null : parseDateTime(body.expires_at);

    if (expiresMs === undefined) {
      problems.add('expires_at', 'Must be an RFC 3339 date-time');
    } else if (expiresMs !== null && expiresMs <= now) {
      problems.add('expires_at', 'Must be in the future');
    }

    const allowed: (ParsedIp | ParsedCidr)[] = [];

    if (
      body.ip_whitelist !== undefined &&
      (!Array.isArray(body.ip_whitelist) || body.ip_whitelist.length > 50)
    ) {
      problems.add('ip_whitelist', 'Must be an array of at most 50 addresses or ranges');
    } else {
      ((body.ip_whitelist as unknown[] | undefined) ?? []).forEach((entry, index) => {
        const parsed = parseAllowed(entry);

        if (typeof parsed === 'string') {
          problems.add(`ip_whitelist[${index}]`, parsed);
        } else {
          allowed.push(parsed);
        }
      });
    }

    if (
      body.environment !== undefined &&
      body.environment !== 'live' &&
      body.environment !== 'test'
    ) {
      problems.add('environment', 'Must be live or test');
    }

    problems.throwIfAny('The request body is invalid');
    const expires = expiresMs ?? null;
    const request = body as unknown as CreateApiKeyRequest;
    const permissions = [...new Set(request.permissions)];
    const missing = permissions.filter((scope) => !hasScope(principal.scopes, scope));

    if (missing.length > 0) {
      throw new ApiError(
        'FORBIDDEN',
        `Cannot grant permissions the calling credential lacks: ${missing.join(', ')}`,
        {
          extra: { required_scope: missing[0] },
          details: missing.map((scope) => ({
            field: `permissions[${permissions.indexOf(scope)}]`,
            issue: `The caller does not hold ${scope}`,
          })),
        },
      );
    }

    const environment = request.environment ?? 'live';
    const { random } = this.context;
    const secret = `cf_${environment}_${random.base62(24)}`;
    const record: KeyRecord = {
      keyId: newId(random, 'key', 12, 'hex', (id) => this.#byId.has(id)),
      name: request.name,
      prefix: secret.slice(0, 12),
      permissions,
      environment,
      ipWhitelist: allowed.map((entry) => entry.text),
      allowed,
      createdMs: now,
      expiresMs: expires,
      lastUsedMs: null,
      revokedMs: null,
    };
    this.#store(secret, record);
    return {
      api_key: secret,
      key_id: record.keyId,
      name: record.name,
      permissions: [...permissions],
      environment,
      ip_whitelist: [...record.ipWhitelist],
      created_at: toIso(now),
      expires_at: expires === null ? null : toIso(expires),
    };
  }

  /** Every key, newest first. */
  list(query: { limit: number; offset: number }): ApiKeyList {
    const now = this.context.clock.now();
    const all = [...this.#byId.values()].reverse();
    const data = all
      .slice(query.offset, query.offset + query.limit)
      .map((record) => this.#toWire(record, now));
    return {
      data,
      pagination: {
        total: all.length,
        limit: query.limit,
        offset: query.offset,
        has_more: query.offset + data.length < all.length,
      },
    };
  }

  /** @throws ApiError NOT_FOUND, or CONFLICT when already revoked */
  revoke(id: string): ApiKey {
    const record = this.#byId.get(id);

    if (!record) {
      throw ApiError.notFound('API key', id);
    }

    if (record.revokedMs !== null) {
      throw new ApiError('CONFLICT', `API key ${id} is already revoked`);
    }

    const now = this.context.clock.now();
    record.revokedMs = now;
    return this.#toWire(record, now);
  }

  #store(secret: string, record: KeyRecord): void {
    this.#byDigest.set(digest(secret), record);
    this.#byId.set(record.keyId, record);
  }

  #status(record: KeyRecord, now: number): ApiKey['status'] {
    if (record.revokedMs !== null) {
      return 'revoked';
    }

    return record.expiresMs !== null && now >= record.expiresMs ? 'expired' : 'active';
  }

  #toWire(record: KeyRecord, now: number): ApiKey {
    const iso = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
    return {
      key_id: record.keyId,
      name: record.name,
      prefix: record.prefix,
      permissions: [...record.permissions],
      environment: record.environment,
      ip_whitelist: [...record.ipWhitelist],
      status: this.#status(record, now),
      created_at: toIso(record.createdMs),
      expires_at: iso(record.expiresMs),
      last_used_at: iso(record.lastUsedMs),
      revoked_at: iso(record.revokedMs),
    };
  }
}
