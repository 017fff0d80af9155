/** A tradable instrument: what the engine needs to validate, round and margin an order. */
import type { Fixed } from '@trading-pro/contracts';
import type { TradingSession } from './session.ts';

export type InstrumentType = 'stock' | 'crypto' | 'forex' | 'index' | 'fund' | 'futures';

export interface Instrument {
  readonly symbol: string;
  readonly description: string;
  readonly type: InstrumentType;
  readonly exchange: string;
  /** Quote currency: P&L and notional are in it (the built-in list quotes everything in USD). */
  readonly currency: string;
  /** Smallest price increment. */
  readonly tickSize: Fixed;
  /** Smallest quantity increment. */
  readonly lotStep: Fixed;
  /** Smallest order quantity. */
  readonly minQty: Fixed;
  readonly session: TradingSession;
  /** Highest leverage the account may set on it (1 = cash only). */
  readonly maxLeverage: number;
  /** Leverage in force until the account sets another. */
  readonly defaultLeverage: number;
}

/** Looks instruments up by symbol; the engine and the datafeed share one. */
export interface InstrumentCatalog {
  get(symbol: string): Instrument | undefined;
  list(): readonly Instrument[];
}

export function catalogOf(instruments: readonly Instrument[]): InstrumentCatalog {
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  return { get: (symbol) => bySymbol.get(symbol), list: () => instruments };
}

/** Decimal places needed to print prices of this instrument. */
export function priceDecimals(instrument: Instrument): number {
  return decimalsOf(instrument.tickSize);
}

export function decimalsOf(step: Fixed): number {
  let places = 8;
  let value = step;
  while (places > 0 && value % 10n === 0n) {
    value /= 10n;
    places--;
  }
  return places;
}

/** An instrument the simulated market can quote: it needs a starting price. */
export interface SimulatedInstrument extends Instrument {
  /** Price the simulation starts at (history is generated backwards from it). */
  readonly basePrice: Fixed;
}
