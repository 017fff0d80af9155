/** The committed API documents are exactly what the code emits, valid, and served by the server. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSpecs, type SpecDocuments } from '../src/specs/emit-specs.ts';
import { startServer, type TestServer } from './harness.ts';

const SPECS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../specs');

let specs: SpecDocuments;
let server: TestServer;
beforeAll(async () => {
  specs = await renderSpecs();
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('OpenAPI document', () => {
  it('is committed exactly as the code emits it (run `npm run specs` after changing a schema)', () => {
    expect(readFileSync(resolve(SPECS, 'openapi.json'), 'utf8')).toBe(specs.openapi);
  });

  it('is valid OpenAPI 3.1 for a real validator', async () => {
    const document = JSON.parse(specs.openapi) as Record<string, unknown>;
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('names the contract models as components and describes every broker route', () => {
    const document = JSON.parse(specs.openapi) as { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, unknown>> };
    for (const name of ['PreOrder', 'Order', 'Position', 'Execution', 'Account', 'ErrorResponse', 'BrokerConfig', 'OrderPreview', 'LeverageInfo', 'SymbolInfo', 'History', 'QuoteData']) {
      expect(Object.keys(document.components.schemas)).toContain(name);
    }
    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    for (const route of [
      'GET /api/v1/broker/accounts',
      'GET /api/v1/broker/account',
      'GET /api/v1/broker/config',
      'POST /api/v1/broker/orders',
      'POST /api/v1/broker/orders/preview',
      'POST /api/v1/broker/orders/cancel',
      'GET /api/v1/broker/orders',
      'GET /api/v1/broker/orders/{orderId}',
      'PUT /api/v1/broker/orders/{orderId}',
      'DELETE /api/v1/broker/orders/{orderId}',
      'GET /api/v1/broker/positions',
      'POST /api/v1/broker/positions/{positionId}/close',
      'POST /api/v1/broker/positions/{positionId}/reverse',
      'PUT /api/v1/broker/positions/{positionId}/brackets',
      'GET /api/v1/broker/executions/{symbol}',
      'GET /api/v1/broker/leverage',
      'PUT /api/v1/broker/leverage',
      'GET /api/v1/health',
      'GET /api/v1/versions',
      'GET /api/v1/datafeed/config',
      'GET /api/v1/datafeed/symbols',
      'GET /api/v1/datafeed/search',
      'GET /api/v1/datafeed/history',
      'GET /api/v1/datafeed/quotes',
    ]) {
      expect(routes).toContain(route);
    }
  });

  it('serves the AsyncAPI document at /api/v1/asyncapi.json with the committed bytes', async () => {
    expect(readFileSync(resolve(SPECS, 'asyncapi.json'), 'utf8')).toBe(specs.asyncapi);
    const res = await fetch(`${server.url}/api/v1/asyncapi.json`);
    expect(await res.text()).toBe(specs.asyncapi);
  });

  it('is served at /api/v1/openapi.json with the same bytes', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.text()).toBe(specs.openapi);
  });
});
