/** Web tests: component specs in happy-dom, end-to-end specs in Chromium against the real server (built once in global setup). */
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { sourceConditions, spawnFromSource } from '../../source-conditions.ts';

spawnFromSource();

export default defineConfig({
  ...sourceConditions,
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'components',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/build-once.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
