/** Pure mappings between IB's order, execution and error vocabulary and the contract's models. */
import { ErrorCode, OrderStatus, OrderType, ParentType, Side, TimeInForce, TradingError } from '@trading-pro/contracts';
import type { Account, Execution, Order } from '@trading-pro/contracts';

/** What the adapter knows of one IB order (from our own placeOrder, openOrder and orderStatus). */
export interface IbOrderRecord {
  readonly orderId: number;
  symbol: string;
  clientOrderId: string | undefined;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  parentId: number;
  status: string;
  filled: number;
  avgFillPrice: number;
  commission: number;
  rejectReason: string | undefined;
  readonly createTime: number;
  updateTime: number;
  /** Placed outside this adapter (TWS itself, another API client): adopted by reconciliation. */
  external?: boolean;
  /** Our status of the last version, kept when TWS sends a status word we do not know. */
  lastKnownStatus?: OrderStatus;
}

/** Our order id for an IB order key: its order id, or `perm-<permId>` for orders of other clients and TWS (negative keys). */
export function ibOrderKey(key: number): string {
  return key < 0 ? `perm-${-key}` : String(key);
}

/** The IB order key of our order id (inverse of `ibOrderKey`); NaN when it is neither form. */
export function ibKeyOf(orderId: string): number {
  return orderId.startsWith('perm-') ? -Number(orderId.slice(5)) : Number(orderId);
}

/**
 * IB order status → ours. `PreSubmitted` on a bracket child means it waits for its parent. A status TWS adds later
 * returns undefined (the caller keeps what it knew): an unmapped word must never stop the adapter.
 */
export function parseIbStatus(status: string, isChild: boolean): OrderStatus | undefined {
  switch (status) {
    case 'ApiPending':
    case 'PendingSubmit':
    case 'Unknown':
      return OrderStatus.Placing;
    case 'PreSubmitted':
      return isChild ? OrderStatus.Inactive : OrderStatus.Working;
    case 'Submitted':
    case 'PendingCancel':
      return OrderStatus.Working;
    case 'Filled':
      return OrderStatus.Filled;
    case 'Cancelled':
    case 'ApiCancelled':
      return OrderStatus.Canceled;
    case 'Inactive':
    case 'Rejected':
      return OrderStatus.Rejected;
    default:
      return undefined;
  }
}

/**
 * Every TWS order type (its API names), mapped to the nearest of ours: auction and pegged orders that carry a
 * limit are limits; market-if-touched triggers like a stop. Types outside this list are read by their prices.
 */
const TYPES: Readonly<Record<string, OrderType>> = {
  MKT: OrderType.Market,
  'MKT PRT': OrderType.Market,
  MOC: OrderType.Market,
  MOO: OrderType.Market,
  MTL: OrderType.Limit,
  LMT: OrderType.Limit,
  LOC: OrderType.Limit,
  LOO: OrderType.Limit,
  'LMT + MKT': OrderType.Limit,
  REL: OrderType.Limit,
  'REL + LMT': OrderType.Limit,
  'REL + MKT': OrderType.Market,
  'PASSV REL': OrderType.Limit,
  'PEG MKT': OrderType.Limit,
  'PEG MID': OrderType.Limit,
  'PEG BEST': OrderType.Limit,
  'PEG PRIM': OrderType.Limit,
  'PEG STK': OrderType.Limit,
  'PEG BENCH': OrderType.Limit,
  MIDPRICE: OrderType.Limit,
  'BOX TOP': OrderType.Market,
  VWAP: OrderType.Limit,
  VOL: OrderType.Limit,
  STP: OrderType.Stop,
  'STP PRT': OrderType.Stop,
  MIT: OrderType.Stop,
  TRAIL: OrderType.Stop,
  'TRAIL MIT': OrderType.Stop,
  'STP LMT': OrderType.StopLimit,
  LIT: OrderType.StopLimit,
  'TRAIL LIMIT': OrderType.StopLimit,
  'TRAIL LIT': OrderType.StopLimit,
};

/** An IB order type as ours; an unknown one is a limit when it has a limit price, else a market order. */
export function parseIbOrderType(orderType: string, hasLimitPrice = false): OrderType {
  return TYPES[orderType.toUpperCase()] ?? (hasLimitPrice ? OrderType.Limit : OrderType.Market);
}

/** True for the types this adapter places itself; others are shown (orders placed in TWS) by their nearest type. */
export function isIbTypeMapped(orderType: string): boolean {
  return TYPES[orderType.toUpperCase()] !== undefined;
}

export function parseIbTif(tif: string): TimeInForce {
  if (tif === 'GTC' || tif === 'IOC' || tif === 'FOK' || tif === 'DAY') return tif;
  // OPG and GTD orders placed in TWS end within a session or at a date: closest to DAY and GTC.
  return tif === 'GTD' ? TimeInForce.GTC : TimeInForce.DAY;
}

export function ibOrderToOrder(record: IbOrderRecord, parent: IbOrderRecord | undefined): Order {
  const type = parseIbOrderType(record.orderType, record.lmtPrice !== undefined && record.lmtPrice !== 0);
  const isChild = record.parentId !== 0;
  const status = parseIbStatus(record.status, isChild) ?? record.lastKnownStatus ?? OrderStatus.Working;
  record.lastKnownStatus = status;
  const order: Order = {
    id: ibOrderKey(record.orderId),
    symbol: record.symbol,
    type,
    side: record.action === 'BUY' ? Side.Buy : Side.Sell,
    qty: record.totalQuantity,
    status,
    filledQty: record.filled,
    commission: record.commission,
    duration: { type: parseIbTif(record.tif) },
    createTime: record.createTime,
    updateTime: record.updateTime,
  };
  if (record.clientOrderId) order.clientOrderId = record.clientOrderId;
  if (record.external === true) order.external = true;
  if (record.filled > 0) order.avgPrice = record.avgFillPrice;
  if ((type === OrderType.Limit || type === OrderType.StopLimit) && record.lmtPrice !== undefined) order.limitPrice = record.lmtPrice;
  if ((type === OrderType.Stop || type === OrderType.StopLimit) && record.auxPrice !== undefined && record.orderType !== 'TRAIL') order.stopPrice = record.auxPrice;
  if (isChild) {
    const parentFilled = parent?.status === 'Filled';
    order.parentId = parentFilled ? record.symbol : ibOrderKey(record.parentId);
    order.parentType = parentFilled ? ParentType.Position : ParentType.Order;
  }
  if (order.status === OrderStatus.Rejected) order.rejectReason = record.rejectReason ?? 'IB marked the order inactive';
  return order;
}

/** Zone abbreviations TWS writes after a time (its login time zone), as IANA zones. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MET: 'Europe/Berlin',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  JST: 'Asia/Tokyo',
  HKT: 'Asia/Hong_Kong',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  UTC: 'UTC',
};

/** Milliseconds `zone` is ahead of UTC at `utcMs`. */
function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(utcMs))
    .reduce<Record<string, number>>((acc, part) => ({ ...acc, [part.type]: Number(part.value) }), {});
  const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The IANA zone for what TWS wrote after a time (`US/Eastern`, `EST`, `America/New_York`), or undefined. */
export function ibZone(text: string): string | undefined {
  const name = ZONE_ABBREVIATIONS[text.toUpperCase()] ?? text;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/**
 * A TWS time as Unix ms: `yyyymmdd hh:mm:ss` followed by the zone TWS writes (`US/Eastern`, `EST`…), or
 * `yyyymmdd-hh:mm:ss` (UTC). Without a zone the time is read in `defaultZone` (TWS's login zone).
 */
export function parseIbTime(text: string | undefined, fallback: number, defaultZone = 'UTC'): number {
  const match = /^(\d{4})(\d{2})(\d{2})(\s+|-)(\d{2}):(\d{2}):(\d{2})\s*(\S*)/.exec(text ?? '');
  if (!match) return fallback;
  const [, y, mo, d, separator, h, mi, sec, zoneText] = match as unknown as [string, string, string, string, string, string, string, string, string];
  const wallClock = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  const zone = separator === '-' ? 'UTC' : zoneText === '' ? defaultZone : ibZone(zoneText);
  if (zone === undefined || zone === 'UTC') return wallClock;
  // The offset at the wall-clock time, corrected once for a change of offset in between (DST).
  const first = wallClock - zoneOffsetMs(wallClock, zone);
  return wallClock - zoneOffsetMs(first, zone);
}

export function ibExecutionToExecution(
  exec: { execId?: string; orderId?: number; side?: string; shares?: number; price?: number; time?: string },
  symbol: string,
  now: number,
  defaultZone = 'UTC',
): Execution {
  return {
    id: exec.execId ?? `${exec.orderId ?? 0}:${exec.time ?? now}`,
    orderId: String(exec.orderId ?? 0),
    symbol,
    price: exec.price ?? 0,
    qty: exec.shares ?? 0,
    side: exec.side === 'SLD' ? Side.Sell : Side.Buy,
    time: parseIbTime(exec.time, now, defaultZone),
    commission: 0,
  };
}

/** Account summary tags (`NetLiquidation`, `TotalCashValue`, …) → `Account`; equity = balance + unrealized. */
export function ibSummaryToAccount(values: ReadonlyMap<string, number>, identity: { id: string; name: string; currency: string }): Account {
  const equity = values.get('NetLiquidation') ?? 0;
  const unrealized = values.get('UnrealizedPnL') ?? 0;
  return {
    ...identity,
    balance: equity - unrealized,
    equity,
    unrealizedPL: unrealized,
    realizedPL: values.get('RealizedPnL') ?? 0,
    marginUsed: values.get('InitMarginReq') ?? 0,
    buyingPower: values.get('BuyingPower') ?? 0,
  };
}

export const IB_SUMMARY_TAGS = 'NetLiquidation,TotalCashValue,BuyingPower,InitMarginReq,UnrealizedPnL,RealizedPnL';

/** IB error codes that concern one order, mapped to our codes. */
export function mapIbOrderError(code: number, message: string): TradingError {
  const text = `IB refused the order (${code}): ${message}`;
  if (code === 200) return new TradingError(ErrorCode.UNKNOWN_SYMBOL, text);
  if (code === 201 && /margin|equity with loan|buying power|insufficient/i.test(message)) return new TradingError(ErrorCode.INSUFFICIENT_BUYING_POWER, text);
  if (code === 10148 || code === 161 || code === 10147) return new TradingError(ErrorCode.CONFLICT, `IB: ${message}`);
  if (code === 502 || code === 504 || code === 1100) return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `IB: ${message}`);
  return new TradingError(ErrorCode.ORDER_REJECTED, text);
}

/**
 * Codes IB sends about orders that are information, not refusals (TWS API "Message Codes": 2100–2169 are
 * warnings; 202 confirms a cancel we asked for; 399 is an order warning such as "will not be placed until the
 * market opens"; 404 holds a short sale while shares are located; 10167/10197 concern market data; 10349 says the
 * TIF was set by a preset; 10311 warns about direct routing). The order lives on: its status comes from orderStatus.
 */
const IB_NOTICES = new Set([202, 399, 404, 10167, 10197, 10311, 10349]);

export function isIbNotice(code: number): boolean {
  return IB_NOTICES.has(code) || (code >= 2100 && code < 2200);
}
