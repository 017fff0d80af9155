/**
 * Round trips folded from the engine's events: a trade opens when a position leaves zero and closes when it
 * returns to zero (a fill that flips the position closes one trade and opens the next). Each fill of the trade
 * adds its commission (a flipping fill's commission is split by quantity); the realized P&L of a trade is the sum
 * of the engine's own realized P&L on its reducing fills, so the trades add up to the books exactly.
 */
import { divRound, roundToStep } from '@trading-pro/contracts';
import type { Fixed, Side } from '@trading-pro/contracts';
import type { EngineEvent, ExecutionRecord } from '../paper/records.ts';

/** A round trip while it is built; final once `open` is false. */
export interface LedgerTrade {
  readonly symbol: string;
  readonly side: Side;
  /** Signed quantity still open. */
  qty: Fixed;
  /** Largest absolute size the position reached. */
  maxQty: Fixed;
  entryTime: number;
  exitTime: number | undefined;
  /** Σ qty and Σ qty × price of the fills that opened or added, and of those that reduced. */
  entryQty: Fixed;
  entryNotional: Fixed;
  exitQty: Fixed;
  exitNotional: Fixed;
  /** Realized P&L (before fees) and commissions, in the account currency. */
  pl: Fixed;
  fees: Fixed;
  fills: number;
  open: boolean;
}

export class TradeLedger {
  readonly trades: LedgerTrade[] = [];
  /** The latest books, from the engine's balance events. */
  balance: Fixed;
  realizedPL: Fixed = 0n;
  commissionPaid: Fixed = 0n;
  fills = 0;
  /** Trades (= positions) open now. */
  openCount = 0;
  readonly #open = new Map<string, LedgerTrade>();
  readonly #minorUnit: Fixed;
  /** The trade the last fill reduced: the balance event that follows carries its realized P&L. */
  #reduced: LedgerTrade | undefined;

  constructor(initialBalance: Fixed, minorUnit: Fixed) {
    this.balance = initialBalance;
    this.#minorUnit = minorUnit;
  }

  /** Signed open quantity of `symbol` (0 when flat). */
  openQty(symbol: string): Fixed {
    return this.#open.get(symbol)?.qty ?? 0n;
  }

  record(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type === 'execution') this.#fill(event.execution);
      else if (event.type === 'balance') {
        const delta = event.balance.realizedPL - this.realizedPL;
        if (delta !== 0n && this.#reduced !== undefined) this.#reduced.pl += delta;
        this.balance = event.balance.balance;
        this.realizedPL = event.balance.realizedPL;
        this.commissionPaid = event.balance.commissionPaid;
      }
    }
  }

  #fill(fill: ExecutionRecord): void {
    this.fills++;
    this.#reduced = undefined;
    const trade = this.#open.get(fill.symbol);
    if (trade === undefined) {
      this.#openTrade(fill, fill.qty, fill.commission);
      return;
    }
    trade.fills++;
    if ((trade.qty > 0n ? 1 : -1) === fill.side) {
      trade.qty += fill.side === 1 ? fill.qty : -fill.qty;
      trade.entryQty += fill.qty;
      trade.entryNotional += fill.qty * fill.price;
      trade.fees += fill.commission;
      const size = trade.qty < 0n ? -trade.qty : trade.qty;
      if (size > trade.maxQty) trade.maxQty = size;
      return;
    }
    const size = trade.qty < 0n ? -trade.qty : trade.qty;
    const closing = size < fill.qty ? size : fill.qty;
    const fee = closing === fill.qty ? fill.commission : roundToStep(divRound(fill.commission * closing, fill.qty), this.#minorUnit);
    trade.qty += fill.side === 1 ? closing : -closing;
    trade.exitQty += closing;
    trade.exitNotional += closing * fill.price;
    trade.fees += fee;
    this.#reduced = trade;
    if (trade.qty !== 0n) return;
    trade.open = false;
    trade.exitTime = fill.time;
    this.#open.delete(fill.symbol);
    this.openCount--;
    if (closing < fill.qty) this.#openTrade(fill, fill.qty - closing, fill.commission - fee);
  }

  #openTrade(fill: ExecutionRecord, qty: Fixed, fee: Fixed): void {
    const trade: LedgerTrade = {
      symbol: fill.symbol,
      side: fill.side,
      qty: fill.side === 1 ? qty : -qty,
      maxQty: qty,
      entryTime: fill.time,
      exitTime: undefined,
      entryQty: qty,
      entryNotional: qty * fill.price,
      exitQty: 0n,
      exitNotional: 0n,
      pl: 0n,
      fees: fee,
      fills: 1,
      open: true,
    };
    this.trades.push(trade);
    this.#open.set(fill.symbol, trade);
    this.openCount++;
  }
}
