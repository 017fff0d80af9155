/** Global setup of the end-to-end specs: builds the terminal into dist/ once, so they test the current source. */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // Vitest sets NODE_ENV=test, which would make Vite bundle Vue's development build; test what ships.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: `${root}vite.config.ts`, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
