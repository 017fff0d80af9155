/** Where a market stands at a moment: open, pre- or post-market, or closed, and when it next opens and closes. */
import { extendedWindowsOfDay, sessionDayIndex, sessionWindowAt, sessionWindowsBetween } from './session-calendar.ts';
import type { SessionWindow } from './session-calendar.ts';
import type { TradingSession } from './session.ts';

export type MarketStatus = 'open' | 'pre' | 'post' | 'closed';

export interface MarketState {
  readonly status: MarketStatus;
  /** Unix ms of the next regular open after now (none for markets that never close). */
  readonly nextOpen?: number;
  /** Unix ms of the close of the current session, or of the next one when closed (none for markets that never close). */
  readonly nextClose?: number;
}

const DAY_MS = 86_400_000;

/** The first regular window opening at or after `timeMs` (looks three weeks ahead). */
export function nextWindowFrom(session: TradingSession, timeMs: number): SessionWindow | undefined {
  return sessionWindowsBetween(session, timeMs, timeMs + 21 * DAY_MS).find((w) => w.open >= timeMs);
}

/** The extended (pre/post) part of the day that `timeMs` falls in, if any. */
export function extendedStatusAt(session: TradingSession, timeMs: number): 'pre' | 'post' | undefined {
  const windows = extendedWindowsOfDay(session, sessionDayIndex(session, timeMs));
  if (windows === undefined) return undefined;
  if (timeMs >= windows.pre.open && timeMs < windows.pre.close) return 'pre';
  if (timeMs >= windows.post.open && timeMs < windows.post.close) return 'post';
  return undefined;
}

export function marketStateAt(session: TradingSession, timeMs: number): MarketState {
  if (session.spec === '24x7') return { status: 'open' };
  const window = sessionWindowAt(session, timeMs);
  if (window !== undefined) {
    const next = nextWindowFrom(session, window.close);
    return { status: 'open', nextClose: window.close, ...(next === undefined ? {} : { nextOpen: next.open }) };
  }
  const next = nextWindowFrom(session, timeMs);
  const status = extendedStatusAt(session, timeMs) ?? 'closed';
  return { status, ...(next === undefined ? {} : { nextOpen: next.open, nextClose: next.close }) };
}
