/** Small shapes shared by the chart's components. */
import type { OrderType, Side } from '@trading-pro/sdk';

/** One bar as the legend shows it. */
export interface LegendBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | undefined;
}

/** An order offered at a clicked chart price. */
export interface PlaceChoice {
  readonly side: Side;
  /** Limit or Stop. */
  readonly type: OrderType;
}
