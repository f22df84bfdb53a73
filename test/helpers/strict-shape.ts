// Finds fields in a value that a zod schema does not declare. The generated schemas strip
// unknown keys (clients must tolerate a growing API), so the contract test needs this to catch
// a mock that sends fields the spec lacks.
import * as z from 'zod';

type AnySchema = z.core.$ZodType;

function def(schema: AnySchema): any {
  return (schema as any)._zod.def;
}

/** Wire paths of every key present in `value` but unknown to `schema`, as `data[0].extra`. */
export function unknownFields(schema: AnySchema, value: unknown, path = ''): string[] {
  const d = def(schema);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return value === null || value === undefined ? [] : unknownFields(d.innerType, value, path);
    case 'lazy':
      return unknownFields(d.getter(), value, path);
    case 'pipe':
      return unknownFields(d.in, value, path);
    case 'object': {
      if (typeof value !== 'object' || value === null) return [];
      const shape = d.shape as Record<string, AnySchema>;
      const found: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        const child = shape[key];
        const at = path ? `${path}.${key}` : key;
        if (!child) {
          if (!d.catchall) found.push(at);
          continue;
        }

        found.push(...unknownFields(child, item, at));
      }

      return found;
    }

    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => unknownFields(d.element, item, `${path}[${index}]`))
        : [];
    case 'record':
      return typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, item]) =>
            unknownFields(d.valueType, item, path ? `${path}.${key}` : key),
          )
        : [];
    case 'union': {
      // The value is fine if any option that accepts it also knows all of its fields.
      const accepting = (d.options as AnySchema[]).filter(
        (option) => z.safeParse(option, value).success,
      );
      if (accepting.length === 0) return [];
      const results = accepting.map((option) => unknownFields(option, value, path));
      return results.find((result) => result.length === 0) ?? results[0]!;
    }

    case 'intersection': {
      // A field is unknown only when neither side declares it.
      const right = new Set(unknownFields(d.right, value, path));
      return unknownFields(d.left, value, path).filter((field) => right.has(field));
    }
    default:
      return [];
  }
}
