/** Vite build of the terminal into dist/ (served by the server at `/`), with a dev proxy to a local server. */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { precompress } from './scripts/precompress.ts';
import { sourceConditions } from '../../source-conditions.ts';

const backend = process.env.TRADING_PRO_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  ...sourceConditions,
  plugins: [vue(), precompress(fileURLToPath(new URL('./dist', import.meta.url)))],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false, ws: true },
    },
  },
});
