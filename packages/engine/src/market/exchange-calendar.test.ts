import { describe, expect, it } from 'vitest';
import { US_EQUITY_SESSION } from './instruments.ts';
import { nyseClosures, nyseHours } from './exchange-calendar.ts';
import { marketStateAt } from './market-status.ts';
import { isSessionOpen, nextSessionOpen, sessionCloseTime } from './session.ts';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const at = (text: string): number => Date.parse(text);

// The exchange's published lists (nyse.com/markets/hours-calendars).
const PUBLISHED: Record<number, { holidays: string[]; earlyCloses: string[] }> = {
  2024: {
    holidays: ['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25'],
    earlyCloses: ['2024-07-03', '2024-11-29', '2024-12-24'],
  },
  2025: {
    holidays: ['2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
    earlyCloses: ['2025-07-03', '2025-11-28', '2025-12-24'],
  },
  2026: {
    holidays: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
    earlyCloses: ['2026-11-27', '2026-12-24'],
  },
  2027: {
    holidays: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
    earlyCloses: ['2027-11-26'],
  },
};

describe('NYSE calendar', () => {
  it.each(Object.keys(PUBLISHED).map(Number))('matches the published holidays and early closes of %i', (year) => {
    expect(nyseClosures(year)).toEqual(PUBLISHED[year]);
  });

  it('lists only weekdays', () => {
    for (let year = 2016; year <= 2028; year++) {
      const { holidays, earlyCloses } = nyseClosures(year);
      for (const date of [...holidays, ...earlyCloses]) expect([0, 6], date).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    }
  });

  it('closes on Thanksgiving and Christmas, and at 13:00 on the day after Thanksgiving', () => {
    expect(isSessionOpen(US_EQUITY_SESSION, at('2026-11-26T15:00:00Z'))).toBe(false);
    expect(isSessionOpen(US_EQUITY_SESSION, at('2025-12-25T15:00:00Z'))).toBe(false);
    expect(isSessionOpen(US_EQUITY_SESSION, at('2026-11-27T17:59:00Z'))).toBe(true);
    expect(isSessionOpen(US_EQUITY_SESSION, at('2026-11-27T18:00:00Z'))).toBe(false);
    expect(iso(sessionCloseTime(US_EQUITY_SESSION, at('2026-11-27T15:00:00Z')))).toBe('2026-11-27T18:00:00.000Z');
    expect(iso(nextSessionOpen(US_EQUITY_SESSION, at('2026-11-25T21:00:00Z')))).toBe('2026-11-27T14:30:00.000Z');
    expect(nyseHours(Math.floor(at('2026-11-27T00:00:00Z') / 86_400_000))?.postClose).toBe(17 * 60);
  });
});

describe('market status', () => {
  it('tells open, pre, post and closed with the next open and close', () => {
    expect(marketStateAt(US_EQUITY_SESSION, at('2026-11-25T15:00:00Z'))).toEqual({ status: 'open', nextClose: at('2026-11-25T21:00:00Z'), nextOpen: at('2026-11-27T14:30:00Z') });
    expect(marketStateAt(US_EQUITY_SESSION, at('2026-11-25T12:00:00Z'))).toEqual({ status: 'pre', nextOpen: at('2026-11-25T14:30:00Z'), nextClose: at('2026-11-25T21:00:00Z') });
    expect(marketStateAt(US_EQUITY_SESSION, at('2026-11-27T19:00:00Z'))).toEqual({ status: 'post', nextOpen: at('2026-11-30T14:30:00Z'), nextClose: at('2026-11-30T21:00:00Z') });
    expect(marketStateAt(US_EQUITY_SESSION, at('2026-11-26T15:00:00Z')).status).toBe('closed');
    expect(marketStateAt({ spec: '24x7', timezone: 'Etc/UTC' }, at('2026-11-26T15:00:00Z'))).toEqual({ status: 'open' });
  });

  it('runs FX from Sunday 17:00 to Friday 17:00 New York', () => {
    const fx = { spec: '1700-1700:23456', timezone: 'America/New_York' };
    expect(marketStateAt(fx, at('2026-11-28T12:00:00Z'))).toEqual({ status: 'closed', nextOpen: at('2026-11-29T22:00:00Z'), nextClose: at('2026-11-30T22:00:00Z') });
    expect(marketStateAt(fx, at('2026-11-27T21:59:00Z')).status).toBe('open');
    expect(marketStateAt(fx, at('2026-11-27T22:00:00Z')).status).toBe('closed');
  });
});
