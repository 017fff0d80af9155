/** Market-hours model: whether an instrument trades now and when a DAY order placed now expires. */
import { isSessionOpen, nextSessionOpen, sessionCloseTime } from '../market/session.ts';
import type { Instrument } from '../market/instrument.ts';

const DAY_MS = 86_400_000;

export interface MarketHoursModel {
  isOpen(instrument: Instrument, now: number): boolean;
  /** When a DAY order accepted at `now` expires. */
  dayExpiry(instrument: Instrument, now: number): number;
}

/** Sessions from the instrument; 24x7 markets never close, so their DAY orders end at the next 00:00 UTC. */
export function sessionMarketHours(checkHours: boolean): MarketHoursModel {
  return {
    isOpen: (instrument, now) => !checkHours || isSessionOpen(instrument.session, now),
    dayExpiry(instrument, now) {
      if (instrument.session.spec === '24x7') return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
      const close = sessionCloseTime(instrument.session, now) ?? sessionCloseTime(instrument.session, nextSessionOpen(instrument.session, now));
      return close ?? Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    },
  };
}
