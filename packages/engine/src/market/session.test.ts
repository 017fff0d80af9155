import { describe, expect, it } from 'vitest';
import { isSessionOpen, nextSessionOpen, sessionCloseTime } from './session.ts';

const US_EQUITY = { spec: '0930-1600:23456', timezone: 'America/New_York' };
const FX = { spec: '1700-1700:23456', timezone: 'America/New_York' };
const CRYPTO = { spec: '24x7', timezone: 'Etc/UTC' };

describe('trading sessions', () => {
  it('opens US equities 09:30–16:00 New York time on weekdays, across DST', () => {
    expect(isSessionOpen(US_EQUITY, Date.parse('2026-11-20T14:30:00Z'))).toBe(true); // Fri 09:30 EST
    expect(isSessionOpen(US_EQUITY, Date.parse('2026-11-20T14:29:00Z'))).toBe(false);
    expect(isSessionOpen(US_EQUITY, Date.parse('2026-11-20T21:00:00Z'))).toBe(false); // 16:00 EST
    expect(isSessionOpen(US_EQUITY, Date.parse('2026-07-01T13:30:00Z'))).toBe(true); // 09:30 EDT
    expect(isSessionOpen(US_EQUITY, Date.parse('2026-11-21T15:00:00Z'))).toBe(false); // Saturday
  });

  it('runs FX from Sunday 17:00 to Friday 17:00 New York time', () => {
    expect(isSessionOpen(FX, Date.parse('2026-11-22T21:59:00Z'))).toBe(false); // Sun 16:59 EST
    expect(isSessionOpen(FX, Date.parse('2026-11-22T22:00:00Z'))).toBe(true); // Sun 17:00 EST
    expect(isSessionOpen(FX, Date.parse('2026-11-25T03:00:00Z'))).toBe(true); // Tue night
    expect(isSessionOpen(FX, Date.parse('2026-11-27T21:59:00Z'))).toBe(true); // Fri 16:59
    expect(isSessionOpen(FX, Date.parse('2026-11-27T22:00:00Z'))).toBe(false); // Fri 17:00
    expect(isSessionOpen(FX, Date.parse('2026-11-28T12:00:00Z'))).toBe(false); // Saturday
  });

  it('closes each FX trading day at 17:00 New York time', () => {
    expect(sessionCloseTime(FX, Date.parse('2026-11-24T15:00:00Z'))).toBe(Date.parse('2026-11-24T22:00:00Z')); // Tue
    expect(sessionCloseTime(FX, Date.parse('2026-11-24T22:30:00Z'))).toBe(Date.parse('2026-11-25T22:00:00Z'));
    expect(sessionCloseTime(FX, Date.parse('2026-11-28T12:00:00Z'))).toBeUndefined(); // Saturday
  });

  it('never closes crypto', () => {
    expect(isSessionOpen(CRYPTO, Date.parse('2026-11-21T03:00:00Z'))).toBe(true);
    expect(sessionCloseTime(CRYPTO, Date.parse('2026-11-21T03:00:00Z'))).toBeUndefined();
  });

  it('finds the close of the current session and the next open', () => {
    expect(sessionCloseTime(US_EQUITY, Date.parse('2026-11-20T15:12:34Z'))).toBe(Date.parse('2026-11-20T21:00:00Z'));
    expect(sessionCloseTime(US_EQUITY, Date.parse('2026-11-21T15:00:00Z'))).toBeUndefined();
    expect(nextSessionOpen(US_EQUITY, Date.parse('2026-11-21T15:00:00Z'))).toBe(Date.parse('2026-11-23T14:30:00Z'));
    expect(nextSessionOpen(US_EQUITY, Date.parse('2026-11-23T14:45:00Z'))).toBe(Date.parse('2026-11-23T14:45:00Z'));
  });
});
