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

export async function webRoutes(app: FastifyInstance, options: { dist?: string } = {}): Promise<void> {
  const dist = options.dist ?? WEB_DIST;
  if (existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: '1h', immutable: false });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(NOT_BUILT));
}
