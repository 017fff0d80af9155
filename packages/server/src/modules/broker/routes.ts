/**
 * The broker module: every `/broker/*` route of CONTRACT.md, acting on the credential's account through its
 * `AccountHandle`. Reads come from the account state and carry `X-Account-Seq`; commands are answered once
 * their events are committed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountInfoSchema,
  AccountSchema,
  BrokerConfigSchema,
  CancelOrdersResultSchema,
  CancelOrdersSchema,
  ClosePositionSchema,
  ConnectionStatus,
  ErrorCode,
  ErrorResponseSchema,
  ExecutionSchema,
  LeverageInfoSchema,
  LeverageSetSchema,
  ModifyOrderSchema,
  OrderPreviewSchema,
  OrderSchema,
  PlaceOrderResultSchema,
  PositionBracketsSchema,
  PositionSchema,
  PreOrderSchema,
  SAFE_TEXT_PATTERN,
  SuccessResponseSchema,
  TradingError,
  type CancelOrders,
  type ClosePosition,
  type LeverageSet,
  type ModifyOrder,
  type PositionBrackets,
  type PreOrder,
} from '@trading-pro/contracts';
import type { Page, Read } from '@trading-pro/brokers';
import type { AccountHandle } from '../../accounts/account-handle.ts';
import type { AppContext } from '../../context.ts';
import { canonicalSymbols } from '../../http/canonical-symbols.ts';
import { arrayOf, ref } from '../../http/schema-ref.ts';

const errors = {
  400: ref(ErrorResponseSchema),
  401: ref(ErrorResponseSchema),
  403: ref(ErrorResponseSchema),
  404: ref(ErrorResponseSchema),
  409: ref(ErrorResponseSchema),
  422: ref(ErrorResponseSchema),
  429: ref(ErrorResponseSchema),
  503: ref(ErrorResponseSchema),
};
const tags = ['broker'];
const idParam = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'string', minLength: 1, maxLength: 128, pattern: SAFE_TEXT_PATTERN } } });
const symbolText = { type: 'string', minLength: 1, maxLength: 64, pattern: SAFE_TEXT_PATTERN };
const DEFAULT_PAGE = 500;
const MAX_PAGE = 1_000;
const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, description: `Page size (default ${DEFAULT_PAGE})` },
  before: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[0-9]+$', description: 'Cursor from X-Next-Cursor: the next (older) page' },
};

/** Sends a read with the seq its value reflects. */
function withSeq<T>(reply: FastifyReply, read: Read<T>): T {
  void reply.header('x-account-seq', String(read.seq));
  return read.value;
}

/** Sends one page of a list: its items, the seq, and the next page's cursor. */
function pageOf<T>(reply: FastifyReply, read: Read<Page<T>>): T[] {
  if (read.value.next !== undefined) void reply.header('x-next-cursor', read.value.next);
  return withSeq(reply, read).items;
}

export async function brokerRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { context } = options;
  app.addHook('preHandler', canonicalSymbols(context.canonicalSymbol));

  const accountOf = (request: FastifyRequest): AccountHandle => {
    const principal = context.auth.authenticate(request);
    const header = request.headers['x-account-id'];
    const id = context.auth.accountFor(principal, Array.isArray(header) ? header[0] : header);
    const account = context.accounts.get(id);
    if (!account) throw new TradingError(ErrorCode.NOT_FOUND, `account ${id} is not configured`);
    return account;
  };
  /** Commands need a connected broker (503 otherwise). */
  const connected = (account: AccountHandle): AccountHandle => {
    const status = account.connectionStatus();
    if (status.status !== ConnectionStatus.Connected) {
      throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, `the ${account.brokerKind} broker of account ${account.id} is not connected${status.message ? `: ${status.message}` : ''}`);
    }
    return account;
  };

  app.get('/broker/accounts', { schema: { tags, operationId: 'getAccounts', summary: "The credential's accounts", response: { 200: arrayOf(AccountInfoSchema), ...errors } } }, async (request) => {
    const principal = context.auth.authenticate(request);
    return principal.accountIds.flatMap((id) => {
      const account = context.accounts.get(id);
      return account ? [{ id: account.id, name: account.config.name, currency: account.config.currency }] : [];
    });
  });

  app.get('/broker/account', { schema: { tags, operationId: 'getAccount', summary: 'Balances, equity, P&L, margin and buying power', response: { 200: ref(AccountSchema), ...errors } } }, async (request, reply) =>
    withSeq(reply, await accountOf(request).account()),
  );

  app.get('/broker/config', { schema: { tags, operationId: 'getBrokerConfig', summary: "Capability flags of the account's broker", response: { 200: ref(BrokerConfigSchema), ...errors } } }, async (request) =>
    accountOf(request).capabilities(),
  );

  app.post<{ Body: PreOrder }>(
    '/broker/orders',
    { schema: { tags, operationId: 'placeOrder', summary: 'Place an order', body: ref(PreOrderSchema), response: { 200: ref(PlaceOrderResultSchema), ...errors } } },
    async (request) => {
      const result = await connected(accountOf(request)).placeOrder(request.body);
      if (result.rejection) {
        const r = result.rejection;
        throw new TradingError(r.code, r.message, { details: [{ message: r.message, orderId: result.orderId }] });
      }
      return { orderId: result.orderId };
    },
  );

  app.post<{ Body: PreOrder }>(
    '/broker/orders/preview',
    { schema: { tags, operationId: 'previewOrder', summary: 'Preview an order: commission, margin, buying power after (nothing is placed)', body: ref(PreOrderSchema), response: { 200: ref(OrderPreviewSchema), ...errors } } },
    async (request) => accountOf(request).previewOrder(request.body),
  );

  app.post<{ Body: CancelOrders }>(
    '/broker/orders/cancel',
    { schema: { tags, operationId: 'cancelOrders', summary: 'Cancel working orders by symbol, side or ids', body: ref(CancelOrdersSchema), response: { 200: ref(CancelOrdersResultSchema), ...errors } } },
    async (request) => ({ canceled: await connected(accountOf(request)).cancelOrders(request.body) }),
  );

  app.get<{ Querystring: { status?: number; symbol?: string; limit?: number; before?: string } }>(
    '/broker/orders',
    {
      schema: {
        tags,
        operationId: 'getOrders',
        summary: "The account's orders, newest first, paged (X-Next-Cursor)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'integer', minimum: 1, maximum: 6, description: 'OrderStatus filter' },
            symbol: symbolText,
            ...pageQuery,
          },
        },
        response: { 200: arrayOf(OrderSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { status, symbol, limit, before } = request.query;
      const query = { limit: limit ?? DEFAULT_PAGE, ...(status === undefined ? {} : { status }), ...(symbol === undefined ? {} : { symbol }), ...(before === undefined ? {} : { before }) };
      return pageOf(reply, await accountOf(request).orders(query));
    },
  );

  app.get<{ Params: { orderId: string } }>(
    '/broker/orders/:orderId',
    { schema: { tags, operationId: 'getOrder', summary: 'One order', params: idParam('orderId'), response: { 200: ref(OrderSchema), ...errors } } },
    async (request, reply) => withSeq(reply, await accountOf(request).order(request.params.orderId)),
  );

  app.put<{ Params: { orderId: string }; Body: ModifyOrder }>(
    '/broker/orders/:orderId',
    { schema: { tags, operationId: 'modifyOrder', summary: 'Modify a working order', params: idParam('orderId'), body: ref(ModifyOrderSchema), response: { 200: ref(SuccessResponseSchema), ...errors } } },
    async (request) => {
      await connected(accountOf(request)).modifyOrder(request.params.orderId, request.body);
      return { success: true as const };
    },
  );

  app.delete<{ Params: { orderId: string } }>(
    '/broker/orders/:orderId',
    { schema: { tags, operationId: 'cancelOrder', summary: 'Cancel a working order', params: idParam('orderId'), response: { 200: ref(SuccessResponseSchema), ...errors } } },
    async (request) => {
      await connected(accountOf(request)).cancelOrder(request.params.orderId);
      return { success: true as const };
    },
  );

  app.get('/broker/positions', { schema: { tags, operationId: 'getPositions', summary: 'Open positions', response: { 200: arrayOf(PositionSchema), ...errors } } }, async (request, reply) =>
    withSeq(reply, await accountOf(request).positions()),
  );

  app.post<{ Params: { positionId: string }; Body: ClosePosition | undefined }>(
    '/broker/positions/:positionId/close',
    {
      schema: {
        tags,
        operationId: 'closePosition',
        summary: 'Close a position, or part of it with `amount` (reduce-only: 409 beyond what is not already being closed)',
        params: idParam('positionId'),
        body: ref(ClosePositionSchema),
        response: { 200: ref(SuccessResponseSchema), ...errors },
      },
      // No body at all means "close the whole position".
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request) => {
      await connected(accountOf(request)).closePosition(request.params.positionId, request.body?.amount);
      return { success: true as const };
    },
  );

  app.post<{ Params: { positionId: string } }>(
    '/broker/positions/:positionId/reverse',
    { schema: { tags, operationId: 'reversePosition', summary: 'Reverse a position (409 while it is being closed or reversed)', params: idParam('positionId'), response: { 200: ref(SuccessResponseSchema), ...errors } } },
    async (request) => {
      await connected(accountOf(request)).reversePosition(request.params.positionId);
      return { success: true as const };
    },
  );

  app.put<{ Params: { positionId: string }; Body: PositionBrackets }>(
    '/broker/positions/:positionId/brackets',
    {
      schema: {
        tags,
        operationId: 'editPositionBrackets',
        summary: "Set or remove a position's take-profit and stop-loss (omitted = unchanged, null = remove)",
        params: idParam('positionId'),
        body: ref(PositionBracketsSchema),
        response: { 200: ref(SuccessResponseSchema), ...errors },
      },
    },
    async (request) => {
      await connected(accountOf(request)).editPositionBrackets(request.params.positionId, request.body);
      return { success: true as const };
    },
  );

  app.get<{ Params: { symbol: string }; Querystring: { limit?: number; before?: string } }>(
    '/broker/executions/:symbol',
    {
      schema: {
        tags,
        operationId: 'getExecutions',
        summary: 'Executions of one symbol, newest first, paged (X-Next-Cursor); 404 for a symbol the server does not know',
        params: idParam('symbol'),
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: arrayOf(ExecutionSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { limit, before } = request.query;
      const { symbol } = request.params;
      const query = { symbol, limit: limit ?? DEFAULT_PAGE, ...(before === undefined ? {} : { before }) };
      const read = await accountOf(request).executions(query);
      // A symbol that was traded once stays readable even if the market no longer lists it.
      if (read.value.items.length === 0 && context.market.instruments().get(symbol) === undefined) {
        throw new TradingError(ErrorCode.NOT_FOUND, `unknown symbol: ${symbol}`, { details: [{ path: 'symbol', message: 'unknown symbol' }] });
      }
      return pageOf(reply, read);
    },
  );

  app.get<{ Querystring: { symbol: string } }>(
    '/broker/leverage',
    {
      schema: {
        tags,
        operationId: 'getLeverage',
        summary: 'Leverage of a symbol and its bounds',
        querystring: { type: 'object', required: ['symbol'], additionalProperties: false, properties: { symbol: symbolText } },
        response: { 200: ref(LeverageInfoSchema), ...errors },
      },
    },
    async (request) => accountOf(request).leverage(request.query.symbol),
  );

  app.put<{ Body: LeverageSet }>(
    '/broker/leverage',
    { schema: { tags, operationId: 'setLeverage', summary: 'Set the leverage of a symbol (422 when margin would exceed equity)', body: ref(LeverageSetSchema), response: { 200: ref(LeverageInfoSchema), ...errors } } },
    async (request) => connected(accountOf(request)).setLeverage(request.body.symbol, request.body.leverage),
  );
}
