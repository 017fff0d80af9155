/**
 * Serves the TradingView example (examples/tradingview) at `/tradingview/` once the user has put TradingView's licensed
 * `charting_library/` in it, with the adapters' browser bundle beside it; until then a 404 page saying where it goes.
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TRADINGVIEW_EXAMPLE = join(ROOT, 'examples/tradingview');
export const TRADINGVIEW_BUNDLE = join(ROOT, 'packages/tradingview/dist/browser/trading-pro-tradingview.js');
export const TRADINGVIEW_BUNDLE_PATH = '/tradingview/trading-pro-tradingview.js';

/**
 * The library renders its chart in an iframe whose page it builds as a `blob:` URL (or writes into `about:blank`),
 * with inline scripts and styles, loading its bundles from `charting_library/`; that page inherits this policy. So,
 * for `/tradingview/` only: inline scripts, `blob:` frames and workers. Everything still comes from this origin.
 */
export const TRADINGVIEW_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:system-ui;background:#0f1115;color:#d6d9e0;padding:3rem;max-width:48rem">
<h1>${title}</h1>${body}
</body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `dir` as configured (the repository's `examples/tradingview` by default), not where this server's files live. */
export function missingLibraryPage(dir: string): string {
  return page(
    'TradingView library not installed',
    `<p>This page embeds TradingView's Charting Library or Trading Platform, which is licensed by TradingView and not part of Trading Pro.</p>
<p>Copy the <code>charting_library/</code> folder of your licensed copy to <code>${escapeHtml(`${dir.replace(/[\\/]+$/, '')}/charting_library/`)}</code>, then reload this page.
The walkthrough is in <code>docs/tradingview.md</code>.</p>
<p>The UDF datafeed for TradingView's own adapter is served at <a style="color:#6ea8fe" href="/api/v1/udf/config">/api/v1/udf</a> either way.</p>`,
  );
}

const MISSING_BUNDLE = page(
  'Adapter bundle not built',
  '<p>Build it with <code>npm run build -w @trading-pro/tradingview</code> (or <code>npm install</code> at the repository root), then reload.</p>',
);

export async function tradingViewRoutes(app: FastifyInstance, options: { dir?: string; bundle?: string } = {}): Promise<void> {
  const dir = resolve(options.dir ?? TRADINGVIEW_EXAMPLE);
  const bundle = resolve(options.bundle ?? TRADINGVIEW_BUNDLE);
  const missing = missingLibraryPage(options.dir ?? 'examples/tradingview');
  // Checked on every request, so dropping the library in needs no restart.
  const installed = () => existsSync(join(dir, 'charting_library'));
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('content-security-policy', TRADINGVIEW_CONTENT_SECURITY_POLICY);
    if (request.url.startsWith('/tradingview/') && !installed()) {
      void reply.status(404).type('text/html; charset=utf-8').send(missing);
      return;
    }
    done();
  });
  app.get('/tradingview', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/tradingview/'));
  app.get(TRADINGVIEW_BUNDLE_PATH, { schema: { hide: true } }, async (_request, reply) => {
    if (!existsSync(bundle)) return reply.status(404).type('text/html; charset=utf-8').send(MISSING_BUNDLE);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(createReadStream(bundle));
  });
  if (!existsSync(dir)) {
    app.get('/tradingview/*', { schema: { hide: true } }, async (_request, reply) => reply.status(404).type('text/html; charset=utf-8').send(missing));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/tradingview/',
    index: ['index.html'],
    // The library's file names do not all carry a content hash: revalidate everything (ETag, Last-Modified).
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', 'no-cache'),
  });
}
