import { defineConfig } from 'vitest/config';
import { sourceConditions, spawnFromSource } from './source-conditions.ts';

spawnFromSource();

export const config = defineConfig({
  ...sourceConditions,
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Long suites (scale, soak, packaging) run with `npm run test:slow`.
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most suites wait on sockets and timers of real servers: three forks keep two cores busy (2.5 min instead of 4.5).
    maxWorkers: 3,
  },
});

export default config;
