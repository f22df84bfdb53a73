// GraphQL Code Generator config: typed documents for the operations in src/graphql/operations/,
// checked against openapi/cyberfortress.graphql. `npm run generate` runs it (scripts/generate.mjs
// adds the do-not-edit header and formats the output); `npm run generate:check` fails on drift.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'openapi/cyberfortress.graphql',
  documents: 'src/graphql/operations/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      // Result and variable types of each operation (with the enums and inputs they use), and
      // each document as a plain object typed by them: nothing that imports `graphql` at runtime.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // The API's one custom scalar travels as an RFC 3339 string, as over REST.
        scalars: { DateTime: 'string' },
        strictScalars: true,
        // String unions rather than TypeScript enums: no runtime code. Enum values stay
        // GraphQL's UPPER_CASE (`'CRITICAL'`), where REST says `'critical'`.
        enumType: 'string-literal',
        skipTypename: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
