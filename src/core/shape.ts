/**
 * Shapes: a plain-data description of a response's wire schema, enough to check a parsed body
 * and build its camelCase copy in one walk (./fast-path.ts). They are generated from the same
 * zod schemas the SDK falls back on (`src/generated/shapes.gen.ts`, written by
 * `npm run generate`), so loading them costs next to nothing: zod itself loads only when a
 * response needs its precise, tolerant check.
 *
 * @module
 */

/** The description of one wire value. */
export type Shape =
  | StringShape
  | NumberShape
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly unknown[] }
  | { readonly type: 'nullable' | 'optional'; readonly inner: Shape }
  | { readonly type: 'array'; readonly element: Shape }
  | { readonly type: 'union'; readonly options: readonly Shape[] }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  // Anything the fast path does not check itself (a record, `unknown`): it gives up.
  | { readonly type: 'other' };

/** A string, with the patterns it must match and its length bounds. */
export interface StringShape {
  readonly type: 'string';
  readonly patterns?: readonly RegExp[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An IPv6 address, which must also parse as a URL's host (as zod checks it). */
  readonly ipv6?: boolean;
  /** A URL: the URL parser must take it once trimmed (as zod checks it). */
  readonly url?: boolean;
}

/** A finite number, with its bounds; `integer` means a safe integer. */
export interface NumberShape {
  readonly type: 'number';
  readonly integer?: boolean;
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
}

/**
 * A response body's shape and the name of the zod schema that decides when the shape's fast
 * check cannot vouch for a body.
 */
export interface ResponseShape {
  readonly schema: string;
  readonly shape: Shape;
}

// The builders the generated file calls: short, so that the file stays small.

/** @internal */
export const string = (options: Omit<StringShape, 'type'> = {}): Shape => ({
  type: 'string',
  ...options,
});
/** @internal */
export const number = (options: Omit<NumberShape, 'type'> = {}): Shape => ({
  type: 'number',
  ...options,
});
/** @internal */
export const boolean = (): Shape => ({ type: 'boolean' });
/** @internal */
export const oneOf = (values: readonly unknown[]): Shape => ({ type: 'enum', values });
/** @internal */
export const nullable = (inner: Shape): Shape => ({ type: 'nullable', inner });
/** @internal */
export const optional = (inner: Shape): Shape => ({ type: 'optional', inner });
/** @internal */
export const array = (element: Shape): Shape => ({ type: 'array', element });
/** @internal */
export const union = (options: readonly Shape[]): Shape => ({ type: 'union', options });
/** @internal */
export const object = (fields: Record<string, Shape>): Shape => ({ type: 'object', fields });
/** @internal */
export const other = (): Shape => ({ type: 'other' });
/** @internal */
export const response = (schema: string, shape: Shape): ResponseShape => ({ schema, shape });
