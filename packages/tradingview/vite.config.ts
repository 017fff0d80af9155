/**
 * The browser bundle: the package and everything it uses (SDK, contracts) in one ES module, for pages that load it
 * with `<script type="module">` and no bundler (examples/tradingview). The server serves it at
 * `/tradingview/trading-pro-tradingview.js`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sourceConditions } from '../../source-conditions.ts';

export default defineConfig({
  ...sourceConditions,
  logLevel: 'warn',
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'trading-pro-tradingview.js',
    },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
