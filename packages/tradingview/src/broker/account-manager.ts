/**
 * The Account Manager's layout (TradingView's `AccountManagerInfo`): the summary row fed by watched values the broker
 * keeps current from the equity stream, and the order, position and history tables. `formatter` names TradingView's
 * standard formatters; `dataFields` are the fields each formatter reads from the rows.
 */
import { OrderStatus } from '@trading-pro/contracts';
import type { AccountManagerColumn, AccountManagerInfo, IBrokerConnectionAdapterFactory, IWatchedValue } from '../tradingview/broker-api.ts';

/** The account figures the summary row shows, as watched values the library subscribes to. */
export interface AccountSummaryValues {
  readonly balance: IWatchedValue<number>;
  readonly equity: IWatchedValue<number>;
  readonly unrealizedPL: IWatchedValue<number>;
  readonly realizedPL: IWatchedValue<number>;
  readonly marginUsed: IWatchedValue<number>;
  readonly buyingPower: IWatchedValue<number>;
}

export function createSummaryValues(factory: IBrokerConnectionAdapterFactory): AccountSummaryValues {
  return {
    balance: factory.createWatchedValue(0),
    equity: factory.createWatchedValue(0),
    unrealizedPL: factory.createWatchedValue(0),
    realizedPL: factory.createWatchedValue(0),
    marginUsed: factory.createWatchedValue(0),
    buyingPower: factory.createWatchedValue(0),
  };
}

/** Sets the values that changed; an update that omits a figure (the broker does not report it) leaves it. */
export function updateSummaryValues(values: AccountSummaryValues, figures: Partial<Record<keyof AccountSummaryValues, number>>): void {
  for (const key of Object.keys(values) as (keyof AccountSummaryValues)[]) {
    const figure = figures[key];
    if (figure !== undefined && figure !== values[key].value()) values[key].setValue(figure);
  }
}

const symbol: AccountManagerColumn = { id: 'symbol', label: 'Symbol', formatter: 'symbol', dataFields: ['symbol', 'symbol', 'message'] };
const side: AccountManagerColumn = { id: 'side', label: 'Side', formatter: 'side', dataFields: ['side'] };
const qty: AccountManagerColumn = { id: 'qty', label: 'Qty', formatter: 'formatQuantity', dataFields: ['qty'], alignment: 'right' };
const price = (id: string, label: string): AccountManagerColumn => ({ id, label, formatter: 'formatPrice', dataFields: [id], alignment: 'right' });

const ORDER_COLUMNS: readonly AccountManagerColumn[] = [
  symbol,
  side,
  { id: 'type', label: 'Type', formatter: 'type', dataFields: ['type', 'parentId', 'stopType'] },
  qty,
  { id: 'filledQty', label: 'Filled', formatter: 'formatQuantity', dataFields: ['filledQty'], alignment: 'right' },
  price('limitPrice', 'Limit Price'),
  price('stopPrice', 'Stop Price'),
  price('avgPrice', 'Avg Fill Price'),
  price('takeProfit', 'Take Profit'),
  price('stopLoss', 'Stop Loss'),
  { id: 'status', label: 'Status', formatter: 'status', dataFields: ['status'] },
  { id: 'id', label: 'Order ID', dataFields: ['id'] },
];

const POSITION_COLUMNS: readonly AccountManagerColumn[] = [
  symbol,
  side,
  qty,
  price('avgPrice', 'Avg Price'),
  { id: 'pl', label: 'Profit', formatter: 'profit', dataFields: ['pl'], alignment: 'right' },
  price('takeProfit', 'Take Profit'),
  price('stopLoss', 'Stop Loss'),
];

export function accountManagerInfo(title: string, values: AccountSummaryValues, withHistory: boolean): AccountManagerInfo {
  const info: AccountManagerInfo = {
    accountTitle: title,
    summary: [
      { text: 'Balance', wValue: values.balance, formatter: 'fixed' },
      { text: 'Equity', wValue: values.equity, formatter: 'fixed', isDefault: true },
      { text: 'Unrealized P&L', wValue: values.unrealizedPL, formatter: 'profit' },
      { text: 'Realized P&L', wValue: values.realizedPL, formatter: 'profit' },
      { text: 'Margin Used', wValue: values.marginUsed, formatter: 'fixed' },
      { text: 'Buying Power', wValue: values.buyingPower, formatter: 'fixed' },
    ],
    orderColumns: ORDER_COLUMNS.map((column) => ({ ...column, dataFields: [...column.dataFields] })),
    positionColumns: POSITION_COLUMNS.map((column) => ({ ...column, dataFields: [...column.dataFields] })),
    pages: [],
    possibleOrderStatuses: [OrderStatus.Working, OrderStatus.Placing, OrderStatus.Inactive, OrderStatus.Filled, OrderStatus.Canceled, OrderStatus.Rejected],
    marginUsed: values.marginUsed,
  };
  if (withHistory) info.historyColumns = ORDER_COLUMNS.map((column) => ({ ...column, dataFields: [...column.dataFields] }));
  return info;
}
