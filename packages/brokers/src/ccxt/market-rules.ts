/** A ccxt market's precision and limits as exact trading rules (tick, lot step, minimums). */
import type { Exchange, MarketInterface } from 'ccxt';
import { divFixed, fromFixed, mulFixed, toFixed, type Fixed } from '@trading-pro/contracts';
import { stepFromDecimals, type MarketRules } from '../common/precision.ts';

/**
 * Our four venues run ccxt in TICK_SIZE precision mode: precision values are the tick and the lot step.
 * Quantities are in base units everywhere in our API; contract venues (OKX swaps: 0.01 BTC a contract) count
 * contracts, so their lot step and minimum are scaled by the contract size.
 */
export function marketRules(market: MarketInterface): MarketRules {
  const step = (value: number | undefined): bigint => (value !== undefined && value > 0 ? toFixed(value) : stepFromDecimals(8));
  const minQty = market.limits.amount?.min;
  const minCost = market.limits.cost?.min;
  const size = contractSize(market);
  return {
    symbol: market.symbol,
    tickSize: step(market.precision.price),
    lotStep: mulFixed(step(market.precision.amount), size),
    minQty: minQty === undefined ? 0n : mulFixed(toFixed(minQty), size),
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

/** Base units per venue quantity unit: the contract size of contract markets, 1 for spot. */
export function contractSize(market: MarketInterface | undefined): Fixed {
  const size = market?.contract === true ? market.contractSize : undefined;
  return size !== undefined && size > 0 ? toFixed(size) : toFixed(1);
}

/** A base-unit quantity as the venue's amount (contracts on contract markets). */
export function toVenueAmount(qty: number, market: MarketInterface | undefined): number {
  return fromFixed(divFixed(toFixed(qty), contractSize(market)));
}

/** A venue amount (contracts on contract markets) in base units. */
export function fromVenueAmount(amount: number, market: MarketInterface | undefined): number {
  return fromFixed(mulFixed(toFixed(amount), contractSize(market)));
}
