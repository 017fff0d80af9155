/**
 * A double-precision running valuation of the open positions (unrealized P&L, margin used, maintenance margin),
 * updated one symbol at a time as its quote, position or leverage changes. It screens the exact checks: buying
 * power before an order and maintenance margin after a quote are computed exactly (bigint, every position) only
 * when the screen finds the answer within its error bound, so a decision never depends on a double.
 */
import { FIXED_ONE } from '@trading-pro/contracts';
import type { EngineCore } from './core.ts';
import type { Instrument } from '../market/instrument.ts';
import type { PositionRecord } from './records.ts';
import type { EngineState } from './state.ts';

const UNIT = Number(FIXED_ONE);
/** Incremental sums drift by a rounding per update: they are rebuilt from scratch this often. */
const REBUILD_EVERY = 4_096;

/** One position's figures, with what they were computed from (a new quote alone reuses the rest). */
interface Entry {
  position: PositionRecord;
  leverage: number;
  /** The instrument the rate came from (a catalog may list an instrument only after a restored position). */
  instrument: Instrument | undefined;
  qty: number;
  avg: number;
  /** Maintenance rate (0 for an unknown instrument). */
  rate: number;
  upl: number;
  margin: number;
  maintenance: number;
  /** |qty| × (mark + average price), the scale of this entry's rounding error. */
  gross: number;
}

export class ValuationScreen {
  /** Σ over open positions, in account currency. */
  upl = 0;
  margin = 0;
  maintenance = 0;
  gross = 0;
  #state: EngineState | undefined;
  readonly #entries = new Map<string, Entry>();
  #updates = 0;

  /**
   * Positions valued without their instrument (not listed yet, e.g. restored before a venue's list arrived): its
   * listing would change the figures without touching the symbol, so the screen cannot be trusted while any exist.
   */
  unlisted = 0;

  /** Brings the sums up to date with the core's state (a new state object is valued from scratch). */
  refresh(core: EngineCore): void {
    const state = core.state;
    if (state !== this.#state || this.#updates >= REBUILD_EVERY) {
      this.#rebuild(core, state);
      return;
    }
    const touched = state.touched;
    if (touched.size === 0) return;
    for (const symbol of touched) this.#update(core, symbol);
    this.#updates += touched.size;
    touched.clear();
  }

  /**
   * A bound on the error of `upl`, `margin` and `maintenance` against the exact figures: the exact ones round each
   * position's amounts to the minor unit (and margin up to it), the doubles carry relative rounding errors.
   */
  tolerance(core: EngineCore, balance: number): number {
    const minor = Number(core.minorUnit) / UNIT;
    return 1e-7 * (Math.abs(balance) + this.gross) + 2 * minor * (this.#entries.size + 1);
  }

  #rebuild(core: EngineCore, state: EngineState): void {
    this.#state = state;
    this.#entries.clear();
    this.upl = 0;
    this.margin = 0;
    this.maintenance = 0;
    this.gross = 0;
    this.unlisted = 0;
    this.#updates = 0;
    for (const symbol of state.positions.keys()) this.#update(core, symbol);
    state.touched.clear();
  }

  #update(core: EngineCore, symbol: string): void {
    const state = core.state;
    const position = state.positions.get(symbol);
    let entry = this.#entries.get(symbol);
    if (entry !== undefined) {
      this.upl -= entry.upl;
      this.margin -= entry.margin;
      this.maintenance -= entry.maintenance;
      this.gross -= entry.gross;
      if (entry.instrument === undefined) this.unlisted--;
    }
    if (position === undefined) {
      this.#entries.delete(symbol);
      return;
    }
    const leverage = core.leverageOf(symbol);
    const instrument = core.instrument(symbol);
    if (entry === undefined || entry.position !== position || entry.leverage !== leverage || entry.instrument !== instrument) {
      entry = entryOf(core, position, leverage, instrument);
      this.#entries.set(symbol, entry);
    }
    if (instrument === undefined) this.unlisted++;
    const quote = state.books.get(symbol)?.quote;
    const mark = quote === undefined ? entry.avg : Number(position.qty >= 0n ? quote.bid : quote.ask) / UNIT;
    const size = Math.abs(entry.qty);
    entry.upl = quote === undefined ? 0 : (mark - entry.avg) * entry.qty;
    entry.margin = (size * mark) / leverage;
    entry.maintenance = size * mark * entry.rate;
    entry.gross = size * (mark + entry.avg);
    this.upl += entry.upl;
    this.margin += entry.margin;
    this.maintenance += entry.maintenance;
    this.gross += entry.gross;
  }
}

/** The parts of a position's valuation that only its record and leverage change (as `EngineCore` computes them). */
function entryOf(core: EngineCore, position: PositionRecord, leverage: number, instrument: Instrument | undefined): Entry {
  const classRate = instrument === undefined ? 0 : Number(core.maintenance.rate(instrument)) / UNIT;
  return {
    position,
    leverage,
    instrument,
    qty: Number(position.qty) / UNIT,
    avg: Number(position.avgPrice) / UNIT,
    rate: Math.min(classRate, 1 / (2 * leverage)),
    upl: 0,
    margin: 0,
    maintenance: 0,
    gross: 0,
  };
}
