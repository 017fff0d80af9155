/** A ccxt market's precision and limits as exact trading rules (tick, lot step, minimums). */
import type { Exchange, MarketInterface } from 'ccxt';
import { toFixed } from '@trading-pro/contracts';
import { stepFromDecimals, type MarketRules } from '../common/precision.ts';

/** Our four venues run ccxt in TICK_SIZE precision mode: precision values are the tick and the lot step. */
export function marketRules(market: MarketInterface): MarketRules {
  const step = (value: number | undefined): bigint => (value !== undefined && value > 0 ? toFixed(value) : stepFromDecimals(8));
  const minQty = market.limits.amount?.min;
  const minCost = market.limits.cost?.min;
  return {
    symbol: market.symbol,
    tickSize: step(market.precision.price),
    lotStep: step(market.precision.amount),
    minQty: minQty === undefined ? 0n : toFixed(minQty),
    ...(minCost === undefined ? {} : { minNotional: toFixed(minCost) }),
  };
}

/** A loaded market by unified symbol (`BTC/USDT`) or the venue's id (`BTCUSDT`). */
export function marketOf(exchange: Exchange, symbol: string): MarketInterface | undefined {
  const markets = (exchange.markets ?? {}) as Record<string, MarketInterface | undefined>;
  const direct = markets[symbol];
  if (direct !== undefined) return direct;
  const byId = (exchange.markets_by_id ?? {}) as Record<string, MarketInterface[] | undefined>;
  return byId[symbol]?.[0];
}
