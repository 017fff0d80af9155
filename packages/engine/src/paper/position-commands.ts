/** Commands on positions and leverage: close, reverse, brackets, leverage. */
import { ErrorCode, OrderStatus, TradingError, absFixed, fixedToString, mulFixed } from '@trading-pro/contracts';
import type { Fixed, PositionBrackets } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';
import { cancelPositionBrackets, setPositionBrackets } from './brackets.ts';
import type { EngineCore } from './core.ts';
import { advanceClock } from './matching.ts';
import { marginFor } from './accounting.ts';
import { money, openLossOf, submitMarket } from './placement.ts';
import type { PositionRecord } from './records.ts';
import { checkQty, invalid } from './validation.ts';

function requirePosition(core: EngineCore, symbol: string): PositionRecord {
  const position = core.state.positions.get(symbol);
  if (position === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `no open position in ${symbol}`);
  return position;
}

/**
 * Engine-initiated market orders are checked up front and thrown, not recorded, when they cannot trade. While the
 * market is closed they are queued for the open, unless `offHours: reject`.
 */
function ensureTradable(core: EngineCore, instrument: Instrument, now: number): void {
  if (core.offHours === 'reject' && !core.marketHours.isOpen(instrument, now)) {
    throw new TradingError(ErrorCode.MARKET_CLOSED, `${instrument.symbol} market is closed at ${new Date(now).toISOString()}`);
  }
  if (core.state.books.get(instrument.symbol)?.quote === undefined) {
    throw new TradingError(ErrorCode.ORDER_REJECTED, `no quote for ${instrument.symbol}: a market order needs a price`);
  }
}

/** What working closes of the symbol's position still have to fill, and whether a reverse is working. */
function workingCloses(core: EngineCore, symbol: string): { closing: Fixed; reversing: boolean } {
  let closing = 0n;
  let reversing = false;
  for (const order of core.state.orders.values()) {
    if (order.symbol !== symbol || order.status !== OrderStatus.Working) continue;
    if (order.reduceOnly === true) closing += order.qty - order.filledQty;
    if (order.reverse === true) reversing = true;
  }
  return { closing, reversing };
}

/**
 * A close is reduce-only: it may take at most the open quantity that working closes do not already cover, and
 * its order never fills beyond the position (so concurrent closes leave the position flat, never reversed).
 */
export function closePosition(core: EngineCore, symbol: string, amount: number | undefined, now: number): void {
  advanceClock(core, now);
  const position = requirePosition(core, symbol);
  const instrument = core.requireInstrument(symbol);
  const size = absFixed(position.qty);
  const requested: Fixed | undefined = amount === undefined ? undefined : checkQty(amount, instrument, 'amount', false);
  const { closing, reversing } = workingCloses(core, symbol);
  if (reversing) throw new TradingError(ErrorCode.CONFLICT, `the ${symbol} position is being reversed`);
  const open = size - closing;
  if (open <= 0n) throw new TradingError(ErrorCode.CONFLICT, `the ${symbol} position is already being closed`);
  const qty = requested ?? open;
  if (qty > open) {
    throw new TradingError(
      ErrorCode.CONFLICT,
      `amount ${fixedToString(qty)} exceeds the ${fixedToString(open)} ${symbol} not already being closed (position ${fixedToString(size)})`,
    );
  }
  ensureTradable(core, instrument, now);
  if (qty === size) cancelPositionBrackets(core, symbol, core.state.clock, 'position closed');
  submitMarket(core, symbol, position.side === 1 ? -1 : 1, qty, now, { reduceOnly: true });
}

/** A reverse is one market order of twice the position; it is refused while a close or another reverse works. */
export function reversePosition(core: EngineCore, symbol: string, now: number): void {
  advanceClock(core, now);
  const position = requirePosition(core, symbol);
  const instrument = core.requireInstrument(symbol);
  const { closing, reversing } = workingCloses(core, symbol);
  if (reversing || closing > 0n) throw new TradingError(ErrorCode.CONFLICT, `the ${symbol} position is already being ${reversing ? 'reversed' : 'closed'}`);
  ensureTradable(core, instrument, now);
  checkReverseMargin(core, position);
  cancelPositionBrackets(core, symbol, core.state.clock, 'position reversed');
  submitMarket(core, symbol, position.side === 1 ? -1 : 1, absFixed(position.qty) * 2n, now, { reverse: true });
}

/**
 * The new side needs its margin at the other side of the quote, the commission on twice the size and the spread
 * it opens at; what the old side held is released. A reverse that does not fit is refused (422), nothing placed.
 */
function checkReverseMargin(core: EngineCore, position: PositionRecord): void {
  const quote = core.state.books.get(position.symbol)?.quote;
  if (quote === undefined) return;
  const size = absFixed(position.qty);
  const side = position.side === 1 ? -1 : 1;
  const price = side === 1 ? quote.ask : quote.bid;
  const leverage = core.leverageOf(position.symbol);
  const released = marginFor(size, position.side === 1 ? quote.bid : quote.ask, leverage, core.minorUnit);
  const needed = marginFor(size, side === 1 ? quote.bid : quote.ask, leverage, core.minorUnit);
  const commission = core.commission.commission(mulFixed(size * 2n, price), 0n, core.moneyUnit(position.symbol), size * 2n);
  const required = needed - released + commission + openLossOf(core, position.symbol, side, size, price);
  const available = core.equity() - core.marginUsed() - core.reservedMargin();
  if (required > 0n && required > available) {
    throw new TradingError(
      ErrorCode.INSUFFICIENT_BUYING_POWER,
      `reversing ${fixedToString(size)} ${position.symbol} needs ${money(core, required)} more margin (commission and open loss included) than the ${money(core, available > 0n ? available : 0n)} free`,
    );
  }
}

export function editPositionBrackets(core: EngineCore, symbol: string, brackets: PositionBrackets, now: number): void {
  if (typeof brackets !== 'object' || brackets === null) throw invalid('', 'brackets must be an object');
  advanceClock(core, now);
  setPositionBrackets(core, symbol, brackets, core.state.clock);
}

/**
 * Sets the symbol's leverage (whole steps from 1 to the instrument's maximum). Refused (422) when the margin that
 * positions and working orders would then need exceeds equity.
 */
export function setLeverage(core: EngineCore, symbol: string, leverage: number, now: number): void {
  const instrument = core.requireInstrument(symbol);
  if (typeof leverage !== 'number' || !Number.isInteger(leverage) || leverage < 1 || leverage > instrument.maxLeverage) {
    throw invalid('leverage', `leverage must be a whole number from 1 to ${instrument.maxLeverage}`);
  }
  advanceClock(core, now);
  if (leverage === core.leverageOf(symbol)) return;
  if (leverage < core.leverageOf(symbol)) {
    const at = (s: string) => (s === symbol ? leverage : core.leverageOf(s));
    const needed = core.marginUsed(at) + core.reservedMargin(at);
    const equity = core.equity();
    if (needed > equity) {
      throw new TradingError(
        ErrorCode.INSUFFICIENT_BUYING_POWER,
        `leverage ${leverage}x on ${symbol} would need ${money(core, needed)} of margin for positions and working orders; equity is ${money(core, equity)}`,
      );
    }
  }
  core.emit({ type: 'leverage', leverage: { symbol, leverage, time: core.state.clock } });
}
