/**
 * Moving-average crossover, per symbol: long when the fast SMA of the closes crosses above the slow one, flat when it
 * crosses back below. Buys with `invested` of the equity split evenly over the symbols, in whole units; market orders
 * fill at the next bar's open. With `stopLoss` > 0 each entry carries a protective stop that far below the close.
 *
 *   npx trading-pro backtest --data examples/data/aapl-daily.csv --strategy examples/strategies/sma-cross.ts
 *   npx trading-pro run --strategy examples/strategies/sma-cross.ts --account DEMO-001 --symbols BTCUSD --param fast=5
 */
import { SMA, defineStrategy } from '@trading-pro/strategy';

interface Lines {
  readonly fast: SMA;
  readonly slow: SMA;
  /** Whether the fast line was above the slow one on the previous bar (undefined until both are ready). */
  above?: boolean;
}

export const strategy = defineStrategy({
  name: 'sma-cross',
  params: { fast: 20, slow: 50, invested: 0.95, stopLoss: 0 },
  symbols: ['AAPL'],
  warmup: 60,
  init(ctx) {
    if (ctx.params.fast >= ctx.params.slow) throw new RangeError(`fast (${ctx.params.fast}) must be below slow (${ctx.params.slow})`);
    return new Map<string, Lines>();
  },
  onBar(bar, ctx, lines) {
    const { fast, slow, invested, stopLoss } = ctx.params;
    let line = lines.get(bar.symbol);
    if (line === undefined) {
      line = { fast: new SMA(fast), slow: new SMA(slow) };
      lines.set(bar.symbol, line);
    }
    const fastValue = line.fast.add(bar.close);
    const slowValue = line.slow.add(bar.close);
    if (fastValue === null || slowValue === null) return;
    const wasAbove = line.above;
    line.above = fastValue > slowValue;
    if (wasAbove === undefined || wasAbove === line.above) return;
    const held = ctx.positionQty();
    if (line.above && held === 0) {
      const qty = Math.floor((ctx.equity() * invested) / ctx.symbols.length / bar.close);
      if (qty <= 0) return;
      const protect = stopLoss > 0 ? { stopLoss: Math.round(bar.close * (1 - stopLoss) * 100) / 100 } : {};
      const { rejectReason } = ctx.placeOrder({ type: 2, side: 1, qty, ...protect });
      ctx.log(`${bar.symbol} crossed up at ${bar.close}: buy ${qty}${rejectReason === undefined ? '' : ` refused (${rejectReason})`}`);
    } else if (!line.above && held > 0) {
      // The protective stop goes first, so that it cannot fill after the position is closed.
      if (stopLoss > 0) for (const order of ctx.orders()) if (order.symbol === bar.symbol) ctx.cancelOrder(order.id);
      const { rejectReason } = ctx.placeOrder({ type: 2, side: -1, qty: held });
      ctx.log(`${bar.symbol} crossed down at ${bar.close}: sell ${held}${rejectReason === undefined ? '' : ` refused (${rejectReason})`}`);
    }
  },
});
