/** Capability flags (`/broker/config`) and order previews of a ccxt venue. */
import { ErrorCode, TradingError, capabilities, fromFixed, mulFixed, toFixed, type BrokerConfig, type OrderPreview, type PreOrder } from '@trading-pro/contracts';
import { fitOrder } from '../common/precision.ts';
import type { CcxtClient } from './ccxt-client.ts';
import { checkOrderShape, unsupportedReason } from './ccxt-orders.ts';
import { marketOf, marketRules } from './market-rules.ts';
import type { CcxtVenueSpec, MarketKind } from './venue-spec.ts';

export function capabilitiesOf(spec: CcxtVenueSpec, market: MarketKind): BrokerConfig {
  return {
    broker: spec.kind,
    ...capabilities({
      supportOrderBrackets: spec.supportsBrackets(market),
      supportLeverage: market === 'swap',
      supportModifyOrderPrice: spec.supportsEditOrder,
      supportModifyOrderQuantity: spec.supportsEditOrder,
      supportStopOrders: spec.supportsStopOrders,
      supportStopLimitOrders: spec.supportsStopLimitOrders,
      supportedDurations: [...spec.durations],
    }),
  };
}

/** Value and estimated taker fee of an order, after the same rounding `placeOrder` applies; nothing is sent. */
export async function previewOf(client: CcxtClient, order: PreOrder, now: number): Promise<OrderPreview> {
  checkOrderShape(order);
  const market = marketOf(client.exchange, order.symbol);
  if (market === undefined) throw new TradingError(ErrorCode.UNKNOWN_SYMBOL, `${client.spec.kind} has no market ${order.symbol}`);
  const fitted = fitOrder(order, marketRules(market));
  const ticker = fitted.limitPrice === undefined ? await client.read((exchange) => exchange.fetchTicker(market.symbol)) : undefined;
  const price = fitted.limitPrice ?? fitted.stopPrice ?? ticker?.last ?? 0;
  const notional = mulFixed(toFixed(fitted.qty), toFixed(price));
  const fee = mulFixed(notional, toFixed(market.taker ?? 0));
  const problem = unsupportedReason(order, client.spec, client.options.market);
  return {
    confirmId: `${client.spec.kind}-${now.toString(36)}`,
    sections: [
      {
        header: market.symbol,
        rows: [
          { title: 'Quantity', value: String(fitted.qty) },
          { title: 'Price', value: String(price) },
          { title: `Value (${market.quote})`, value: String(fromFixed(notional)) },
          { title: `Estimated fee (${market.quote})`, value: String(fromFixed(fee)) },
        ],
      },
    ],
    ...(problem === undefined ? {} : { errors: [problem] }),
  };
}
