/**
 * The API reference, served by this process with nothing loaded from elsewhere: Swagger UI over the OpenAPI document
 * at `/docs` (its assets ship in @fastify/swagger-ui), and the WebSocket protocol at `/docs/websocket`, rendered
 * from the AsyncAPI document as plain HTML.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

interface AsyncApiLike {
  readonly info?: { readonly title?: string; readonly version?: string; readonly description?: string };
  readonly servers?: Readonly<Record<string, { readonly host?: string; readonly pathname?: string; readonly protocol?: string; readonly description?: string }>>;
  readonly operations?: Readonly<Record<string, { readonly action?: string; readonly title?: string; readonly summary?: string; readonly messages?: readonly { readonly $ref?: string }[] }>>;
  readonly components?: { readonly messages?: Readonly<Record<string, { readonly summary?: string; readonly description?: string; readonly payload?: unknown }>> };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code spans` of the AsyncAPI descriptions as <code>. */
function prose(text: string | undefined): string {
  return escapeHtml(text ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function renderWebSocketDocs(document: AsyncApiLike): string {
  const messages = document.components?.messages ?? {};
  const servers = Object.values(document.servers ?? {})
    .map((s) => `<li><code>${escapeHtml(`${s.protocol ?? 'ws'}://${s.host ?? ''}${s.pathname ?? ''}`)}</code> — ${prose(s.description)}</li>`)
    .join('');
  const operations = Object.entries(document.operations ?? {})
    .map(([id, operation]) => {
      const direction = operation.action === 'receive' ? 'client → server' : 'server → client';
      const bodies = (operation.messages ?? []).map((ref) => {
        const name = (ref.$ref ?? '').split('/').at(-1) ?? '';
        const message = messages[name];
        return `${message?.description ? `<p>${prose(message.description)}</p>` : ''}<pre>${escapeHtml(JSON.stringify(message?.payload ?? {}, null, 2))}</pre>`;
      });
      return `<section id="${escapeHtml(id)}"><h2><code>${escapeHtml(operation.title ?? id)}</code> <small>${direction}</small></h2><p>${prose(operation.summary)}</p>${bodies.join('')}</section>`;
    })
    .join('\n');
  const title = `${document.info?.title ?? 'WebSocket API'} ${document.info?.version ?? ''}`.trim();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}pre{background:#f5f5f5;padding:.75rem;overflow:auto;font-size:13px}small{color:#666;font-weight:normal}section{border-top:1px solid #ddd;margin-top:1.5rem}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${prose(document.info?.description)}</p>
<p><a href="/docs">REST reference</a> · <a href="/api/v1/asyncapi.json">AsyncAPI document</a> · <a href="/api/v1/openapi.json">OpenAPI document</a></p>
<ul>${servers}</ul>
${operations}
</body></html>
`;
}

export async function apiDocs(app: FastifyInstance, options: { asyncapi: () => unknown }): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // No call to the public validator service: the page talks to this server only.
    uiConfig: { validatorUrl: null, deepLinking: true },
  });
  app.get('/docs/websocket', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderWebSocketDocs(options.asyncapi() as AsyncApiLike)));
}
