/** `npm run test:slow`: the long suites (clients by the hundred, big journals) kept out of `npm test`. */
import { defineConfig } from 'vitest/config';
import { sourceConditions, spawnFromSource } from './source-conditions.ts';

spawnFromSource();

export default defineConfig({
  ...sourceConditions,
  test: {
    include: ['packages/*/test/**/*.slow.test.ts', 'test/**/*.slow.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
