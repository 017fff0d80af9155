/**
 * Broker mappers: generated backend types ⇄ the SDK's own types, field by field, so a spec change that
 * breaks a client shows up here as a type error. Generated types never leave src/mappers/.
 */
import type { components } from '../generated/openapi.ts';
import { defined } from '../defined.ts';
import type {
  Account,
  AccountInfo,
  BrokerConfig,
  BrokerConnectionStatus,
  CancelOrdersFilter,
  EquityData,
  Execution,
  LeverageInfo,
  ModifyOrder,
  Order,
  OrderPreview,
  Position,
  PositionBrackets,
  PreOrder,
} from '../types.ts';

type Schemas = components['schemas'];
type PreOrder_Api_Backend = Schemas['PreOrder'];
type Order_Api_Backend = Schemas['Order'];
type ModifyOrder_Api_Backend = Schemas['ModifyOrder'];
type CancelOrders_Api_Backend = Schemas['CancelOrders'];
type OrderPreview_Api_Backend = Schemas['OrderPreview'];
type Position_Api_Backend = Schemas['Position'];
type PositionBrackets_Api_Backend = Schemas['PositionBrackets'];
type Execution_Api_Backend = Schemas['Execution'];
type Account_Api_Backend = Schemas['Account'];
type AccountInfo_Api_Backend = Schemas['AccountInfo'];
type EquityData_Api_Backend = Schemas['EquityData'];
type BrokerConnectionStatus_Api_Backend = Schemas['BrokerConnectionStatus'];
type BrokerConfig_Api_Backend = Schemas['BrokerConfig'];
type LeverageInfo_Api_Backend = Schemas['LeverageInfo'];


export function mapPreOrder(order: PreOrder): PreOrder_Api_Backend {
  return defined<PreOrder_Api_Backend>({
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    qty: order.qty,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    takeProfit: order.takeProfit,
    stopLoss: order.stopLoss,
    trailingStopPips: order.trailingStopPips,
    duration: order.duration === undefined ? undefined : { type: order.duration.type },
    clientOrderId: order.clientOrderId,
  });
}

export function mapOrder(order: Order_Api_Backend): Order {
  return defined<Order>({
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    qty: order.qty,
    status: order.status,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    filledQty: order.filledQty,
    avgPrice: order.avgPrice,
    takeProfit: order.takeProfit,
    stopLoss: order.stopLoss,
    trailingStopPips: order.trailingStopPips,
    parentId: order.parentId,
    parentType: order.parentType,
    duration: order.duration === undefined ? undefined : { type: order.duration.type },
    rejectReason: order.rejectReason,
    commission: order.commission,
    createTime: order.createTime,
    updateTime: order.updateTime,
    liquidation: order.liquidation,
  });
}

export function mapModifyOrder(changes: ModifyOrder): ModifyOrder_Api_Backend {
  return defined<ModifyOrder_Api_Backend>({
    qty: changes.qty,
    limitPrice: changes.limitPrice,
    stopPrice: changes.stopPrice,
    takeProfit: changes.takeProfit,
    stopLoss: changes.stopLoss,
  });
}

export function mapCancelOrders(filter: CancelOrdersFilter): CancelOrders_Api_Backend {
  return defined<CancelOrders_Api_Backend>({
    symbol: filter.symbol,
    side: filter.side,
    orderIds: filter.orderIds === undefined ? undefined : [...filter.orderIds],
  });
}

export function mapOrderPreview(preview: OrderPreview_Api_Backend): OrderPreview {
  return defined<OrderPreview>({
    confirmId: preview.confirmId,
    sections: preview.sections.map((section) => defined({ header: section.header, rows: section.rows.map((row) => ({ title: row.title, value: row.value })) })),
    warnings: preview.warnings === undefined ? undefined : [...preview.warnings],
    errors: preview.errors === undefined ? undefined : [...preview.errors],
  });
}

export function mapPosition(position: Position_Api_Backend): Position {
  return defined<Position>({
    id: position.id,
    symbol: position.symbol,
    qty: position.qty,
    side: position.side,
    avgPrice: position.avgPrice,
    pl: position.pl,
    takeProfit: position.takeProfit,
    stopLoss: position.stopLoss,
    updateTime: position.updateTime,
  });
}

export function mapPositionBrackets(brackets: PositionBrackets): PositionBrackets_Api_Backend {
  return defined<PositionBrackets_Api_Backend>({
    takeProfit: brackets.takeProfit,
    stopLoss: brackets.stopLoss,
    trailingStopPips: brackets.trailingStopPips,
  });
}

export function mapExecution(execution: Execution_Api_Backend): Execution {
  return {
    id: execution.id,
    orderId: execution.orderId,
    symbol: execution.symbol,
    price: execution.price,
    qty: execution.qty,
    side: execution.side,
    time: execution.time,
    commission: execution.commission,
  };
}

export function mapAccountInfo(info: AccountInfo_Api_Backend): AccountInfo {
  return { id: info.id, name: info.name, currency: info.currency };
}

export function mapAccount(account: Account_Api_Backend): Account {
  return {
    id: account.id,
    name: account.name,
    currency: account.currency,
    balance: account.balance,
    equity: account.equity,
    unrealizedPL: account.unrealizedPL,
    realizedPL: account.realizedPL,
    marginUsed: account.marginUsed,
    buyingPower: account.buyingPower,
  };
}

export function mapEquityData(equity: EquityData_Api_Backend): EquityData {
  return {
    balance: equity.balance,
    equity: equity.equity,
    unrealizedPL: equity.unrealizedPL,
    realizedPL: equity.realizedPL,
    ...(equity.marginUsed === undefined ? {} : { marginUsed: equity.marginUsed }),
    ...(equity.buyingPower === undefined ? {} : { buyingPower: equity.buyingPower }),
  };
}

export function mapBrokerConnectionStatus(status: BrokerConnectionStatus_Api_Backend): BrokerConnectionStatus {
  return defined<BrokerConnectionStatus>({ status: status.status, message: status.message, disconnectType: status.disconnectType, timestamp: status.timestamp });
}

export function mapBrokerConfig(config: BrokerConfig_Api_Backend): BrokerConfig {
  return {
    broker: config.broker,
    supportOrderBrackets: config.supportOrderBrackets,
    supportPositionBrackets: config.supportPositionBrackets,
    supportTrailingStop: config.supportTrailingStop,
    supportPartialClosePosition: config.supportPartialClosePosition,
    supportNativeReversePosition: config.supportNativeReversePosition,
    supportClosePosition: config.supportClosePosition,
    supportLeverage: config.supportLeverage,
    supportPlaceOrderPreview: config.supportPlaceOrderPreview,
    supportExecutions: config.supportExecutions,
    supportOrdersHistory: config.supportOrdersHistory,
    supportModifyOrderPrice: config.supportModifyOrderPrice,
    supportModifyOrderQuantity: config.supportModifyOrderQuantity,
    supportMarketOrders: config.supportMarketOrders,
    supportLimitOrders: config.supportLimitOrders,
    supportStopOrders: config.supportStopOrders,
    supportStopLimitOrders: config.supportStopLimitOrders,
    supportedDurations: [...config.supportedDurations],
    supportMarketHours: config.supportMarketHours,
  };
}

export function mapLeverageInfo(info: LeverageInfo_Api_Backend): LeverageInfo {
  return { symbol: info.symbol, leverage: info.leverage, min: info.min, max: info.max, step: info.step };
}
