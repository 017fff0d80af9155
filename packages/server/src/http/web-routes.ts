/** Serves the built web terminal (apps/web/dist) at `/`, or a page saying how to build it. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../apps/web/dist');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trading Pro</title></head>
<body style="font-family:system-ui;background:#0f1115;color:#d6d9e0;padding:3rem">
<h1>Trading Pro</h1><p>The API is running at <a style="color:#6ea8fe" href="/api/v1/health">/api/v1</a>,
but the web terminal has not been built. Run <code>npm install</code> (it builds the terminal) or <code>npm run build -w @trading-pro/web</code>, then restart.</p>
</body></html>`;

/** index.html is checked on every load (it names the current bundle); hashed assets never change. */
export function cacheControlOf(path: string): string {
  const file = path.replace(/\.(?:br|gz)$/, '');
  // Vite writes only content-hashed files to assets/.
  if (/[\\/]assets[\\/][^\\/]+$/.test(file)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

export async function webRoutes(app: FastifyInstance, options: { dist?: string } = {}): Promise<void> {
  const dist = options.dist ?? WEB_DIST;
  if (existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: ['index.html'],
      // The build writes .br and .gz beside each text asset; the one the browser accepts is sent as is.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => void reply.header('cache-control', cacheControlOf(path)),
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(NOT_BUILT));
}
