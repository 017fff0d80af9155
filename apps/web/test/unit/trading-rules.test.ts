/** Ticket guards, sizes, market hours, day P&L and hotkey names: the rules behind the safe ticket and the speed features. */
import { describe, expect, it } from 'vitest';
import { OrderType, Side } from '@trading-pro/sdk';
import { dayPL } from '../../src/lib/day-pl.ts';
import { keyOf, typesText } from '../../src/lib/hotkeys.ts';
import { describeMarket, marketStatus, serverMarketStatus, tradingDayStart } from '../../src/lib/market-hours.ts';
import { baseUnit, sizePresets } from '../../src/lib/sizes.ts';
import { bracketPrice, orderValueError, riskReward, ticketWarnings } from '../../src/lib/ticket-checks.ts';
import type { TicketDraft } from '../../src/lib/ticket.ts';

const draft: TicketDraft = { side: Side.Buy, type: OrderType.Market, qty: 1, limitPrice: null, stopPrice: null, duration: 'GTC', takeProfit: null, stopLoss: null };
const EQUITIES = '0930-1600:23456';
const NEW_YORK = 'America/New_York';

describe('ticket warnings', () => {
  it('warns that a buy stop below the ask triggers at once', () => {
    const warnings = ticketWarnings({ ...draft, type: OrderType.Stop, stopPrice: 99 }, 0.01, { bid: 99.9, ask: 100 });
    expect(warnings.join(' ')).toContain('buy stop at 99.00 is at or below the ask 100.00');
    expect(ticketWarnings({ ...draft, type: OrderType.Stop, stopPrice: 101 }, 0.01, { bid: 99.9, ask: 100 })).toEqual([]);
  });

  it('warns about a sell stop above the bid and a stop-loss already through the market', () => {
    const warnings = ticketWarnings({ ...draft, side: Side.Sell, type: OrderType.Stop, stopPrice: 100, stopLoss: 99 }, 0.01, { bid: 99.9, ask: 100 });
    expect(warnings).toHaveLength(2);
  });
});

describe('brackets from the entry', () => {
  it('prefills take-profit above and stop-loss below a buy, on the tick, and the other way for a sell', () => {
    expect(bracketPrice('takeProfit', Side.Buy, 65000, 0.01)).toBe(65650);
    expect(bracketPrice('stopLoss', Side.Buy, 65000, 0.01)).toBe(64675);
    expect(bracketPrice('takeProfit', Side.Sell, 1.08, 0.00001)).toBe(1.0692);
  });

  it('gives reward and risk in money and percent, and their ratio', () => {
    const figures = riskReward(Side.Buy, 100, 10, 110, 95);
    expect(figures.reward).toEqual({ money: 100, percent: 10 });
    expect(figures.risk).toEqual({ money: -50, percent: -5 });
    expect(figures.ratio).toBe(2);
  });

  it('refuses an order above the maximum order value, and not when the guard is off', () => {
    expect(orderValueError(6_500_000_000, 250_000, 'USD')).toContain('above your maximum of 250,000.00 USD');
    expect(orderValueError(6_500_000_000, 0, 'USD')).toBeUndefined();
  });
});

describe('sizes', () => {
  it('sizes a base unit near 1,000 of the account currency on the lot step', () => {
    expect(baseUnit(65000, { qtyStep: 0.00001, minQty: 0.00001 })).toBe(0.01);
    expect(baseUnit(190, { qtyStep: 1, minQty: 1 })).toBe(5);
    expect(baseUnit(1.08, { qtyStep: 1000, minQty: 1000 })).toBe(1000);
    expect(sizePresets(65000, { qtyStep: 0.00001, minQty: 0.00001 })).toEqual([0.01, 0.02, 0.05, 0.1]);
  });
});

describe('market hours', () => {
  it('says when a closed equity market opens, in its own zone', () => {
    const early = Date.UTC(2026, 11, 2, 9, 49);
    const status = marketStatus(EQUITIES, NEW_YORK, early);
    expect(status.open).toBe(false);
    expect(describeMarket(status, NEW_YORK, early)).toBe('Market closed · opens Wed 09:30 EST in 4 h 41 min');
  });

  it('says when an open market closes, and that crypto never does', () => {
    const midday = Date.UTC(2026, 11, 2, 15, 43);
    expect(describeMarket(marketStatus(EQUITIES, NEW_YORK, midday), NEW_YORK, midday)).toBe('Market open · closes Wed 16:00 EST in 5 h 17 min');
    expect(describeMarket(marketStatus('24x7', 'Etc/UTC', midday), 'Etc/UTC', midday)).toBe('Market open 24/7');
  });

  it("shows the server's status, its holidays included, and moves on when an announced transition has passed", () => {
    const thanksgiving = Date.UTC(2026, 10, 26, 15, 0);
    const friday = Date.UTC(2026, 10, 27, 14, 30);
    const halfDayClose = Date.UTC(2026, 10, 27, 18, 0);
    const closed = serverMarketStatus([undefined, { marketStatus: 'closed', nextOpen: friday, nextClose: halfDayClose }], thanksgiving);
    expect(closed && describeMarket(closed, NEW_YORK, thanksgiving)).toBe('Market closed · opens Fri 09:30 EST in 23 h 30 min');
    expect(serverMarketStatus([{ marketStatus: 'closed', nextOpen: friday, nextClose: halfDayClose }], friday + 60_000)).toEqual({ open: true, always: false, closesAt: halfDayClose });
    const pre = serverMarketStatus([{ marketStatus: 'pre', nextOpen: friday, nextClose: halfDayClose }], friday - 3_600_000);
    expect(pre && describeMarket(pre, NEW_YORK, friday - 3_600_000)).toBe('Pre-market · opens Fri 09:30 EST in 1 h 0 min');
    expect(serverMarketStatus([{ marketStatus: 'open' }], thanksgiving)).toEqual({ open: true, always: true });
    expect(serverMarketStatus([{}, undefined], thanksgiving)).toBeUndefined();
  });

  it('starts the trading day at the open, and the FX day at the 17:00 New York roll', () => {
    const midday = Date.UTC(2026, 11, 2, 15, 43);
    expect(new Date(tradingDayStart(EQUITIES, NEW_YORK, midday)).toISOString()).toBe('2026-12-02T14:30:00.000Z');
    expect(new Date(tradingDayStart('1700-1700:23456', NEW_YORK, midday)).toISOString()).toBe('2026-12-01T22:00:00.000Z');
  });
});

describe('day P&L', () => {
  const fill = (side: Side, qty: number, price: number) => ({ id: `${side}${qty}${price}`, orderId: 'O1', symbol: 'X', side, qty, price, time: 1, commission: 0.5 });

  it('marks the position held at the open from the previous close and the day fills from their prices', () => {
    // Held 10 from yesterday (close 100), bought 5 more at 102 today, now 103: 10×3 + 5×1 − 0.5.
    expect(dayPL({ position: 15, fills: [fill(Side.Buy, 5, 102)], mark: 103, previousClose: 100 })).toBe(34.5);
  });

  it('counts a round trip of the day without needing a price', () => {
    expect(dayPL({ position: 0, fills: [fill(Side.Buy, 1, 100), fill(Side.Sell, 1, 104)], mark: undefined, previousClose: undefined })).toBe(3);
  });
});

describe('hotkeys', () => {
  it('names keys by their physical letter with modifiers', () => {
    expect(keyOf({ key: 'B', code: 'KeyB', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false })).toBe('Shift+B');
    expect(keyOf({ key: '?', code: 'Slash', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false })).toBe('?');
    expect(keyOf({ key: 'Shift', code: 'ShiftLeft', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false })).toBeNull();
  });

  it('leaves letters to text fields but not to price and quantity fields', () => {
    const text = document.createElement('input');
    const price = document.createElement('input');
    price.inputMode = 'decimal';
    expect(typesText(text, 'Shift+B')).toBe(true);
    expect(typesText(price, 'Shift+B')).toBe(false);
    expect(typesText(document.createElement('button'), 'Shift+B')).toBe(false);
  });
});
