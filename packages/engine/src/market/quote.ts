/** A top-of-book market snapshot for one symbol: what the paper engine fills against. */
import type { Fixed } from '@trading-pro/contracts';

export interface MarketQuote {
  readonly symbol: string;
  /** Unix ms, UTC. */
  readonly time: number;
  readonly bid: Fixed;
  readonly ask: Fixed;
  readonly last: Fixed;
  /** Displayed size at the bid/ask: a market order beyond it fills partially. */
  readonly bidSize: Fixed;
  readonly askSize: Fixed;
  /** Volume traded since the previous quote. */
  readonly volume: Fixed;
}
