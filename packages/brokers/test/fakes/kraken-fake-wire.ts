/**
 * Kraken spot wire formats for the fake venue: AssetPairs, Ticker, BalanceEx, REST orders (OpenOrders,
 * ClosedOrders, QueryOrders), TradesHistory entries and WebSocket v2 `executions` entries, as documented.
 */
import { text, type BookMarket, type BookOrder, type BookTrade, type VenueBook } from './venue-book.ts';

export const KRAKEN_PAIR: BookMarket = { id: 'XXBTZUSD', base: 'XXBT', quote: 'ZUSD', tick: '0.1', step: '0.00000001', minQty: '0.0001', kind: 'spot' };

/** Kraken's own order ids look like `OU22CG-KLAF2-FWUDD7`; the book's are numbers. */
export function txidOf(order: BookOrder): string {
  return `O${order.orderId.padStart(5, '0')}-FAKE-${order.orderId.padStart(6, 'K')}`;
}

export function tradeIdOf(trade: BookTrade): string {
  return `T${trade.id.padStart(5, '0')}-FAKE-${trade.id.padStart(6, 'T')}`;
}

export function assetPairJson(): Record<string, unknown> {
  return {
    altname: 'XBTUSD', wsname: 'XBT/USD', aclass_base: 'currency', base: 'XXBT', aclass_quote: 'currency', quote: 'ZUSD', lot: 'unit',
    cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, lot_multiplier: 1, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5],
    fees: [[0, 0.26], [50000, 0.24]], fees_maker: [[0, 0.16], [50000, 0.14]], fee_volume_currency: 'ZUSD', margin_call: 80, margin_stop: 40,
    ordermin: KRAKEN_PAIR.minQty, costmin: '0.5', tick_size: KRAKEN_PAIR.tick, status: 'online', long_position_limit: 270, short_position_limit: 180,
  };
}

export function tickerJson(last: string): Record<string, unknown> {
  return { a: [last, '1', '1.000'], b: [last, '2', '2.000'], c: [last, '0.00100000'], v: ['100.0', '200.0'], p: [last, last], t: [100, 200], l: [last, last], h: [last, last], o: last };
}

export function balanceExJson(book: VenueBook): Record<string, unknown> {
  return Object.fromEntries([...book.balances.keys()].map((asset) => [asset, { balance: text(book.balance(asset)), credit: '0.0000', credit_used: '0.0000', hold_trade: text(book.locked(asset)) }]));
}

const STATUS: Record<BookOrder['status'], string> = { new: 'open', partially_filled: 'open', filled: 'closed', canceled: 'canceled', rejected: 'canceled', expired: 'expired' };

const ORDER_TYPE: Record<BookOrder['type'], string> = { market: 'market', limit: 'limit', stop: 'stop-loss', stop_limit: 'stop-loss-limit' };

/** One order as OpenOrders, ClosedOrders and QueryOrders describe it (keyed by txid in the answer). */
export function orderJson(order: BookOrder, book: VenueBook): Record<string, unknown> {
  const average = order.filled === 0n ? 0n : (order.cost * 100_000_000n) / order.filled;
  const ordertype = ORDER_TYPE[order.type];
  const trigger = order.stopPrice === undefined ? undefined : text(order.stopPrice);
  const price = trigger ?? (order.price === undefined ? '0' : text(order.price));
  const price2 = trigger !== undefined && order.price !== undefined ? text(order.price) : '0';
  const summary = `${order.side} ${text(order.qty)} XBTUSD @ ${ordertype === 'market' ? 'market' : `${ordertype.replace(/-/g, ' ')} ${price}`}`;
  const closed = order.status !== 'new' && order.status !== 'partially_filled';
  return {
    refid: null, userref: 0, cl_ord_id: order.clientOrderId, status: STATUS[order.status], opentm: order.createTime / 1000, starttm: 0, expiretm: 0,
    descr: { pair: 'XBTUSD', type: order.side, ordertype, price, price2, leverage: 'none', order: summary, close: '' },
    vol: text(order.qty), vol_exec: text(order.filled), cost: text(order.cost), fee: '0.00000', price: text(average), stopprice: '0.00000', limitprice: '0.00000',
    misc: '', oflags: 'fciq', timeinforce: order.tif,
    ...(closed ? { closetm: order.updateTime / 1000, reason: null } : {}),
    trades: book.trades.filter((trade) => trade.order === order).map(tradeIdOf),
  };
}

export function tradeJson(trade: BookTrade): Record<string, unknown> {
  const order = trade.order;
  return {
    ordertxid: txidOf(order), postxid: 'TKH2SE-M7IF5-CFI7LT', pair: 'XXBTZUSD', time: trade.time / 1000, type: order.side, ordertype: ORDER_TYPE[order.type],
    price: text(trade.price), cost: text((trade.price * trade.qty) / 100_000_000n), fee: text(trade.fee), vol: text(trade.qty), margin: '0.00000', leverage: '0',
    misc: '', trade_id: Number(trade.id), maker: false,
  };
}

const EXEC_STATUS: Record<BookOrder['status'], string> = { new: 'new', partially_filled: 'partially_filled', filled: 'filled', canceled: 'canceled', rejected: 'canceled', expired: 'expired' };

/** A v2 `executions` entry: an order event (`exec_type` new, amended, filled, canceled, …) or a `trade`. */
export function executionJson(order: BookOrder, execType: string, trade?: BookTrade): Record<string, unknown> {
  const average = order.filled === 0n ? 0n : (order.cost * 100_000_000n) / order.filled;
  return {
    order_id: txidOf(order), order_userref: 0, cl_ord_id: order.clientOrderId, symbol: 'BTC/USD', side: order.side, order_type: ORDER_TYPE[order.type],
    order_qty: Number(text(order.qty)), time_in_force: order.tif, exec_type: execType, order_status: EXEC_STATUS[order.status],
    ...(order.price === undefined ? {} : { limit_price: Number(text(order.price)) }),
    ...(order.stopPrice === undefined ? {} : { triggers: { reference: 'last', price: Number(text(order.stopPrice)), price_type: 'static', status: order.triggered ? 'triggered' : 'untriggered' } }),
    cum_qty: Number(text(order.filled)), cum_cost: Number(text(order.cost)), avg_price: Number(text(average)), fee_usd_equiv: 0,
    timestamp: new Date(trade?.time ?? order.updateTime).toISOString(),
    ...(trade === undefined
      ? {}
      : { exec_id: tradeIdOf(trade), trade_id: Number(trade.id), last_qty: Number(text(trade.qty)), last_price: Number(text(trade.price)), liquidity_ind: 't', cost: Number(text((trade.price * trade.qty) / 100_000_000n)), fees: [{ asset: 'USD', qty: Number(text(trade.fee)) }] }),
  };
}
