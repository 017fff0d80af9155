/** Commands on positions and leverage: close, reverse, brackets, leverage. */
import { ErrorCode, TradingError, absFixed, fixedToString } from '@trading-pro/contracts';
import type { Fixed, PositionBrackets } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';
import { marginFor } from './accounting.ts';
import { cancelPositionBrackets, setPositionBrackets } from './brackets.ts';
import type { EngineCore } from './core.ts';
import { advanceClock } from './matching.ts';
import { submitMarket } from './placement.ts';
import type { PositionRecord } from './records.ts';
import { checkQty, invalid } from './validation.ts';

function requirePosition(core: EngineCore, symbol: string): PositionRecord {
  const position = core.state.positions.get(symbol);
  if (position === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `no open position in ${symbol}`);
  return position;
}

/** Engine-initiated market orders are checked up front and thrown, not recorded, when they cannot trade. */
function ensureTradable(core: EngineCore, instrument: Instrument, now: number): void {
  if (!core.marketHours.isOpen(instrument, now)) {
    throw new TradingError(ErrorCode.MARKET_CLOSED, `${instrument.symbol} market is closed at ${new Date(now).toISOString()}`);
  }
  if (core.state.books.get(instrument.symbol)?.quote === undefined) {
    throw new TradingError(ErrorCode.ORDER_REJECTED, `no quote for ${instrument.symbol}: a market order needs a price`);
  }
}

export function closePosition(core: EngineCore, symbol: string, amount: number | undefined, now: number): void {
  advanceClock(core, now);
  const position = requirePosition(core, symbol);
  const instrument = core.requireInstrument(symbol);
  const size = absFixed(position.qty);
  const qty: Fixed = amount === undefined ? size : checkQty(amount, instrument, 'amount', false);
  if (qty > size) throw invalid('amount', `amount ${amount} exceeds the position size ${fixedToString(size)}`);
  ensureTradable(core, instrument, now);
  if (qty === size) cancelPositionBrackets(core, symbol, core.state.clock, 'position closed');
  submitMarket(core, symbol, position.side === 1 ? -1 : 1, qty, now);
}

export function reversePosition(core: EngineCore, symbol: string, now: number): void {
  advanceClock(core, now);
  const position = requirePosition(core, symbol);
  const instrument = core.requireInstrument(symbol);
  ensureTradable(core, instrument, now);
  cancelPositionBrackets(core, symbol, core.state.clock, 'position reversed');
  submitMarket(core, symbol, position.side === 1 ? -1 : 1, absFixed(position.qty) * 2n, now);
}

export function editPositionBrackets(core: EngineCore, symbol: string, brackets: PositionBrackets, now: number): void {
  if (typeof brackets !== 'object' || brackets === null) throw invalid('', 'brackets must be an object');
  advanceClock(core, now);
  setPositionBrackets(core, symbol, brackets, core.state.clock);
}

/** Sets the symbol's leverage (whole steps from 1 to the instrument's maximum); rejected if open margin would exceed equity. */
export function setLeverage(core: EngineCore, symbol: string, leverage: number, now: number): void {
  const instrument = core.requireInstrument(symbol);
  if (typeof leverage !== 'number' || !Number.isInteger(leverage) || leverage < 1 || leverage > instrument.maxLeverage) {
    throw invalid('leverage', `leverage must be a whole number from 1 to ${instrument.maxLeverage}`);
  }
  advanceClock(core, now);
  if (leverage === core.leverageOf(symbol)) return;
  const position = core.state.positions.get(symbol);
  if (position !== undefined) {
    const quote = core.state.books.get(symbol)?.quote;
    const mark = quote === undefined ? position.avgPrice : position.qty > 0n ? quote.bid : quote.ask;
    const current = marginFor(position.qty, mark, core.leverageOf(symbol), core.minorUnit);
    const next = marginFor(position.qty, mark, leverage, core.minorUnit);
    if (next - current > core.buyingPower()) {
      throw new TradingError(ErrorCode.INSUFFICIENT_BUYING_POWER, `leverage ${leverage}x on ${symbol} needs ${fixedToString(next - current)} more margin than is free`);
    }
  }
  core.emit({ type: 'leverage', leverage: { symbol, leverage, time: core.state.clock } });
}
