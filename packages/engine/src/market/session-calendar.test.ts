import { describe, expect, it } from 'vitest';
import { lastSessionDays, sessionWindowAt, sessionWindowsBetween, tradingDayClose } from './session-calendar.ts';

const US_EQUITY = { spec: '0930-1600:23456', timezone: 'America/New_York' };
const FX = { spec: '1700-1700:23456', timezone: 'America/New_York' };
const CRYPTO = { spec: '24x7', timezone: 'Etc/UTC' };
const iso = (ms: number): string => new Date(ms).toISOString();

describe('session calendar', () => {
  it('gives one 09:30–16:00 New York window per weekday for US equities, across DST', () => {
    const windows = sessionWindowsBetween(US_EQUITY, Date.parse('2026-03-06T00:00:00Z'), Date.parse('2026-03-10T00:00:00Z'));
    expect(windows.map((w) => [iso(w.open), iso(w.close), iso(w.day)])).toEqual([
      ['2026-03-06T14:30:00.000Z', '2026-03-06T21:00:00.000Z', '2026-03-06T00:00:00.000Z'], // Friday, EST
      ['2026-03-09T13:30:00.000Z', '2026-03-09T20:00:00.000Z', '2026-03-09T00:00:00.000Z'], // Monday, EDT
    ]);
  });

  it('dates an FX window by the day it ends on', () => {
    const window = sessionWindowAt(FX, Date.parse('2026-11-22T23:00:00Z')); // Sunday 18:00 New York
    expect(window && [iso(window.open), iso(window.close), iso(window.day)]).toEqual([
      '2026-11-22T22:00:00.000Z',
      '2026-11-23T22:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
    ]);
    expect(sessionWindowAt(FX, Date.parse('2026-11-28T12:00:00Z'))).toBeUndefined(); // Saturday
  });

  it('splits a 24x7 market into UTC days', () => {
    const window = sessionWindowAt(CRYPTO, Date.parse('2026-11-21T03:00:00Z'));
    expect(window && [iso(window.open), iso(window.close)]).toEqual(['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z']);
  });

  it('finds the close of a trading date and the last session days before a time', () => {
    expect(iso(tradingDayClose(US_EQUITY, Date.parse('2026-11-20T00:00:00Z')))).toBe('2026-11-20T21:00:00.000Z');
    const days = lastSessionDays(US_EQUITY, Date.parse('2026-11-23T15:00:00Z'), 3); // Monday, in session
    expect(days.map((w) => iso(w.day).slice(0, 10))).toEqual(['2026-11-19', '2026-11-20', '2026-11-23']);
  });
});
