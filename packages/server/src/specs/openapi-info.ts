/** The OpenAPI document's header: title, description, servers, security. */
export function openapiInfo(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trading Pro API',
      version,
      description:
        'Broker-agnostic trading API: place, modify and cancel orders, read positions, executions and account state, and market data. ' +
        'Numeric enums as TradingView\'s broker API; times are Unix milliseconds UTC; every error is {error: {code, message, details?}}.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8000', description: 'Embedded default' }],
    tags: [
      { name: 'system', description: 'Health, versions and API documents' },
      { name: 'broker', description: "Orders, positions, executions and account of the credential's account" },
      { name: 'datafeed', description: "Market data in TradingView's datafeed shapes" },
      { name: 'udf', description: "The same market data in TradingView's UDF protocol (times in Unix seconds), for its UDFCompatibleDatafeed" },
    ],
    components: { securitySchemes: { bearerAuth: { type: 'http' as const, scheme: 'bearer', description: 'A token bound to one account (auth.mode: token)' } } },
    security: [{ bearerAuth: [] }],
  };
}

interface Operation {
  operationId?: string;
  requestBody?: { required?: boolean };
  responses?: Record<string, { description?: string; headers?: Record<string, unknown> }>;
}

/** Operations whose body may be left out. */
const OPTIONAL_BODIES = new Set(['closePosition']);
/** Paged lists: the next page's cursor and the seq of the snapshot. */
const PAGED = new Set(['getOrders', 'getExecutions']);

const header = (description: string, type: 'string' | 'integer') => ({ description, schema: { type } });

/** What the route schemas cannot say: optional bodies, response headers of paged lists and of 429s. */
export function finishOpenApi<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId !== undefined && OPTIONAL_BODIES.has(operation.operationId) && operation.requestBody) operation.requestBody.required = false;
      const ok = operation.responses?.['200'];
      if (ok && operation.operationId !== undefined && PAGED.has(operation.operationId)) {
        ok.headers = {
          'X-Next-Cursor': header('Cursor of the next (older) page, for `before`; absent on the last page', 'string'),
          'X-Account-Seq': header('The account seq this snapshot reflects', 'integer'),
        };
      }
      const limited = operation.responses?.['429'];
      if (limited) limited.headers = { 'Retry-After': header('Seconds to wait before retrying', 'integer') };
    }
  }
  return document;
}
