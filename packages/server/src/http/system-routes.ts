/** `/health`, `/versions` and the API documents. */
import type { FastifyInstance } from 'fastify';
import { HealthSchema, VersionsSchema } from '@trading-pro/contracts';
import type { AppContext } from '../context.ts';
import { VERSION } from '../version.ts';
import { ref } from './schema-ref.ts';

export async function systemRoutes(app: FastifyInstance, options: { context: AppContext; documents: { openapi: () => unknown; asyncapi?: () => unknown } }): Promise<void> {
  const { context, documents } = options;
  app.get('/health', { schema: { tags: ['system'], operationId: 'getHealth', security: [], summary: 'Liveness; with a credential also storage, process, account and market source status', response: { 200: ref(HealthSchema) } } }, async (request) => {
    const storage = context.storageHealth();
    const status = storage.status === 'ok' ? ('ok' as const) : ('degraded' as const);
    const base = { status, version: VERSION, uptimeS: Math.round((context.now() - context.startedAt) / 1000) };
    // The public answer says only that the server lives; details need a credential (or auth none).
    let accountIds: readonly string[];
    try {
      accountIds = context.auth.authenticate(request).accountIds;
    } catch {
      return base;
    }
    return {
      ...base,
      storage,
      process: { id: context.processId, pid: process.pid },
      accounts: accountIds.flatMap((id) => {
        const account = context.accounts.get(id);
        if (!account) return [];
        const owner = account.owner === undefined ? context.processId : account.owner();
        return [{ id, brokerStatus: account.connectionStatus().status, ...(owner === undefined ? {} : { owner }) }];
      }),
      marketSources: context.marketHealth(),
    };
  });
  app.get('/versions', { schema: { tags: ['system'], operationId: 'getVersions', security: [], summary: 'API versions', response: { 200: ref(VersionsSchema) } } }, async () => ({
    current: 'v1',
    supported: ['v1'],
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(JSON.stringify(documents.openapi(), null, 2) + '\n'));
  const asyncapi = documents.asyncapi;
  if (asyncapi) {
    app.get('/asyncapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(JSON.stringify(asyncapi(), null, 2) + '\n'));
  }
}
