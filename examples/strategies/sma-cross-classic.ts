/**
 * The SMA 20/50 crossover of sma-cross.ts in the smallest form a strategy module takes: `export const strategy` with
 * `name` and `onBar`, signals from the context's own SMA (`ctx.crossover`, O(1) per bar in a backtest). Long when
 * the 20-bar SMA of the closes crosses above the 50-bar one, flat when it crosses back below; buys with about 95% of
 * the equity, in whole shares.
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
