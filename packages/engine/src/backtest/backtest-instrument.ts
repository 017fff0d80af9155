/** The instrument a backtest trades: the catalog's when it knows the symbol, else one read from the bars. */
import { roundToStep } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import { instrumentFromBars } from '../market/csv-source.ts';
import type { Instrument, InstrumentCatalog } from '../market/instrument.ts';
import { builtinCatalog } from '../market/instruments.ts';

/** Known symbols keep their tick, lot and leverage; others become 24x7 instruments (lot 1) ticked by the data. */
export function backtestInstrument(symbol: string, bars: readonly MarketBar[], catalog: InstrumentCatalog = builtinCatalog()): Instrument {
  return catalog.get(symbol) ?? instrumentFromBars(symbol, bars);
}

/** Bars with every price on the instrument's tick (the engine only quotes on the tick); untouched when already so. */
export function barsOnTick(bars: readonly MarketBar[], instrument: Instrument): readonly MarketBar[] {
  const tick = instrument.tickSize;
  const onTick = (bar: MarketBar) => bar.open % tick === 0n && bar.high % tick === 0n && bar.low % tick === 0n && bar.close % tick === 0n;
  if (bars.every(onTick)) return bars;
  return bars.map((bar) =>
    onTick(bar) ? bar : { time: bar.time, open: roundToStep(bar.open, tick), high: roundToStep(bar.high, tick), low: roundToStep(bar.low, tick), close: roundToStep(bar.close, tick), volume: bar.volume },
  );
}
