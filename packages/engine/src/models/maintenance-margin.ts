/** Maintenance-margin model: the share of a position's value the account must keep as equity, by instrument class. */
import { toFixed, type Fixed } from '@trading-pro/contracts';
import type { Instrument, InstrumentType } from '../market/instrument.ts';

export interface MaintenanceMarginModel {
  /** Fraction of |qty| × mark that equity must cover while the position is open. */
  rate(instrument: Instrument): Fixed;
}

/**
 * Defaults in the range venues use: Reg T's 25% for US stocks and funds, 5% for crypto, index and futures
 * (a 20× maximum leverage), 2% for FX (50×).
 */
export const DEFAULT_MAINTENANCE_RATES: Readonly<Record<InstrumentType, number>> = {
  stock: 0.25,
  fund: 0.25,
  index: 0.05,
  futures: 0.05,
  crypto: 0.05,
  forex: 0.02,
};

export function classMaintenanceMargin(rates: Partial<Record<InstrumentType, number>> = {}): MaintenanceMarginModel {
  const table = new Map<InstrumentType, Fixed>();
  for (const [type, rate] of Object.entries({ ...DEFAULT_MAINTENANCE_RATES, ...rates }) as [InstrumentType, number][]) table.set(type, toFixed(rate));
  return { rate: (instrument) => table.get(instrument.type) ?? toFixed(0.25) };
}
