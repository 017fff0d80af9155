/**
 * The AsyncAPI 3.0 document of `/api/v1/ws`, generated from the same TypeBox schemas as the REST API:
 * for every route its subscribe and unsubscribe requests, their responses, and its update messages.
 */
import {
  BarSchema,
  BrokerConnectionStatusSchema,
  EquityDataSchema,
  ExecutionSchema,
  OrderSchema,
  PositionSchema,
  QuoteDataSchema,
  QuoteValuesSchema,
  WS_ROUTES,
  type WsRoute,
} from '@trading-pro/contracts';
import { ROUTE_PARAMS } from '../ws/protocol.ts';

const UPDATE_DATA: Record<WsRoute, { schema: object; description: string }> = {
  orders: { schema: OrderSchema, description: 'An order of the account changed (placed, working, partially filled, filled, canceled, rejected, modified).' },
  positions: { schema: PositionSchema, description: 'A position changed; qty 0 means it was closed.' },
  executions: { schema: ExecutionSchema, description: 'A fill of one of the account’s orders.' },
  equity: { schema: EquityDataSchema, description: 'Balance, equity and P&L; follows market moves at most 4 times a second.' },
  'broker-connection': { schema: BrokerConnectionStatusSchema, description: 'The account’s broker connection status changed.' },
  bars: { schema: BarSchema, description: 'The forming bar, updated in place; a new `time` starts a new bar.' },
  quotes: { schema: QuoteDataSchema, description: 'A new quote (TradingView QuoteData).' },
};

const ACCOUNT_ROUTE_NOTE = 'Account route: updates carry `seq` (the event’s position in the account journal); `sinceSeq` replays every later event of the route before live ones.';

/** Drops `$id`s (the document names schemas by their component key) and turns nested shared schemas into refs. */
function plain(schema: unknown, nested: ReadonlyMap<string, string>, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => plain(s, nested, false));
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  const id = record.$id;
  if (!top && typeof id === 'string' && nested.has(id)) return { $ref: nested.get(id) };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (key !== '$id') out[key] = plain(value, nested, false);
  return out;
}

const camel = (route: string) => route.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function buildAsyncApi(version: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  const nested = new Map<string, string>([['QuoteValues', '#/components/schemas/QuoteValues']]);
  schemas.QuoteValues = plain(QuoteValuesSchema, nested);
  for (const { schema } of Object.values(UPDATE_DATA)) {
    const id = (schema as { $id: string }).$id;
    schemas[id] = plain(schema, nested);
  }
  schemas.SubscriptionResponse = {
    type: 'object',
    required: ['status', 'topic', 'message'],
    properties: {
      status: { type: 'string', enum: ['ok', 'error'] },
      topic: { type: 'string', description: 'route + ":" + JSON of the params with keys sorted recursively' },
      message: { type: 'string' },
      seq: { type: 'integer', description: 'Account routes: the journal seq at confirmation' },
    },
  };
  schemas.ErrorFramePayload = {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'string', description: 'INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR, FORBIDDEN, RATE_LIMITED (more frames per second than limits.ws.subscribesPerSecond; the frame was ignored), RESYNC_REQUIRED' }, message: { type: 'string' } },
  };

  const messages: Record<string, unknown> = {};
  const channelMessages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const frame = (type: string, payload: unknown) => ({ type: 'object', required: ['type', 'payload'], properties: { type: { const: type }, payload } });
  const addMessage = (key: string, message: Record<string, unknown>) => {
    messages[key] = message;
    channelMessages[key] = { $ref: `#/components/messages/${key}` };
  };
  const channel = { $ref: '#/channels/ws' };
  const msgRef = (key: string) => ({ $ref: `#/channels/ws/messages/${key}` });

  for (const route of WS_ROUTES) {
    const name = camel(route);
    const params = plain(ROUTE_PARAMS[route], nested);
    const account = route !== 'bars' && route !== 'quotes';
    for (const action of ['subscribe', 'unsubscribe'] as const) {
      const key = `${name}${action === 'subscribe' ? 'Subscribe' : 'Unsubscribe'}`;
      addMessage(key, {
        name: `${route}.${action}`,
        title: `${route}.${action}`,
        summary: `${action === 'subscribe' ? 'Subscribe to' : 'Unsubscribe from'} ${route}${account ? ' of an account' : ''}`,
        payload: frame(`${route}.${action}`, params),
      });
      addMessage(`${key}Response`, {
        name: `${route}.${action}.response`,
        title: `${route}.${action}.response`,
        summary: `Confirmation of ${route}.${action}; updates are routed only after it`,
        payload: frame(`${route}.${action}.response`, { $ref: '#/components/schemas/SubscriptionResponse' }),
      });
      operations[key] = {
        action: 'receive',
        channel,
        title: `${route}.${action}`,
        summary: `Client ${action}s ${route}`,
        messages: [msgRef(key)],
        reply: { channel, messages: [msgRef(`${key}Response`)] },
      };
    }
    const data = UPDATE_DATA[route];
    // Every journaled event has a seq; equity's mark-to-market values and the initial connection status do not.
    const seqAlways = route === 'orders' || route === 'positions' || route === 'executions';
    const seqDescription = seqAlways
      ? 'Position of the event in the account journal'
      : 'Position of the event in the account journal; absent on values that are not journal events (mark-to-market equity, the status sent on subscribe)';
    const updatePayload = {
      type: 'object',
      required: seqAlways ? ['topic', 'payload', 'seq'] : ['topic', 'payload'],
      properties: {
        topic: { type: 'string' },
        payload: { $ref: `#/components/schemas/${(data.schema as { $id: string }).$id}` },
        ...(account ? { seq: { type: 'integer', description: seqDescription } } : {}),
      },
    };
    addMessage(`${name}Update`, {
      name: `${route}.update`,
      title: `${route}.update`,
      summary: data.description,
      ...(account ? { description: ACCOUNT_ROUTE_NOTE } : {}),
      payload: frame(`${route}.update`, updatePayload),
    });
    operations[`${name}Update`] = { action: 'send', channel, title: `${route}.update`, summary: data.description, messages: [msgRef(`${name}Update`)] };
  }
  addMessage('error', {
    name: 'error',
    title: 'error',
    summary: 'A frame was not valid JSON, had an unknown type or bad params, or named a forbidden account; the connection stays open',
    payload: frame('error', { $ref: '#/components/schemas/ErrorFramePayload' }),
  });
  operations.error = { action: 'send', channel, title: 'error', summary: 'Error frame', messages: [msgRef('error')] };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Trading Pro WebSocket API',
      version,
      description:
        'Real-time orders, positions, executions, equity, broker connection, bars and quotes over one socket. ' +
        'Send `<route>.subscribe` / `<route>.unsubscribe`; the server confirms with `.response` and then sends `<route>.update`. ' +
        'Limits: frames ≤ 64 KiB, 1,000 subscriptions per connection, a ping every 30 s.',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:8000',
        pathname: '/api/v1/ws',
        protocol: 'ws',
        description: 'Embedded default; credentials as `Authorization: Bearer <token>` on the upgrade or `?token=`',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
      },
    },
    channels: { ws: { address: '/api/v1/ws', title: 'Trading Pro socket', messages: channelMessages } },
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token bound to one account' } },
    },
  };
}
