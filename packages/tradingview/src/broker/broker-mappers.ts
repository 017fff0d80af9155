/**
 * Pure conversions between the SDK's broker models and TradingView's Broker API shapes. Enumerations carry the same
 * numbers on both sides (the API took TradingView's), times are Unix ms on both sides; what differs is which fields
 * exist: TradingView's trailing stop is a `stopType`, a rejection reason is a `message`, a removed bracket is absent.
 */
import type {
  BrokerConfig,
  Execution as SdkExecution,
  LeverageInfo as SdkLeverageInfo,
  ModifyOrder,
  Order as SdkOrder,
  OrderPreview,
  Position as SdkPosition,
  PositionBrackets,
  PreOrder as SdkPreOrder,
  SymbolInfo,
} from '@trading-pro/sdk';
import { OrderType, TimeInForce } from '@trading-pro/contracts';
import type {
  Brackets,
  Execution,
  InstrumentInfo,
  LeverageInfo,
  Order,
  OrderDurationMetaInfo,
  OrderPreviewResult,
  Position,
  PreOrder,
  SingleBrokerMetaInfo,
} from '../tradingview/broker-api.ts';
import { OrderOrPositionMessageType, StopType } from '../tradingview/broker-api.ts';

/** The largest quantity the Order Ticket offers when the API sets no maximum. */
export const MAX_TICKET_QTY = 1_000_000_000;

const DURATIONS: readonly string[] = Object.values(TimeInForce);

/** TradingView's Order from the API's: a rejection reason becomes the order's error message. */
export function toTvOrder(order: SdkOrder): Order {
  const tv: Order = {
    id: order.id,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    qty: order.qty,
    status: order.status,
    filledQty: order.filledQty,
    updateTime: order.updateTime,
  };
  if (order.avgPrice !== undefined) tv.avgPrice = order.avgPrice;
  if (order.limitPrice !== undefined) tv.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined) tv.stopPrice = order.stopPrice;
  if (order.takeProfit !== undefined) tv.takeProfit = order.takeProfit;
  if (order.stopLoss !== undefined) tv.stopLoss = order.stopLoss;
  if (order.trailingStopPips !== undefined) {
    tv.trailingStopPips = order.trailingStopPips;
    tv.stopType = StopType.TrailingStop;
  }
  if (order.parentId !== undefined) tv.parentId = order.parentId;
  if (order.parentType !== undefined) tv.parentType = order.parentType;
  if (order.duration !== undefined) tv.duration = { type: order.duration.type };
  if (order.rejectReason !== undefined) tv.message = { text: order.rejectReason, type: OrderOrPositionMessageType.Error };
  return tv;
}

/** TradingView's Position from the API's: the same fields (`pl`, `updateTime` shown as extra columns); `qty` 0 tells the library the position closed. */
export function toTvPosition(position: SdkPosition): Position {
  return { ...position };
}

/** TradingView's Execution from the API's: the same fields, plus the `id` and `orderId` TradingView leaves optional. */
export function toTvExecution(execution: SdkExecution): Execution {
  return { ...execution };
}

/** The API's PreOrder from the Order Ticket's: TradingView-only fields (`isClose`, `currentQuotes`, …) left out. */
export function toSdkPreOrder(order: PreOrder): SdkPreOrder {
  const pre: { -readonly [K in keyof SdkPreOrder]: SdkPreOrder[K] } = { symbol: order.symbol, type: order.type, side: order.side, qty: order.qty };
  if (order.limitPrice !== undefined && usesLimitPrice(order.type)) pre.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined && usesStopPrice(order.type)) pre.stopPrice = order.stopPrice;
  if (order.takeProfit !== undefined) pre.takeProfit = order.takeProfit;
  if (order.trailingStopPips !== undefined && order.stopType === StopType.TrailingStop) pre.trailingStopPips = order.trailingStopPips;
  else if (order.stopLoss !== undefined) pre.stopLoss = order.stopLoss;
  const duration = order.duration?.type.toUpperCase();
  if (duration !== undefined && DURATIONS.includes(duration)) pre.duration = { type: duration as TimeInForce };
  return pre;
}

function usesLimitPrice(type: OrderType): boolean {
  return type === OrderType.Limit || type === OrderType.StopLimit;
}

function usesStopPrice(type: OrderType): boolean {
  return type === OrderType.Stop || type === OrderType.StopLimit;
}

/**
 * The changes of a modified order: the library hands back the whole order as edited, so a bracket that was there
 * (`before`) and is now absent is removed (`null`); prices only where the order type has them.
 */
export function toModifyOrder(order: Order, before: Order | undefined): ModifyOrder {
  const changes: { -readonly [K in keyof ModifyOrder]: ModifyOrder[K] } = { qty: order.qty };
  if (order.limitPrice !== undefined && usesLimitPrice(order.type)) changes.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined && usesStopPrice(order.type)) changes.stopPrice = order.stopPrice;
  if (order.takeProfit !== undefined) changes.takeProfit = order.takeProfit;
  else if (before?.takeProfit !== undefined) changes.takeProfit = null;
  if (order.stopLoss !== undefined) changes.stopLoss = order.stopLoss;
  else if (before?.stopLoss !== undefined) changes.stopLoss = null;
  return changes;
}

/** The position dialog's brackets are the whole new state: an absent take profit or stop loss is removed. */
export function toPositionBrackets(brackets: Brackets): PositionBrackets {
  if (brackets.trailingStopPips !== undefined) return { takeProfit: brackets.takeProfit ?? null, stopLoss: null, trailingStopPips: brackets.trailingStopPips };
  return { takeProfit: brackets.takeProfit ?? null, stopLoss: brackets.stopLoss ?? null };
}

export function toOrderPreviewResult(preview: OrderPreview): OrderPreviewResult {
  const result: OrderPreviewResult = {
    confirmId: preview.confirmId,
    sections: preview.sections.map((section) => ({
      ...(section.header === undefined ? {} : { header: section.header }),
      rows: section.rows.map((row) => ({ title: row.title, value: row.value })),
    })),
  };
  if (preview.warnings && preview.warnings.length > 0) result.warnings = [...preview.warnings];
  if (preview.errors && preview.errors.length > 0) result.errors = [...preview.errors];
  return result;
}

/**
 * What the Order Ticket needs about a symbol: tick, lot step and minimum from the API's symbol information. One
 * pip is one tick, and it is worth one tick per unit in the quote currency (the instruments' contract size is 1).
 */
export function toInstrumentInfo(info: SymbolInfo, config: BrokerConfig | undefined): InstrumentInfo {
  const instrument: InstrumentInfo = {
    qty: { min: info.minQty, max: MAX_TICKET_QTY, step: info.qtyStep, default: info.minQty },
    pipSize: info.tickSize,
    pipValue: info.tickSize,
    minTick: info.tickSize,
    description: info.description,
    type: info.type,
    currency: info.currency_code,
  };
  if (config) {
    instrument.allowedOrderTypes = allowedOrderTypes(config);
    instrument.allowedDurations = [...config.supportedDurations];
  }
  return instrument;
}

function allowedOrderTypes(config: BrokerConfig): OrderType[] {
  const types: [boolean, OrderType][] = [
    [config.supportLimitOrders, OrderType.Limit],
    [config.supportMarketOrders, OrderType.Market],
    [config.supportStopOrders, OrderType.Stop],
    [config.supportStopLimitOrders, OrderType.StopLimit],
  ];
  return types.filter(([supported]) => supported).map(([, type]) => type);
}

export function toLeverageInfo(info: SdkLeverageInfo): LeverageInfo {
  return { title: `${info.symbol} leverage`, leverage: info.leverage, min: info.min, max: info.max, step: info.step };
}

/**
 * The widget's `broker_config` from `GET /broker/config`: TradingView's flags named as the API names them, plus the
 * ones the adapter always supports (positions, reversal, P&L updates) and the time-in-force menu.
 */
export function toBrokerMetaInfo(config: BrokerConfig): SingleBrokerMetaInfo {
  const durations: OrderDurationMetaInfo[] = config.supportedDurations.map((value) => ({ name: value, value, ...(value === TimeInForce.GTC ? { default: true } : {}) }));
  return {
    configFlags: {
      supportPositions: true,
      supportClosePosition: config.supportClosePosition,
      supportPartialClosePosition: config.supportPartialClosePosition,
      supportReversePosition: true,
      supportNativeReversePosition: config.supportNativeReversePosition,
      supportPositionBrackets: config.supportPositionBrackets,
      supportOrderBrackets: config.supportOrderBrackets,
      supportMarketBrackets: config.supportOrderBrackets,
      supportModifyBrackets: config.supportOrderBrackets,
      supportStopLoss: config.supportOrderBrackets || config.supportPositionBrackets,
      supportTrailingStop: config.supportTrailingStop,
      supportModifyTrailingStop: config.supportTrailingStop,
      supportMarketOrders: config.supportMarketOrders,
      supportLimitOrders: config.supportLimitOrders,
      supportStopOrders: config.supportStopOrders,
      supportStopLimitOrders: config.supportStopLimitOrders,
      supportModifyOrderPrice: config.supportModifyOrderPrice,
      supportEditAmount: config.supportModifyOrderQuantity,
      supportModifyDuration: false,
      supportPlaceOrderPreview: config.supportPlaceOrderPreview,
      supportExecutions: config.supportExecutions,
      supportOrdersHistory: config.supportOrdersHistory,
      supportLeverage: config.supportLeverage,
      supportLeverageButton: config.supportLeverage,
      supportPLUpdate: true,
      showQuantityInsteadOfAmount: true,
    },
    durations,
  };
}
