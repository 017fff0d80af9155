/** Security headers on every answer, and the terminal's static files: pre-compressed, index revalidated, hashed assets immutable. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../src/http/web-routes.ts';
import { startServer } from './harness.ts';
import { raw } from './raw-http.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('sends nosniff, no-referrer and a CSP that lets only the terminal itself frame it, on pages, API answers and errors', async () => {
    const server = await startServer({ server: { web: true } });
    try {
      for (const path of ['/', '/api/v1/health', '/api/v1/broker/orders/none', '/api/v1/nowhere']) {
        const { headers } = await raw(server.url, 'GET', path);
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['referrer-policy']).toBe('no-referrer');
        expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(headers['content-security-policy']).toContain("default-src 'self'");
      }
      // Refused requests carry them too.
      expect((await raw(server.url, 'GET', '/', { headers: { host: 'evil.example' } })).headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await server.close();
    }
  });
});

describe('static files', () => {
  const dist = mkdtempSync(join(tmpdir(), 'tp-static-'));
  dirs.push(dist);
  mkdirSync(join(dist, 'assets'));
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Trading Pro</title><script type="module" src="./assets/index-Ab12Cd34.js"></script>');
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js'), script);
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(script));
  writeFileSync(join(dist, 'assets/index-Ab12Cd34.js.gz'), gzipSync(script));

  async function app() {
    const fastify = Fastify();
    await fastify.register(webRoutes, { dist });
    return fastify;
  }

  it('serves the brotli or gzip copy the browser accepts, and the plain file otherwise', async () => {
    const web = await app();
    const br = await web.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    const gz = await web.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await web.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    await web.close();
  });

  it('revalidates index.html on every load and caches hashed assets for good', async () => {
    const web = await app();
    expect((await web.inject('/')).headers['cache-control']).toBe('no-cache');
    expect((await web.inject('/index.html')).headers['cache-control']).toBe('no-cache');
    const asset = await web.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br' } });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await web.close();
  });
});
