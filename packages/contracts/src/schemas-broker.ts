/** Broker models of CONTRACT.md §Models: orders, positions, executions, account, equity, connection, leverage. */
import { Type } from 'typebox';
import { SAFE_TEXT_PATTERN } from './schemas-common.ts';

const side = Type.Union([Type.Literal(1), Type.Literal(-1)], { description: 'Side: Buy 1, Sell -1' });
const orderType = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
  description: 'OrderType: Limit 1, Market 2, Stop 3, StopLimit 4',
});
const orderStatus = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5), Type.Literal(6)], {
  description: 'OrderStatus: Canceled 1, Filled 2, Inactive 3, Placing 4, Rejected 5, Working 6',
});
const parentType = Type.Union([Type.Literal(1), Type.Literal(2)], { description: 'ParentType: Order 1, Position 2' });
const connectionStatus = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], {
  description: 'ConnectionStatus: Connected 1, Connecting 2, Disconnected 3, Error 4',
});
const duration = Type.Object(
  { type: Type.Union([Type.Literal('GTC'), Type.Literal('DAY'), Type.Literal('IOC'), Type.Literal('FOK')], { default: 'GTC' }) },
  { additionalProperties: false, description: 'Time in force' },
);
const price = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
const millis = (description: string) => Type.Integer({ description: `${description} (Unix ms, UTC)` });

export const PreOrderSchema = Type.Object(
  {
    symbol: Type.String({ minLength: 1, maxLength: 64, pattern: SAFE_TEXT_PATTERN }),
    type: orderType,
    side,
    qty: Type.Number({ exclusiveMinimum: 0, description: 'Quantity in the instrument unit, a multiple of its lot step' }),
    limitPrice: Type.Optional(price('Limit price, on the instrument tick (Limit, StopLimit)')),
    stopPrice: Type.Optional(price('Stop trigger price, on the instrument tick (Stop, StopLimit)')),
    takeProfit: Type.Optional(price('Take-profit bracket price')),
    stopLoss: Type.Optional(price('Stop-loss bracket price')),
    trailingStopPips: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Trailing stop distance in ticks (makes the stop-loss trail)' })),
    duration: Type.Optional(duration),
    extendedHours: Type.Optional(
      Type.Boolean({ description: 'Also work in pre- and post-market (US equities; Limit orders with DAY duration only, as at Alpaca)' }),
    ),
    clientOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: SAFE_TEXT_PATTERN, description: 'Idempotency key: 1 to 64 characters (code points), no control or bidirectional-override characters' })),
  },
  { $id: 'PreOrder', additionalProperties: false },
);
export type PreOrder = Type.Static<typeof PreOrderSchema>;

export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    clientOrderId: Type.Optional(Type.String()),
    symbol: Type.String(),
    type: orderType,
    side,
    qty: Type.Number(),
    status: orderStatus,
    limitPrice: Type.Optional(Type.Number()),
    stopPrice: Type.Optional(Type.Number()),
    filledQty: Type.Number(),
    avgPrice: Type.Optional(Type.Number()),
    takeProfit: Type.Optional(Type.Number()),
    stopLoss: Type.Optional(Type.Number()),
    trailingStopPips: Type.Optional(Type.Number()),
    parentId: Type.Optional(Type.String()),
    parentType: Type.Optional(parentType),
    duration: Type.Optional(duration),
    extendedHours: Type.Optional(Type.Boolean({ description: 'Works in pre- and post-market too' })),
    rejectReason: Type.Optional(Type.String()),
    commission: Type.Number(),
    createTime: millis('Creation time'),
    updateTime: millis('Last change'),
    liquidation: Type.Optional(Type.Boolean({ description: 'True on orders the system placed to liquidate positions (equity below maintenance margin)' })),
    external: Type.Optional(Type.Boolean({ description: 'True on orders placed at the venue outside this platform (its website, another program), adopted by reconciliation' })),
  },
  { $id: 'Order', description: 'A placed order (PlacedOrder)' },
);
export type Order = Type.Static<typeof OrderSchema>;

export const PlaceOrderResultSchema = Type.Object({ orderId: Type.String() }, { $id: 'PlaceOrderResult' });
export type PlaceOrderResult = Type.Static<typeof PlaceOrderResultSchema>;

export const ModifyOrderSchema = Type.Object(
  {
    qty: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    limitPrice: Type.Optional(price('New limit price')),
    stopPrice: Type.Optional(price('New stop price')),
    takeProfit: Type.Optional(Type.Union([price('New take-profit'), Type.Null()], { description: 'null removes it' })),
    stopLoss: Type.Optional(Type.Union([price('New stop-loss'), Type.Null()], { description: 'null removes it' })),
  },
  { $id: 'ModifyOrder', additionalProperties: false },
);
export type ModifyOrder = Type.Static<typeof ModifyOrderSchema>;

export const CancelOrdersSchema = Type.Object(
  {
    symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: SAFE_TEXT_PATTERN })),
    side: Type.Optional(side),
    orderIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128, pattern: SAFE_TEXT_PATTERN }), { maxItems: 10_000 })),
  },
  { $id: 'CancelOrders', additionalProperties: false },
);
export type CancelOrders = Type.Static<typeof CancelOrdersSchema>;

export const CancelOrdersResultSchema = Type.Object({ canceled: Type.Array(Type.String()) }, { $id: 'CancelOrdersResult' });
export type CancelOrdersResult = Type.Static<typeof CancelOrdersResultSchema>;

export const OrderPreviewSchema = Type.Object(
  {
    confirmId: Type.String(),
    sections: Type.Array(
      Type.Object({
        header: Type.Optional(Type.String()),
        rows: Type.Array(Type.Object({ title: Type.String(), value: Type.String() })),
      }),
    ),
    warnings: Type.Optional(Type.Array(Type.String())),
    errors: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'OrderPreview' },
);
export type OrderPreview = Type.Static<typeof OrderPreviewSchema>;

export const PositionSchema = Type.Object(
  {
    id: Type.String({ description: 'Equals the symbol (netting: one position per symbol)' }),
    symbol: Type.String(),
    qty: Type.Number({ description: 'Absolute size; 0 in an update means closed' }),
    side,
    avgPrice: Type.Number(),
    pl: Type.Number({ description: 'Unrealized P&L in the account currency' }),
    takeProfit: Type.Optional(Type.Number()),
    stopLoss: Type.Optional(Type.Number()),
    updateTime: millis('Last change'),
  },
  { $id: 'Position' },
);
export type Position = Type.Static<typeof PositionSchema>;

export const ClosePositionSchema = Type.Object(
  { amount: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Partial close quantity; the whole position when absent' })) },
  { $id: 'ClosePosition', additionalProperties: false },
);
export type ClosePosition = Type.Static<typeof ClosePositionSchema>;

export const PositionBracketsSchema = Type.Object(
  {
    takeProfit: Type.Optional(Type.Union([price('Take-profit price'), Type.Null()], { description: 'null removes it' })),
    stopLoss: Type.Optional(Type.Union([price('Stop-loss price'), Type.Null()], { description: 'null removes it' })),
    trailingStopPips: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()])),
  },
  { $id: 'PositionBrackets', additionalProperties: false },
);
export type PositionBrackets = Type.Static<typeof PositionBracketsSchema>;

export const ExecutionSchema = Type.Object(
  {
    id: Type.String(),
    orderId: Type.String(),
    symbol: Type.String(),
    price: Type.Number(),
    qty: Type.Number(),
    side,
    time: millis('Fill time'),
    commission: Type.Number(),
  },
  { $id: 'Execution' },
);
export type Execution = Type.Static<typeof ExecutionSchema>;

export const AccountInfoSchema = Type.Object(
  { id: Type.String(), name: Type.String(), currency: Type.String() },
  { $id: 'AccountInfo' },
);
export type AccountInfo = Type.Static<typeof AccountInfoSchema>;

export const AccountSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    currency: Type.String(),
    balance: Type.Number({ description: 'Cash: initial + realized P&L − commissions' }),
    equity: Type.Number({ description: 'balance + unrealized P&L' }),
    unrealizedPL: Type.Number(),
    realizedPL: Type.Number(),
    marginUsed: Type.Number(),
    buyingPower: Type.Number(),
  },
  { $id: 'Account' },
);
export type Account = Type.Static<typeof AccountSchema>;

export const EquityDataSchema = Type.Object(
  {
    balance: Type.Number(),
    equity: Type.Number(),
    unrealizedPL: Type.Number(),
    realizedPL: Type.Number(),
    marginUsed: Type.Optional(Type.Number({ description: 'Margin held by positions (present when the broker reports it)' })),
    buyingPower: Type.Optional(Type.Number({ description: 'Free margin for new orders (present when the broker reports it)' })),
  },
  { $id: 'EquityData' },
);
export type EquityData = Type.Static<typeof EquityDataSchema>;

export const BrokerConnectionStatusSchema = Type.Object(
  {
    status: connectionStatus,
    message: Type.Optional(Type.String()),
    disconnectType: Type.Optional(Type.Integer({ description: 'TradingView DisconnectType: 0 logged out, 1 broken connection, 2 reconnecting' })),
    timestamp: millis('Status time'),
  },
  { $id: 'BrokerConnectionStatus' },
);
export type BrokerConnectionStatus = Type.Static<typeof BrokerConnectionStatusSchema>;

export const BrokerConfigSchema = Type.Object(
  {
    broker: Type.String({ description: 'Adapter id, e.g. paper, binance' }),
    supportOrderBrackets: Type.Boolean(),
    supportPositionBrackets: Type.Boolean(),
    supportTrailingStop: Type.Boolean(),
    supportPartialClosePosition: Type.Boolean(),
    supportNativeReversePosition: Type.Boolean(),
    supportClosePosition: Type.Boolean(),
    supportLeverage: Type.Boolean(),
    supportPlaceOrderPreview: Type.Boolean(),
    supportExecutions: Type.Boolean(),
    supportOrdersHistory: Type.Boolean(),
    supportModifyOrderPrice: Type.Boolean(),
    supportModifyOrderQuantity: Type.Boolean(),
    supportMarketOrders: Type.Boolean(),
    supportLimitOrders: Type.Boolean(),
    supportStopOrders: Type.Boolean(),
    supportStopLimitOrders: Type.Boolean(),
    supportedDurations: Type.Array(Type.String()),
    supportMarketHours: Type.Boolean({ description: 'Orders are checked against instrument sessions' }),
  },
  { $id: 'BrokerConfig' },
);
export type BrokerConfig = Type.Static<typeof BrokerConfigSchema>;

export const LeverageSetSchema = Type.Object(
  { symbol: Type.String({ minLength: 1, maxLength: 64, pattern: SAFE_TEXT_PATTERN }), leverage: Type.Number({ exclusiveMinimum: 0 }) },
  { $id: 'LeverageSet', additionalProperties: false },
);
export type LeverageSet = Type.Static<typeof LeverageSetSchema>;

export const LeverageInfoSchema = Type.Object(
  { symbol: Type.String(), leverage: Type.Number(), min: Type.Number(), max: Type.Number(), step: Type.Number() },
  { $id: 'LeverageInfo' },
);
export type LeverageInfo = Type.Static<typeof LeverageInfoSchema>;
