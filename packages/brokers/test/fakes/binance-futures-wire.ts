/**
 * Binance USDⓈ-M payloads as the fake futures venue writes them, in the documented field order: orders
 * (`/fapi/v1/order`), algo orders (`/fapi/v1/algoOrder`), `ORDER_TRADE_UPDATE` order objects, 24 h ticker and exchange
 * info for one perpetual.
 */
import { text, type BookOrder, type BookTrade, type VenueBook } from './venue-book.ts';
import type { FakeAlgoOrder } from './binance-futures-fake.ts';

export const STATUS: Record<BookOrder['status'], string> = {
  new: 'NEW', partially_filled: 'PARTIALLY_FILLED', filled: 'FILLED', canceled: 'CANCELED', rejected: 'REJECTED', expired: 'EXPIRED',
};

export function orderJson(order: BookOrder): Record<string, unknown> {
  const type = order.type === 'market' ? 'MARKET' : 'LIMIT';
  return {
    orderId: Number(order.orderId), symbol: order.market.id, status: STATUS[order.status], clientOrderId: order.clientOrderId, price: text(order.price ?? 0n),
    avgPrice: order.filled === 0n ? '0' : text((order.cost * 100_000_000n) / order.filled), origQty: text(order.qty), executedQty: text(order.filled),
    cumQty: text(order.filled), cumQuote: text(order.cost), timeInForce: order.tif, type, reduceOnly: order.reduceOnly, closePosition: false,
    side: order.side.toUpperCase(), positionSide: 'BOTH', stopPrice: '0', workingType: 'CONTRACT_PRICE', priceProtect: false, origType: type,
    priceMatch: 'NONE', selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0, time: order.createTime, updateTime: order.updateTime,
  };
}

/** An algo order as the algo endpoints answer it (Query Algo Order's documented fields). */
export function algoJson(order: FakeAlgoOrder): Record<string, unknown> {
  return {
    algoId: order.algoId, clientAlgoId: order.clientAlgoId, algoType: 'CONDITIONAL', orderType: order.orderType, symbol: order.market.id, side: order.side,
    positionSide: 'BOTH', timeInForce: order.timeInForce, quantity: order.quantity, algoStatus: order.status, actualOrderId: order.actualOrderId,
    actualPrice: '0.00000', triggerPrice: order.triggerPrice, price: order.price ?? '0.000', icebergQuantity: null, tpTriggerPrice: '0.000', tpPrice: '0.000',
    slTriggerPrice: '0.000', slPrice: '0.000', tpOrderType: '', selfTradePreventionMode: 'EXPIRE_MAKER', workingType: 'CONTRACT_PRICE', priceMatch: 'NONE',
    closePosition: false, priceProtect: false, reduceOnly: order.reduceOnly, createTime: order.createTime, updateTime: order.updateTime,
    triggerTime: order.triggerTime, goodTillDate: 0,
  };
}

export function orderUpdate(order: BookOrder, trade: BookTrade | undefined): unknown {
  const type = order.type === 'market' ? 'MARKET' : 'LIMIT';
  return {
    s: order.market.id, c: order.clientOrderId, S: order.side.toUpperCase(), o: type, f: order.tif, q: text(order.qty), p: text(order.price ?? 0n),
    ap: order.filled === 0n ? '0' : text((order.cost * 100_000_000n) / order.filled), sp: '0',
    x: trade !== undefined ? 'TRADE' : order.status === 'new' ? 'NEW' : STATUS[order.status], X: STATUS[order.status], i: Number(order.orderId),
    l: text(trade?.qty ?? 0n), z: text(order.filled), L: text(trade?.price ?? 0n), N: 'USDT', n: text(trade?.fee ?? 0n), T: trade?.time ?? order.updateTime,
    t: trade === undefined ? 0 : Number(trade.id), b: '0', a: '0', m: false, R: order.reduceOnly, wt: 'CONTRACT_PRICE', ot: type, ps: 'BOTH', cp: false,
    rp: '0', pP: false, si: 0, ss: 0, V: 'EXPIRE_MAKER', pm: 'NONE', gtd: 0,
  };
}

export function ticker(book: VenueBook, symbol: string): unknown {
  const last = text(book.prices.get(symbol) ?? 0n);
  return {
    symbol, priceChange: '0', priceChangePercent: '0.000', weightedAvgPrice: last, lastPrice: last, lastQty: '0.010', openPrice: last, highPrice: last,
    lowPrice: last, volume: '100.000', quoteVolume: '5000000.00', openTime: Date.now() - 86_400_000, closeTime: Date.now(), firstId: 1, lastId: 2, count: 2,
  };
}

export function exchangeInfo(): unknown {
  return {
    timezone: 'UTC', serverTime: Date.now(), futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: [
      {
        symbol: 'BTCUSDT', pair: 'BTCUSDT', contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000, status: 'TRADING',
        maintMarginPercent: '2.5000', requiredMarginPercent: '5.0000', baseAsset: 'BTC', quoteAsset: 'USDT', marginAsset: 'USDT', pricePrecision: 2,
        quantityPrecision: 3, baseAssetPrecision: 8, quotePrecision: 8, underlyingType: 'COIN', underlyingSubType: ['PoW'], settlePlan: 0, triggerProtect: '0.0500',
        liquidationFee: '0.012500', marketTakeBound: '0.05', maxMoveOrderLimit: 10000,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
          { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: '100' },
          { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
        ],
        orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
        permissionSets: ['GRID', 'COPY'],
      },
    ],
  };
}
