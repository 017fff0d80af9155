/**
 * Moving-average crossover: long when the 20-bar SMA of the closes crosses above the 50-bar one, flat when it
 * crosses back below. Buys with about 95% of the equity, in whole shares; market orders fill at the next bar's open.
 */
import type { Strategy } from '@trading-pro/engine';

const FAST = 20;
const SLOW = 50;
const INVESTED = 0.95;

export const strategy: Strategy = {
  name: `sma-cross ${FAST}/${SLOW}`,
  onBar(bar, ctx) {
    const signal = ctx.crossover(FAST, SLOW);
    if (signal === 0) return;
    const held = ctx.positionQty();
    if (signal === 1 && held === 0) {
      const qty = Math.floor((ctx.equity() * INVESTED) / bar.close);
      if (qty > 0) ctx.placeOrder({ type: 2, side: 1, qty });
    } else if (signal === -1 && held > 0) {
      ctx.placeOrder({ type: 2, side: -1, qty: held });
    }
  },
};
