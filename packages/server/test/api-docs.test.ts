/** /docs: the API reference served by the server itself, every asset from this origin, and the WebSocket protocol. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** Every src/href/url() a text names, resolved against the page. */
function references(text: string, page: URL): URL[] {
  const found = [...text.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2] ?? '');
  return found.filter((ref) => ref !== '' && !ref.startsWith('data:') && !ref.startsWith('#')).map((ref) => new URL(ref, page));
}

describe('/docs', () => {
  for (const path of ['/docs', '/docs/']) {
    it(`${path} serves Swagger UI whose every asset comes from this server`, async () => {
      const page = new URL(path, server.url);
      const answer = await fetch(page);
      expect(answer.status).toBe(200);
      const html = await answer.text();
      const assets = references(html, page);
      expect(assets.map((a) => a.pathname)).toContain('/docs/static/swagger-ui-bundle.js');
      for (const asset of assets) {
        expect(asset.origin, asset.href).toBe(page.origin);
        expect((await fetch(asset)).status, asset.href).toBe(200);
      }
    });
  }

  it('points Swagger UI at the OpenAPI document and at no validator service', async () => {
    const script = await (await fetch(new URL('/docs/static/swagger-initializer.js', server.url))).text();
    expect(script).toMatch(/"validatorUrl":\s*null/);
    const spec = references(script, new URL('/docs/static/swagger-initializer.js', server.url));
    for (const url of spec) expect(url.origin).toBe(new URL(server.url).origin);
    const document = (await (await fetch(new URL('/docs/json', server.url))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/api/v1/broker/orders');
  });

  it('describes the WebSocket protocol from the AsyncAPI document, linking only to this server', async () => {
    const page = new URL('/docs/websocket', server.url);
    const answer = await fetch(page);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await answer.text();
    for (const type of ['orders.subscribe', 'orders.update', 'positions.update', 'quotes.subscribe', 'bars.update']) expect(html).toContain(`<code>${type}</code>`);
    expect(html).toContain('/api/v1/ws');
    expect(html).not.toMatch(/<script/);
    for (const link of references(html, page)) expect(link.origin).toBe(page.origin);
  });
});
