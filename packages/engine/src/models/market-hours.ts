/** Market-hours model: whether an instrument trades now (regular or extended hours), when it next opens, when DAY orders expire. */
import { extendedStatusAt, nextWindowFrom } from '../market/market-status.ts';
import { extendedWindowsOfDay, sessionDayIndex, sessionWindowAt } from '../market/session-calendar.ts';
import { isSessionOpen, nextSessionOpen, sessionCloseTime } from '../market/session.ts';
import type { Instrument } from '../market/instrument.ts';

const DAY_MS = 86_400_000;

/** The regular session, or an extended (pre/post-market) one, that a moment falls in. */
export interface TradingPeriod {
  readonly kind: 'regular' | 'extended';
  readonly open: number;
  /** Unix ms when this period ends (exclusive). */
  readonly close: number;
}

export interface MarketHoursModel {
  isOpen(instrument: Instrument, now: number): boolean;
  /** Pre- or post-market now (only instruments whose calendar has them). */
  isExtended(instrument: Instrument, now: number): boolean;
  /** The period `now` falls in, or undefined while the market is shut (no regular nor extended trading). */
  periodAt(instrument: Instrument, now: number): TradingPeriod | undefined;
  /** The next regular open at or after `now` (`now` itself when open). */
  nextOpen(instrument: Instrument, now: number): number;
  /** When a DAY order accepted at `now` expires (an extended-hours one: at the end of that day's post-market). */
  dayExpiry(instrument: Instrument, now: number, extendedHours?: boolean): number;
}

/** Sessions and exchange calendars from the instrument; 24x7 markets never close, so their DAY orders end at the next 00:00 UTC. */
export function sessionMarketHours(checkHours: boolean): MarketHoursModel {
  const always = (instrument: Instrument): boolean => !checkHours || instrument.session.spec === '24x7';
  const model: MarketHoursModel = {
    isOpen: (instrument, now) => always(instrument) || isSessionOpen(instrument.session, now),
    isExtended: (instrument, now) => !always(instrument) && extendedStatusAt(instrument.session, now) !== undefined,
    periodAt(instrument, now) {
      if (always(instrument)) return { kind: 'regular', open: Number.NEGATIVE_INFINITY, close: Number.POSITIVE_INFINITY };
      const window = sessionWindowAt(instrument.session, now);
      if (window !== undefined) return { kind: 'regular', open: window.open, close: window.close };
      const extended = extendedWindowsOfDay(instrument.session, sessionDayIndex(instrument.session, now));
      if (extended === undefined) return undefined;
      for (const part of [extended.pre, extended.post]) if (now >= part.open && now < part.close) return { kind: 'extended', open: part.open, close: part.close };
      return undefined;
    },
    nextOpen: (instrument, now) => (model.isOpen(instrument, now) ? now : (nextWindowFrom(instrument.session, now)?.open ?? nextSessionOpen(instrument.session, now))),
    dayExpiry(instrument, now, extendedHours = false) {
      if (instrument.session.spec === '24x7') return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
      if (extendedHours) {
        const day = sessionDayIndex(instrument.session, now);
        const today = extendedWindowsOfDay(instrument.session, day);
        if (today !== undefined && now < today.post.close) return today.post.close;
        const next = nextWindowFrom(instrument.session, now);
        const nextDay = next === undefined ? undefined : extendedWindowsOfDay(instrument.session, sessionDayIndex(instrument.session, next.open));
        if (nextDay !== undefined) return nextDay.post.close;
      }
      const close = sessionCloseTime(instrument.session, now) ?? nextWindowFrom(instrument.session, now)?.close;
      return close ?? Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    },
  };
  return model;
}
