/**
 * Session windows as UTC intervals, each tagged with its trading date: what bars are aligned to.
 * An overnight window (FX `1700-1700`) belongs to the date it ends on, so a daily FX bar runs 17:00 to 17:00 New York.
 * A `24x7` market gets one window per calendar day of its timezone.
 */
import { nyseHours } from './exchange-calendar.ts';
import { localParts, parseSessionSpec } from './session.ts';
import type { TradingSession } from './session.ts';

export interface SessionWindow {
  /** Unix ms of the open (inclusive). */
  readonly open: number;
  /** Unix ms of the close (exclusive). */
  readonly close: number;
  /** Trading date as Unix ms of its 00:00 UTC: TradingView's time for the daily bar. */
  readonly day: number;
}

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;
const windowsByDay = new Map<string, readonly SessionWindow[]>();

/** Days since the epoch of the local calendar date at `timeMs` in `timezone`. */
function localDayIndex(timeMs: number, timezone: string): number {
  return Math.floor((timeMs + localParts(timeMs, timezone).offsetMin * MINUTE) / DAY_MS);
}

/** Unix ms of local wall-clock `minute` on local date `dayIndex`; DST gaps resolve to the later offset. */
function zonedTime(dayIndex: number, minute: number, timezone: string): number {
  const wall = dayIndex * DAY_MS + minute * MINUTE;
  const first = localParts(wall, timezone).offsetMin;
  const guess = wall - first * MINUTE;
  const second = localParts(guess, timezone).offsetMin;
  return second === first ? guess : wall - second * MINUTE;
}

/** The windows of trading date `dayIndex` (days since the epoch), oldest first. */
function windowsOfDay(session: TradingSession, dayIndex: number): readonly SessionWindow[] {
  const key = `${session.spec}|${session.timezone}|${session.calendar ?? ''}|${dayIndex}`;
  const cached = windowsByDay.get(key);
  if (cached) return cached;
  const rules = parseSessionSpec(session.spec);
  const day = dayIndex * DAY_MS;
  let result: SessionWindow[];
  if (session.calendar === 'NYSE') {
    const hours = nyseHours(dayIndex);
    result = hours === undefined ? [] : [{ open: zonedTime(dayIndex, hours.open, session.timezone), close: zonedTime(dayIndex, hours.close, session.timezone), day }];
  } else if (rules === 'always') {
    result = [{ open: zonedTime(dayIndex, 0, session.timezone), close: zonedTime(dayIndex + 1, 0, session.timezone), day }];
  } else {
    const weekday = ((dayIndex + 4) % 7) + 1; // 1970-01-01 was a Thursday; 1 = Sunday
    result = rules
      .filter((rule) => rule.days.has(weekday))
      .map((rule) => ({
        open: zonedTime(rule.overnight ? dayIndex - 1 : dayIndex, rule.startMin, session.timezone),
        close: zonedTime(dayIndex, rule.endMin, session.timezone),
        day,
      }))
      .sort((a, b) => a.open - b.open);
  }
  windowsByDay.set(key, result);
  return result;
}

/** Pre- and post-market windows of trading date `dayIndex` (NYSE calendar only; none for other sessions). */
export function extendedWindowsOfDay(session: TradingSession, dayIndex: number): { pre: SessionWindow; post: SessionWindow } | undefined {
  if (session.calendar !== 'NYSE') return undefined;
  const hours = nyseHours(dayIndex);
  if (hours === undefined) return undefined;
  const day = dayIndex * DAY_MS;
  const at = (minute: number): number => zonedTime(dayIndex, minute, session.timezone);
  return { pre: { open: at(hours.preOpen), close: at(hours.open), day }, post: { open: at(hours.close), close: at(hours.postClose), day } };
}

/** The local calendar day index (days since the epoch) of `timeMs` in the session's timezone. */
export function sessionDayIndex(session: TradingSession, timeMs: number): number {
  return localDayIndex(timeMs, session.timezone);
}

/** Windows that overlap [fromMs, toMs), oldest first. */
export function sessionWindowsBetween(session: TradingSession, fromMs: number, toMs: number): SessionWindow[] {
  const result: SessionWindow[] = [];
  if (!(toMs > fromMs)) return result;
  const first = localDayIndex(fromMs, session.timezone) - 1;
  const last = localDayIndex(toMs, session.timezone) + 1;
  for (let d = first; d <= last; d++) {
    for (const w of windowsOfDay(session, d)) if (w.close > fromMs && w.open < toMs) result.push(w);
  }
  return result;
}

/** The window containing `timeMs`, or undefined when the market is closed then. */
export function sessionWindowAt(session: TradingSession, timeMs: number): SessionWindow | undefined {
  return sessionWindowsBetween(session, timeMs, timeMs + 1)[0];
}

/** Close of the last window of the trading date `day` (Unix ms of its 00:00 UTC). */
export function tradingDayClose(session: TradingSession, day: number): number {
  const windows = windowsOfDay(session, Math.round(day / DAY_MS));
  return windows.reduce((close, w) => Math.max(close, w.close), day);
}

/** The most recent `count` trading dates' windows ending at or before `beforeMs` (the window open at it included). */
export function lastSessionDays(session: TradingSession, beforeMs: number, count: number): SessionWindow[] {
  const windows: SessionWindow[] = [];
  const days = new Set<number>();
  let to = beforeMs;
  while (days.size < count) {
    const from = to - 7 * DAY_MS;
    const batch = sessionWindowsBetween(session, from, to).filter((w) => w.open < beforeMs);
    for (let i = batch.length - 1; i >= 0; i--) {
      const w = batch[i];
      if (!w || windows.includes(w)) continue;
      if (!days.has(w.day) && days.size === count) break;
      days.add(w.day);
      windows.push(w);
    }
    to = from;
    if (beforeMs - to > 3660 * DAY_MS) break; // a spec with no open day at all
  }
  return windows.sort((a, b) => a.open - b.open);
}
