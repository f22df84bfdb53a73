// A typedoc plugin (loaded by typedoc.json) that makes the reference show the SDK's camelCase
// types as a reader expects them:
//
// 1. Properties renamed by `Camelize<T>` keep the description of the wire property they come
//    from. TypeScript drops the declarations of properties that a mapped type renames with an
//    `as` clause, so without this every field of `Threat`, `ThreatDetail`… would be
//    undocumented. The link back to the wire property is TypeScript's internal
//    `symbol.links.syntheticOrigin`; if a TypeScript release renames it, the typedoc run fails
//    on undocumented properties (it does not pass silently), and this file needs updating.
// 2. Types from src/generated/ are not part of the reference (they are the wire's snake_case
//    shapes, reachable only through the SDK's own names): a reference to one, such as the
//    enum-like `ResponseAction` inside `Threat`, is shown inline as its definition.
// 3. Each entry point is titled by the import path that reaches it (`@cyberfortress/sdk/webhooks`)
//    rather than its folder.
// 4. A declared type that names an exported alias (`PagePromise<Threat>`) is shown as written,
//    linking to `Threat`, instead of the anonymous object TypeScript resolves it to.
// 5. An alias tagged `@useDeclaredType` whose type is `keyof` an unexported interface
//    (`KnownWebhookEventName = keyof WireEventData`) is shown as the union of its names:
//    TypeScript remembers such a union as `keyof WireEventData`, which typedoc would print.
import ts from 'typescript';
import { Context, Converter, ReflectionKind, UnionType } from 'typedoc';

/** The import path of each entry point of typedoc.json, by the name typedoc gives its module. */
const IMPORT_PATHS = {
  src: '@cyberfortress/sdk',
  'src/webhooks': '@cyberfortress/sdk/webhooks',
  'mock-server': '@cyberfortress/sdk/mock',
  'mock-server/msw-entry': '@cyberfortress/sdk/mock/msw',
};

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.comment || !reflection.kindOf(ReflectionKind.Property)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const origin = symbol?.links?.syntheticOrigin ?? symbol;
    if (!origin || !isGenerated(origin)) return;
    reflection.comment =
      context.getComment(origin, reflection.kind) ?? commentOfPropertyType(context, origin);
  });

  const shouldInline = Context.prototype.shouldInline;
  Context.prototype.shouldInline = function (symbol, name) {
    if (shouldInline.call(this, symbol, name)) return true;
    const target = this.resolveAliasedSymbol(symbol);
    if (!isGenerated(target)) return false;

    // A primitive alias (`IpAddress = string`) would be inlined as the members of `String`: it
    // stays a name, listed in typedoc.json's `intentionallyNotExported`.
    const type = this.checker.getDeclaredTypeOfSymbol(target);
    return type.isUnion() || type.isLiteral() || (type.flags & ts.TypeFlags.Object) !== 0;
  };

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      module.name = IMPORT_PATHS[module.name] ?? module.name;
    }
  });

  const convertType = app.converter.convertType.bind(app.converter);
  app.converter.convertType = (context, typeOrNode, maybeNode) => {
    // `@useDeclaredType` converts the alias's type without a node, with the alias as scope.
    if (
      typeOrNode &&
      !('kind' in typeOrNode) &&
      !maybeNode &&
      context.scope.kindOf(ReflectionKind.TypeAlias) &&
      typeOrNode.isUnion() &&
      typeOrNode.origin &&
      (typeOrNode.origin.flags & ts.TypeFlags.Index) !== 0
    ) {
      return new UnionType(typeOrNode.types.map((member) => convertType(context, member)));
    }
    // Only when the written type is the resolved one (an optional parameter adds `undefined`):
    // an inherited member of a generic class is written `T` but resolves to its instantiation,
    // which must win.
    const asWritten =
      typeOrNode &&
      !('kind' in typeOrNode) &&
      maybeNode &&
      ts.isTypeReferenceNode(maybeNode) &&
      context.checker.getTypeFromTypeNode(maybeNode) ===
        context.checker.getNonNullableType(typeOrNode);
    return asWritten
      ? convertType(context, maybeNode)
      : convertType(context, typeOrNode, maybeNode);
  };
}

/** @param {ts.Symbol} symbol */
function isGenerated(symbol) {
  const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
  return file.includes('/src/generated/');
}

/**
 * A wire property written as a reference to a described type (`ip_address: IpAddress`) takes
 * that type's description, the spec's description of the referenced schema.
 *
 * @param {import('typedoc').Context} context
 * @param {ts.Symbol} property
 */
function commentOfPropertyType(context, property) {
  const declaration = property.declarations?.[0];
  if (!declaration || !ts.isPropertySignature(declaration) || !declaration.type) return undefined;
  const written = ts.isUnionTypeNode(declaration.type)
    ? declaration.type.types.find(ts.isTypeReferenceNode)
    : declaration.type;
  if (!written || !ts.isTypeReferenceNode(written)) return undefined;
  const target = context.checker.getSymbolAtLocation(written.typeName);
  return target ? context.getComment(target, ReflectionKind.TypeAlias) : undefined;
}
