/** `/health`, `/versions` and the API documents. */
import type { FastifyInstance } from 'fastify';
import { HealthSchema, VersionsSchema } from '@trading-pro/contracts';
import type { AppContext } from '../context.ts';
import { VERSION } from '../version.ts';
import { ref } from './schema-ref.ts';

export async function systemRoutes(app: FastifyInstance, options: { context: AppContext; documents: { openapi: () => unknown; asyncapi?: () => unknown } }): Promise<void> {
  const { context, documents } = options;
  app.get('/health', { schema: { tags: ['system'], operationId: 'getHealth', summary: 'Liveness and broker connection status', response: { 200: ref(HealthSchema) } } }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    uptimeS: Math.round((context.now() - context.startedAt) / 1000),
    brokers: [...context.accounts.values()].map((account) => ({ id: account.id, status: account.broker.connectionStatus().status })),
  }));
  app.get('/versions', { schema: { tags: ['system'], operationId: 'getVersions', summary: 'API versions', response: { 200: ref(VersionsSchema) } } }, async () => ({
    current: 'v1',
    supported: ['v1'],
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(JSON.stringify(documents.openapi(), null, 2) + '\n'));
  const asyncapi = documents.asyncapi;
  if (asyncapi) {
    app.get('/asyncapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(JSON.stringify(asyncapi(), null, 2) + '\n'));
  }
}
