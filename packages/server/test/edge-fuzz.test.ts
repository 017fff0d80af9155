/**
 * A fuzz test generated from the OpenAPI document: thousands of requests across every route, built from each
 * operation's parameter and body schemas and then bent (wrong types, missing and unknown fields, control characters,
 * oversized values, broken JSON, other content types, foreign origins). Fixed seed, bounded count. It asserts no 5xx,
 * no response outside the contract's error shape, and no change of the account journal from a rejected request.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startServer, type TestServer } from './harness.ts';

interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

const SEED = 20_261_203;
const RUNS = 2_500;
const ACCOUNT = 'DEMO-001';
const document = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../specs/openapi.json'), 'utf8')) as Document;

const tricky = fc.constantFrom('', ' ', '\u0000', 'a\nb', 'ab\u202Ecd', '\u2066x', '😀'.repeat(65), 'x'.repeat(300), '%', '../..', 'BTCUSD\u0000', '-1', '1e999', 'null', '__proto__', 'constructor');
const symbols = fc.constantFrom('BTCUSD', 'ETHUSD', 'AAPL', 'EURUSD', 'btcusd', 'NOPE');
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}));

function resolveRef(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = document.components.schemas[name];
  if (found === undefined) throw new Error(`unresolved ${schema.$ref}`);
  return resolveRef(found);
}

/** Values that mostly fit the schema, with a share that do not. */
function arbitraryOf(input: JsonSchema, name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(input);
  const fitting = fittingOf(schema, name, depth);
  return fc.oneof({ arbitrary: fitting, weight: 8 }, { arbitrary: wrongType, weight: 1 }, { arbitrary: tricky, weight: 1 });
}

function fittingOf(schema: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) return fc.oneof(...union.map((option) => fittingOf(resolveRef(option), name, depth)));
  switch (schema.type) {
    case 'string': {
      const text = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 70), unit: 'grapheme' });
      return /symbol/i.test(name) ? fc.oneof(symbols, text) : text;
    }
    case 'integer':
      return fc.oneof(fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 2_000, 2_000) }), fc.constantFrom(0, -1, 1_001, 2 ** 53));
    case 'number':
      return fc.oneof(fc.constantFrom(0.001, 0.01, 0.1, 1, 100, 3000, 50_000), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -1, 1e308));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 2 ? fc.constant([]) : fc.array(schema.items === undefined ? wrongType : arbitraryOf(schema.items, name, depth + 1), { maxLength: 4 });
    case 'object':
    default: {
      if (depth > 2) return fc.constant({});
      const properties = schema.properties ?? {};
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, key, depth + 1)])), {
        requiredKeys: (schema.required ?? []).filter((key) => key in properties),
      });
      // Sometimes a field nobody asked for, or a required one left out.
      return fc.oneof({ arbitrary: record, weight: 6 }, { arbitrary: record.map((value) => ({ ...value, unexpected: 1 })), weight: 1 }, { arbitrary: fc.record({}), weight: 1 });
    }
  }
}

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** A real id from earlier answers instead of the generated path parameter. */
  readonly useKnownId: boolean;
}

function operationArbitrary(path: string, method: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map((p) => fc.oneof(arbitraryOf(p.schema, p.name), symbols))).map((values) =>
    pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(String(values[i] as unknown))), path),
  );
  const queryArb = fc
    .tuple(...queryParams.map((p) => (p.required ? arbitraryOf(p.schema, p.name) : fc.option(arbitraryOf(p.schema, p.name), { nil: undefined }))))
    .map((values) => {
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const value = values[i];
        if (value !== undefined) search.set(p.name, typeof value === 'object' ? JSON.stringify(value) : String(value));
      });
      const text = search.toString();
      return text === '' ? '' : `?${text}`;
    });
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const bodyArb: fc.Arbitrary<string | undefined> =
    bodySchema === undefined
      ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constant('{}'), weight: 1 })
      : fc.oneof(
          { arbitrary: arbitraryOf(bodySchema, 'body').map((value) => JSON.stringify(value) ?? 'null'), weight: 12 },
          { arbitrary: fc.constantFrom('{', '', '[]', 'null', '"text"', '{"a":', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'), weight: 2 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        );
  const headerArb = fc.oneof(
    { arbitrary: fc.constant({}), weight: 12 },
    { arbitrary: fc.constant({ origin: 'https://evil.example' }), weight: 1 },
    { arbitrary: fc.constant({ 'x-account-id': 'SOMEONE-ELSE' }), weight: 1 },
    { arbitrary: fc.constant({ 'content-type': 'text/plain' }), weight: 1 },
    { arbitrary: fc.constant({ authorization: 'Bearer not-a-token' }), weight: 1 },
  );
  return fc.record({ url: pathArb, query: queryArb, body: bodyArb, headers: headerArb, useKnownId: fc.boolean() }).map(({ url, query, body, headers, useKnownId }) => ({
    method: method.toUpperCase(),
    path: `${url}${query}`,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
    useKnownId: useKnownId && pathParams.length > 0,
  }));
}

const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
const hidden = ['/api/v1/openapi.json', '/api/v1/asyncapi.json', '/metrics', '/api/v1/nowhere'].map((path) => fc.constant<FuzzRequest>({ method: 'GET', path, headers: {}, useKnownId: false }));
const requests = fc.oneof(...operations.map(({ path, method, operation }) => operationArbitrary(path, method, operation)), ...hidden);

let server: TestServer;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const knownIds: string[] = [];

beforeAll(async () => {
  // No market ticks: the journal changes only when a request changes it.
  server = await startServer({ market: { intervalMs: 3_600_000 }, limits: { rest: { perSecond: 1_000_000, burst: 1_000_000 } } });
  await eventually(async () => (await server.request('GET', '/datafeed/quotes?symbols=BTCUSD')).status === 200, 5000, 'quotes');
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

function send(request: FuzzRequest): Promise<{ status: number; text: string; contentType: string }> {
  const url = new URL(server.url);
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/**
 * The contract's `{error}`; the UDF routes add UDF's `s: "error"` and `errmsg` (the same message) beside it, except
 * for what Node's HTTP parser refuses before any route (a GET with a chunked body).
 */
function isErrorShape(text: string, path: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object') return false;
  let body: object = parsed;
  if (path.startsWith('/api/v1/udf/') && 's' in body) {
    const { s, errmsg, ...rest } = body as { s?: unknown; errmsg?: unknown; error?: { message?: unknown } };
    if (s !== 'error' || typeof errmsg !== 'string' || errmsg !== rest.error?.message) return false;
    body = rest;
  }
  if (Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error as Record<string, unknown>;
  if (error === null || typeof error !== 'object') return false;
  const keys = Object.keys(error).filter((key) => key !== 'details');
  return keys.sort().join() === 'code,message' && typeof error.code === 'string' && /^[A-Z][A-Z_]*$/.test(error.code) && typeof error.message === 'string' && (error.details === undefined || Array.isArray(error.details));
}

describe('OpenAPI-driven fuzz', () => {
  it(`answers ${RUNS} generated requests across every route with no 5xx, only contract error bodies and no change from a rejection`, async () => {
    const account = server.context.accounts.get(ACCOUNT);
    if (account === undefined) throw new Error('no account');
    const statuses = new Map<number, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(requests, fc.nat(), async (generated, pick) => {
        let request = generated;
        if (generated.useKnownId && knownIds.length > 0) {
          const id = encodeURIComponent(knownIds[pick % knownIds.length] as string);
          request = { ...generated, path: generated.path.replace(/(\/orders\/)[^/?]+/, `$1${id}`) };
        }
        const seqBefore = account.seq();
        const answer = await send(request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status, `${request.method} ${request.path}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(isErrorShape(answer.text, request.path), `${request.method} ${request.path} → ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
          // A business rejection of a new order is recorded by contract (422 + Rejected); nothing else may change.
          if (answer.status !== 422) expect(account.seq(), `${request.method} ${request.path} → ${answer.status} changed the journal`).toBe(seqBefore);
        } else if (answer.contentType.includes('application/json')) {
          const body = JSON.parse(answer.text) as { orderId?: unknown };
          if (typeof body.orderId === 'string') knownIds.push(body.orderId);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    process.stdout.write(`fuzz: ${RUNS} requests over ${operations.length + hidden.length} routes in ${seconds.toFixed(1)} s (${summary})\n`);
    // Every kind of answer turned up: the generator reaches past validation into the handlers.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
  });
});
