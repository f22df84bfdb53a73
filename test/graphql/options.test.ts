// The GraphQL endpoint a client derives from its options.
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/core/options.js';

const resolve = (options: Parameters<typeof resolveOptions>[0]) =>
  resolveOptions({ apiKey: 'cf_test_key', ...options });

describe('graphqlURL', () => {
  it('is the production GraphQL host for the production environment', () => {
    const options = resolve({});

    expect(options.graphqlURL).toBe('https://graphql.cyberfortress.io/v1');
    expect(options.graphqlWsURL).toBe('wss://graphql.cyberfortress.io/v1');
  });

  it('is /graphql on the origin of any other base URL', () => {
    expect(resolve({ baseURL: 'http://127.0.0.1:4010/v1' })).toMatchObject({
      graphqlURL: 'http://127.0.0.1:4010/graphql',
      graphqlWsURL: 'ws://127.0.0.1:4010/graphql',
    });
    expect(resolve({ environment: 'staging' })).toMatchObject({
      graphqlURL: 'https://api-staging.cyberfortress.io/graphql',
      graphqlWsURL: 'wss://api-staging.cyberfortress.io/graphql',
    });
  });

  it('takes an explicit URL over the derived one', () => {
    expect(
      resolve({ baseURL: 'http://127.0.0.1:4010/v1', graphqlURL: 'https://gql.example.com/v1' }),
    ).toMatchObject({
      graphqlURL: 'https://gql.example.com/v1',
      graphqlWsURL: 'wss://gql.example.com/v1',
    });
  });

  it('refuses a URL that is not absolute http(s), naming the option', () => {
    expect(() => resolve({ graphqlURL: '/graphql' })).toThrow(TypeError);
    expect(() => resolve({ graphqlURL: 'ws://127.0.0.1:4010/graphql' })).toThrow(
      /`graphqlURL` option must be an absolute http:\/\/ or https:\/\/ URL/,
    );
  });
});
