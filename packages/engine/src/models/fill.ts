/** Fill models: when a resting limit order is reached by the market (small pluggable models, as Lean's IFillModel). */
import type { Fixed, Side } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';

export type FillModelName = 'standard' | 'touch';

export interface FillModel {
  /** Does `quote` reach a resting limit of `side` at `limit`? The fill is then at the limit (a maker fill). */
  reaches(side: Side, limit: Fixed, quote: MarketQuote): boolean;
}

/** The opposite side of the book comes to the limit: a buy fills once the ask is at or below it. */
export const standardFill: FillModel = {
  reaches: (side, limit, quote) => (side === 1 ? quote.ask <= limit : quote.bid >= limit),
};

/** A trade at the limit is enough (more optimistic: it assumes the order was first in the queue at its price). */
export const touchFill: FillModel = {
  reaches: (side, limit, quote) => (side === 1 ? quote.last <= limit || quote.ask <= limit : quote.last >= limit || quote.bid >= limit),
};

export function fillModelOf(name: FillModelName | undefined): FillModel {
  return name === 'touch' ? touchFill : standardFill;
}
