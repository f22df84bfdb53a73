// Adds a doc comment to every property of the generated GraphQL types that has none: the
// operation result types, their variables and the input types. The code generator documents
// schema types but not the fields an operation selects; the API reference documents every
// property, so each one gets its schema field's description, else the description of the
// field's type, else a sentence naming the field. Used by scripts/generate.mjs.
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import ts from 'typescript';

/**
 * @param {string} code the generated module
 * @param {string} schemaText the SDL the module was generated from
 * @returns {string} the module with the missing comments added
 */
export function addFieldDocs(code, schemaText) {
  const schema = buildSchema(schemaText);
  const roots = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  };
  const file = ts.createSourceFile('graphql.ts', code, ts.ScriptTarget.Latest, true);
  /** @type {[number, string][]} */
  const inserts = [];

  /** @param {ts.TypeNode} node @param {import('graphql').GraphQLNamedType | undefined} type */
  function walk(node, type) {
    if (ts.isUnionTypeNode(node)) return node.types.forEach((member) => walk(member, type));
    if (ts.isParenthesizedTypeNode(node)) return walk(node.type, type);
    if (ts.isArrayTypeNode(node)) return walk(node.elementType, type);
    if (ts.isTypeReferenceNode(node)) return node.typeArguments?.forEach((arg) => walk(arg, type));
    if (!ts.isTypeLiteralNode(node)) return;

    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText(file);
      const field =
        type && (isObjectType(type) || isInputObjectType(type))
          ? type.getFields()[name]
          : undefined;
      const named = field ? getNamedType(field.type) : undefined;
      if (ts.getJSDocCommentsAndTags(member).length === 0) {
        const ownType = named && !isSpecifiedScalarType(named) ? named.description : undefined;
        const text = type
          ? (field?.description ?? ownType ?? `The \`${name}\` field of \`${type.name}\`.`)
          : `The \`$${name}\` variable.`;
        inserts.push([
          member.getStart(file),
          // On a line of its own, so that the formatter keeps it before the property it documents.
          `\n/** ${text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')} */\n`,
        ]);
      }

      if (named) walk(member.type, named);
    }
  }

  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const name = statement.name.text;
    const schemaType = schema.getType(name);
    if (name.endsWith('Variables')) walk(statement.type, undefined);
    else if (isInputObjectType(schemaType)) walk(statement.type, schemaType);
    else {
      const root = /(Query|Mutation|Subscription)$/.exec(name)?.[1];
      if (root) walk(statement.type, roots[root] ?? undefined);
    }
  }

  let result = code;
  for (const [position, text] of inserts.sort((a, b) => b[0] - a[0])) {
    result = result.slice(0, position) + text + result.slice(position);
  }

  return result;
}
