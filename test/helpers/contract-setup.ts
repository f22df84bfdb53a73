// Loaded before every test file: when the file ends, every mock response it recorded must
// match the spec (see contract.ts).
import { afterAll } from 'vitest';
import { expectRecordedResponsesToMatchContract } from './contract.js';

afterAll(() => {
  expectRecordedResponsesToMatchContract();
});
