/** The offline fallback's books: net positions with average price, realized and unrealized P&L, margin, exact money. */
import { absFixed, divFixed, fromFixed, mulFixed, parseFixed, roundToStep, type Fixed } from '@trading-pro/contracts';
import type { Account, EquityData, Position, Side } from '../types.ts';
import type { SimMarket } from './sim-market.ts';

const CENT = parseFixed('0.01');

export function toMoney(value: Fixed): Fixed {
  return roundToStep(value, CENT);
}

export interface SimPosition {
  readonly symbol: string;
  /** Signed: positive long, negative short. */
  qty: Fixed;
  avgPrice: Fixed;
  takeProfit: Fixed | undefined;
  stopLoss: Fixed | undefined;
  updateTime: number;
}

export interface AccountIdentity {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
}

export class SimLedger {
  readonly positions = new Map<string, SimPosition>();
  readonly leverage = new Map<string, number>();
  readonly #identity: AccountIdentity;
  readonly #initial: Fixed;
  readonly #market: SimMarket;
  #realized: Fixed = 0n;
  #commissions: Fixed = 0n;

  constructor(identity: AccountIdentity, initialBalance: Fixed, market: SimMarket) {
    this.#identity = identity;
    this.#initial = initialBalance;
    this.#market = market;
  }

  leverageOf(symbol: string): number {
    return this.leverage.get(symbol) ?? 1;
  }

  /** Applies a fill; returns the position after it (qty 0 when it closed). */
  fill(symbol: string, side: Side, qty: Fixed, price: Fixed, commission: Fixed, now: number): SimPosition {
    this.#commissions += commission;
    const current = this.positions.get(symbol);
    const signed = side === 1 ? qty : -qty;
    if (!current || current.qty === 0n) {
      const opened: SimPosition = { symbol, qty: signed, avgPrice: price, takeProfit: undefined, stopLoss: undefined, updateTime: now };
      this.positions.set(symbol, opened);
      return opened;
    }
    const before = current.qty;
    const after = before + signed;
    if (before > 0n === signed > 0n) {
      // Growing: the average price moves to the quantity-weighted mean.
      current.avgPrice = divFixed(mulFixed(absFixed(before), current.avgPrice) + mulFixed(qty, price), absFixed(after));
    } else {
      const closed = absFixed(before) < qty ? absFixed(before) : qty;
      const perUnit = before > 0n ? price - current.avgPrice : current.avgPrice - price;
      this.#realized += toMoney(mulFixed(closed, perUnit));
      if (after !== 0n && after > 0n !== before > 0n) {
        current.avgPrice = price;
        current.takeProfit = undefined;
        current.stopLoss = undefined;
      }
    }
    current.qty = after;
    current.updateTime = now;
    if (after === 0n) this.positions.delete(symbol);
    return current;
  }

  /** Unrealized P&L at the price a close would get (bid for a long, ask for a short). */
  unrealized(position: SimPosition): Fixed {
    const quote = this.#market.quote(position.symbol);
    if (!quote) return 0n;
    const mark = position.qty > 0n ? quote.bid : quote.ask;
    return toMoney(mulFixed(position.qty, mark - position.avgPrice));
  }

  marginOf(position: SimPosition): Fixed {
    return toMoney(divFixed(mulFixed(absFixed(position.qty), position.avgPrice), BigInt(this.leverageOf(position.symbol)) * 100_000_000n));
  }

  balance(): Fixed {
    return this.#initial + this.#realized - toMoney(this.#commissions);
  }

  totals(): { balance: Fixed; unrealized: Fixed; equity: Fixed; margin: Fixed; buyingPower: Fixed } {
    let unrealized = 0n;
    let margin = 0n;
    for (const position of this.positions.values()) {
      unrealized += this.unrealized(position);
      margin += this.marginOf(position);
    }
    const balance = this.balance();
    const equity = balance + unrealized;
    return { balance, unrealized, equity, margin, buyingPower: equity - margin };
  }

  account(): Account {
    const t = this.totals();
    return {
      ...this.#identity,
      balance: fromFixed(t.balance),
      equity: fromFixed(t.equity),
      unrealizedPL: fromFixed(t.unrealized),
      realizedPL: fromFixed(this.#realized),
      marginUsed: fromFixed(t.margin),
      buyingPower: fromFixed(t.buyingPower),
    };
  }

  equity(): EquityData {
    const t = this.totals();
    return { balance: fromFixed(t.balance), equity: fromFixed(t.equity), unrealizedPL: fromFixed(t.unrealized), realizedPL: fromFixed(this.#realized) };
  }

  toPosition(position: SimPosition): Position {
    const base = {
      id: position.symbol,
      symbol: position.symbol,
      qty: fromFixed(absFixed(position.qty)),
      side: (position.qty < 0n ? -1 : 1) as Side,
      avgPrice: fromFixed(position.avgPrice),
      pl: fromFixed(position.qty === 0n ? 0n : this.unrealized(position)),
      updateTime: position.updateTime,
    };
    return {
      ...base,
      ...(position.takeProfit === undefined ? {} : { takeProfit: fromFixed(position.takeProfit) }),
      ...(position.stopLoss === undefined ? {} : { stopLoss: fromFixed(position.stopLoss) }),
    };
  }
}
