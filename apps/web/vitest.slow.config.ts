/** The full browser set (npm run test:slow): every viewport, axe-core runs, chart drags, hotkeys, outages; Chromium against the real server. */
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { sourceConditions, spawnFromSource } from '../../source-conditions.ts';

spawnFromSource();

export default defineConfig({
  ...sourceConditions,
  plugins: [vue()],
  test: {
    name: 'e2e-slow',
    environment: 'node',
    include: ['test/e2e-slow/**/*.test.ts'],
    globalSetup: ['test/e2e/build-once.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
