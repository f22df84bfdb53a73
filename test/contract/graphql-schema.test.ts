import { readFileSync } from 'node:fs';
import {
  assertValidSchema,
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  Kind,
  parse,
  print,
  validate,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { describe, it, expect } from 'vitest';
import * as reference from '../fixtures/graphql-documents.js';

const schemaSource = readFileSync(
  new URL('../../openapi/cyberfortress.graphql', import.meta.url),
  'utf8',
);
const schema = buildSchema(schemaSource);

// The reference's three example documents ("GraphQL Examples"), as the reference writes them.
const getHighRiskThreats = reference.getHighRiskThreats;
const blockMaliciousIp = reference.blockMaliciousIP;
const monitorCriticalThreats = reference.monitorCriticalThreats;

// The reference's schema sketch (its root types), copied with trailing spaces removed. The schema
// must keep these fields exactly: same names, arguments, argument types and nullability.
const referenceRootTypes = `type Query {
  # Threat queries
  threats(
    filter: ThreatFilter
    pagination: PaginationInput
    sort: SortInput
  ): ThreatConnection!

  threat(id: ID!): Threat

  # Monitoring queries
  monitoringStatus: MonitoringStatus!

  systemMetrics(
    timeRange: TimeRangeInput!
  ): Metrics!

  # Crypto queries
  cryptoThreats(
    chain: BlockchainType!
    address: String
  ): [CryptoThreat!]!

  # Evidence queries
  evidence(threatId: ID!): [Evidence!]!
}

type Mutation {
  # Monitoring control
  setMonitoringMode(
    mode: MonitoringMode!
    options: MonitoringOptions
  ): MonitoringStatus!

  # Threat management
  updateThreatStatus(
    id: ID!
    status: ThreatStatus!
    notes: String
  ): Threat!

  # Network control
  blockIP(
    ip: String!
    duration: String
    reason: String!
  ): BlockResult!

  # Process control
  quarantineProcess(
    processId: Int!
    collectDump: Boolean
  ): QuarantineResult!

  # Crypto operations
  scanSmartContract(
    chain: BlockchainType!
    address: String!
  ): ContractAnalysis!

  scanTransaction(
    chain: BlockchainType!
    txHash: String!
  ): TransactionAnalysis!
}

type Subscription {
  threatDetected(
    severity: [ThreatSeverity!]
  ): Threat!

  criticalAlert: Alert!

  cryptoAlert(
    chains: [BlockchainType!]
  ): CryptoAlert!

  systemMetrics: Metrics!
}
`;

/** Validation error messages for one document against the schema. */
function validationErrors(source: string): string[] {
  return validate(schema, parse(source)).map((error) => error.message);
}

/** A field as `name(arg: Type, ...): Type`, from the built schema. */
function schemaFieldSignatures(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields()).map((field) => {
    const args = field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).join(', ');
    return `${field.name}(${args}): ${String(field.type)}`;
  });
}

/** The same signatures, from the reference sketch's syntax tree. */
function referenceFieldSignatures(typeName: string): string[] {
  const definition = parse(referenceRootTypes).definitions.find(
    (node) => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === typeName,
  );
  if (definition?.kind !== Kind.OBJECT_TYPE_DEFINITION) {
    throw new Error(`The reference sketch has no type ${typeName}`);
  }

  return (definition.fields ?? []).map((field) => {
    const args = (field.arguments ?? [])
      .map((arg) => `${arg.name.value}: ${print(arg.type)}`)
      .join(', ');
    return `${field.name.value}(${args}): ${print(field.type)}`;
  });
}

function kindOf(type: GraphQLNamedType | undefined): string {
  if (type === undefined) return 'missing';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isObjectType(type)) return 'object';
  if (isScalarType(type)) return 'scalar';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  return 'unknown';
}

function enumValues(name: string): string[] {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`${name} is not an enum`);
  return type.getValues().map((value) => value.name);
}

describe('openapi/cyberfortress.graphql', () => {
  it('is a valid schema', () => {
    expect(() => assertValidSchema(schema)).not.toThrow();
  });

  describe('reference documents', () => {
    it.each([
      ['GetHighRiskThreats', getHighRiskThreats],
      ['BlockMaliciousIP', blockMaliciousIp],
      ['MonitorCriticalThreats', monitorCriticalThreats],
    ])('validates %s with no errors', (_name, document) => {
      expect(validationErrors(document)).toEqual([]);
    });

    it('are the SDK ready-made operations, unchanged (src/graphql/operations/reference.graphql)', () => {
      const operations = parse(
        readFileSync(
          new URL('../../src/graphql/operations/reference.graphql', import.meta.url),
          'utf8',
        ),
      );
      const printed = operations.definitions.map((definition) =>
        print({ kind: Kind.DOCUMENT, definitions: [definition] }),
      );
      expect(printed).toEqual(
        [getHighRiskThreats, blockMaliciousIp, monitorCriticalThreats].map((text) =>
          print(parse(text)),
        ),
      );
    });
  });

  describe('invalid documents', () => {
    it('rejects an unknown field', () => {
      const errors = validationErrors('query { threat(id: "threat_7h8i9j0k") { id colour } }');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain('colour');
    });

    it('rejects an unknown enum value', () => {
      const errors = validationErrors(
        'query { threats(filter: { severity: [SUPER] }) { pageInfo { totalCount } } }',
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain('SUPER');
    });

    it('rejects a lowercase enum value spelled as on the REST wire', () => {
      const errors = validationErrors(
        'query { threats(filter: { status: [active] }) { pageInfo { totalCount } } }',
      );
      expect(errors.length).toBeGreaterThan(0);
    });

    it('rejects a missing required argument', () => {
      const errors = validationErrors('mutation { blockIP(ip: "203.0.113.42") { success } }');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain('reason');
    });

    it('rejects an argument of the wrong type', () => {
      const errors = validationErrors(
        'mutation { quarantineProcess(processId: "4532") { quarantineId } }',
      );
      expect(errors.length).toBeGreaterThan(0);
    });

    it('rejects an unknown input field', () => {
      const errors = validationErrors(
        'query { threats(filter: { region: "EU" }) { pageInfo { totalCount } } }',
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain('region');
    });
  });

  describe('root types', () => {
    it.each(['Query', 'Mutation', 'Subscription'])(
      'declares %s exactly as the reference sketch',
      (typeName) => {
        const type = schema.getType(typeName);
        if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
        expect(schemaFieldSignatures(type)).toEqual(referenceFieldSignatures(typeName));
      },
    );
  });

  describe('named types', () => {
    it.each([
      ['ThreatFilter', 'input'],
      ['PaginationInput', 'input'],
      ['SortInput', 'input'],
      ['ThreatConnection', 'object'],
      ['Threat', 'object'],
      ['MonitoringStatus', 'object'],
      ['Metrics', 'object'],
      ['TimeRangeInput', 'input'],
      ['CryptoThreat', 'object'],
      ['BlockchainType', 'enum'],
      ['Evidence', 'object'],
      ['MonitoringMode', 'enum'],
      ['MonitoringOptions', 'input'],
      ['ThreatStatus', 'enum'],
      ['ThreatSeverity', 'enum'],
      ['BlockResult', 'object'],
      ['QuarantineResult', 'object'],
      ['ContractAnalysis', 'object'],
      ['TransactionAnalysis', 'object'],
      ['Alert', 'object'],
      ['CryptoAlert', 'object'],
      ['DateTime', 'scalar'],
    ])('defines %s as %s', (name, kind) => {
      expect(kindOf(schema.getType(name))).toBe(kind);
    });

    it('gives every type a description', () => {
      const undocumented = Object.values(schema.getTypeMap())
        .filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type))
        .filter((type) => !type.description)
        .map((type) => type.name);
      expect(undocumented).toEqual([]);
    });

    it('spells enum values in SCREAMING_CASE', () => {
      const offending = Object.values(schema.getTypeMap())
        .filter((type) => !type.name.startsWith('__') && isEnumType(type))
        .flatMap((type) => (isEnumType(type) ? type.getValues() : []))
        .map((value) => value.name)
        .filter((name) => !/^[A-Z][A-Z0-9_]*$/.test(name));
      expect(offending).toEqual([]);
    });

    it('pins the enums the reference and the wire model name', () => {
      expect(enumValues('ThreatSeverity')).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
      expect(enumValues('ThreatStatus')).toEqual([
        'ACTIVE',
        'INVESTIGATING',
        'MITIGATED',
        'FALSE_POSITIVE',
      ]);
      expect(enumValues('MonitoringMode')).toEqual([
        'STANDARD',
        'DEEP_SCAN',
        'PERSONAL',
        'ENTERPRISE',
        'ML_MODE',
        'AUTO_RESPONSE',
      ]);
      expect(enumValues('BlockchainType')).toEqual([
        'ETHEREUM',
        'BITCOIN',
        'POLYGON',
        'BSC',
        'ARBITRUM',
        'OPTIMISM',
        'AVALANCHE',
        'SOLANA',
      ]);
      expect(enumValues('ThreatSortField')).toEqual(['THREAT_SCORE', 'DETECTED_AT', 'SEVERITY']);
      expect(enumValues('SortOrder')).toEqual(['ASC', 'DESC']);
    });

    it('defaults pagination to 20 from offset 0 and sorting to DESC', () => {
      const pagination = schema.getType('PaginationInput');
      const sort = schema.getType('SortInput');
      if (!isInputObjectType(pagination) || !isInputObjectType(sort)) {
        throw new Error('PaginationInput and SortInput must be input types');
      }

      expect(pagination.getFields().limit?.defaultValue).toBe(20);
      expect(pagination.getFields().offset?.defaultValue).toBe(0);
      expect(sort.getFields().order?.defaultValue).toBe('DESC');
    });
  });
});
