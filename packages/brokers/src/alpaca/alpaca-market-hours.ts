/**
 * Market-hours check against Alpaca's clock and calendar. Market orders are taken only in regular hours;
 * outside them a limit DAY order may run in the extended session (04:00–09:30, 16:00–20:00 New York) when the
 * account allows it, and other orders are queued by Alpaca for the next open.
 */
import { ErrorCode, OrderType, TradingError } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';
import type { AlpacaHttpClient } from './alpaca-http.ts';
import type { AlpacaCalendarDayWire, AlpacaClockWire } from './alpaca-types.ts';
import { parseIsoMs } from './alpaca-parse.ts';

const NEW_YORK = 'America/New_York';
const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: NEW_YORK,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** New York calendar date (`YYYY-MM-DD`) and minute of day at `timeMs`. */
export function newYorkWallClock(timeMs: number): { date: string; minute: number } {
  const parts: Record<string, string> = {};
  for (const part of wallClock.formatToParts(timeMs)) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** `"0400"`, `"04:00"` → minutes after midnight. */
export function minuteOfDay(text: string): number {
  const digits = text.replace(':', '');
  return Number(digits.slice(0, -2)) * 60 + Number(digits.slice(-2));
}

export interface MarketHoursOptions {
  /** The account may trade limit DAY orders in the pre- and after-market sessions. */
  readonly extendedHours: boolean;
  /** Market orders while the market is closed: Alpaca queues them for the next open ('queue'), or refuse them ('reject'). */
  readonly marketOrdersWhenClosed: 'queue' | 'reject';
  /** How long a clock answer is trusted (it is also dropped at the next open/close it announces). */
  readonly clockCacheMs: number;
  readonly now: () => number;
}

export interface MarketHoursDecision {
  /** Send `extended_hours: true`. */
  readonly extendedHours: boolean;
}

export class AlpacaMarketHours {
  readonly #http: AlpacaHttpClient;
  readonly #options: MarketHoursOptions;
  #clock: { value: AlpacaClockWire; until: number } | undefined;
  #calendar = new Map<string, AlpacaCalendarDayWire | null>();

  constructor(http: AlpacaHttpClient, options: MarketHoursOptions) {
    this.#http = http;
    this.#options = options;
  }

  /** Throws MARKET_CLOSED (a recorded rejection) when the order cannot be taken now. */
  async check(order: PreOrder): Promise<MarketHoursDecision> {
    const clock = await this.clock();
    if (clock.is_open) return { extendedHours: false };
    const immediate = order.duration?.type === 'IOC' || order.duration?.type === 'FOK';
    if (order.type === OrderType.Market && (this.#options.marketOrdersWhenClosed === 'reject' || immediate)) {
      const why = immediate ? `an ${order.duration?.type ?? ''} market order cannot wait for the open` : 'market orders are taken only in regular hours (marketOrdersWhenClosed: reject)';
      throw new TradingError(ErrorCode.MARKET_CLOSED, `the US equity market is closed until ${clock.next_open}; ${why}`);
    }
    // Alpaca queues a DAY/GTC market order placed while closed and executes it at the next open.
    if (order.type === OrderType.Market) return { extendedHours: false };
    const simpleLimitDay = order.type === OrderType.Limit && order.duration?.type === 'DAY' && order.takeProfit === undefined && order.stopLoss === undefined;
    if (!this.#options.extendedHours || !simpleLimitDay) return { extendedHours: false };
    return { extendedHours: await this.#inExtendedSession(parseIsoMs(clock.timestamp) ?? this.#options.now()) };
  }

  async clock(): Promise<AlpacaClockWire> {
    const now = this.#options.now();
    if (this.#clock && now < this.#clock.until) return this.#clock.value;
    const value = await this.#http.getClock();
    const transition = Math.min(parseIsoMs(value.next_open) ?? Infinity, parseIsoMs(value.next_close) ?? Infinity);
    this.#clock = { value, until: Math.min(now + this.#options.clockCacheMs, transition) };
    return value;
  }

  async #inExtendedSession(timeMs: number): Promise<boolean> {
    const { date, minute } = newYorkWallClock(timeMs);
    let day = this.#calendar.get(date);
    if (day === undefined) {
      const days = await this.#http.getCalendar(date, date);
      day = days.find((d) => d.date === date) ?? null;
      this.#calendar.set(date, day);
    }
    if (day === null) return false;
    const start = minuteOfDay(day.session_open ?? '0400');
    const end = minuteOfDay(day.session_close ?? '2000');
    return minute >= start && minute < end;
  }
}
