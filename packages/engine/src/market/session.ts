/**
 * Trading sessions in TradingView's notation: `24x7`, or `HHMM-HHMM:days` in the instrument's timezone,
 * where days are 1 = Sunday … 7 = Saturday. When the end is not after the start the session is overnight
 * and belongs to the day it ends on (FX `1700-1700:23456` in New York runs Sunday 17:00 to Friday 17:00).
 * Several sessions may be joined with `,`.
 */
import { sessionWindowAt } from './session-calendar.ts';

export interface TradingSession {
  /** TradingView session string. */
  readonly spec: string;
  /** IANA timezone the spec is written in. */
  readonly timezone: string;
  /** Exchange calendar whose holidays, early closes and extended hours apply (exchange-calendar.ts). */
  readonly calendar?: 'NYSE';
}

/** One `HHMM-HHMM:days` part of a session spec, in minutes of the local day. */
export interface SessionRule {
  readonly startMin: number;
  readonly endMin: number;
  readonly days: ReadonlySet<number>;
  readonly overnight: boolean;
}

const MINUTE = 60_000;
const DAY_MIN = 1440;
const parsed = new Map<string, readonly SessionRule[] | 'always'>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Parses a session spec (cached); throws RangeError on a malformed one. */
export function parseSessionSpec(spec: string): readonly SessionRule[] | 'always' {
  return windowsOf(spec);
}

function windowsOf(spec: string): readonly SessionRule[] | 'always' {
  let result = parsed.get(spec);
  if (result) return result;
  if (spec === '24x7') result = 'always';
  else {
    result = spec.split(',').map((part) => {
      const match = /^(\d{2})(\d{2})-(\d{2})(\d{2})(?::([1-7]+))?$/.exec(part.trim());
      if (!match) throw new RangeError(`bad session spec: ${spec}`);
      const [, sh, sm, eh, em, days = '1234567'] = match;
      const startMin = Number(sh) * 60 + Number(sm);
      const endMin = Number(eh) * 60 + Number(em);
      return { startMin, endMin, days: new Set([...days].map(Number)), overnight: endMin <= startMin };
    });
  }
  parsed.set(spec, result);
  return result;
}

/** Local wall-clock parts of `timeMs` in `timezone`: day of week (1 = Sunday) and minute of day. */
export function localParts(timeMs: number, timezone: string): { weekday: number; minute: number; offsetMin: number } {
  let fmt = formatters.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const part of fmt.formatToParts(timeMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  const offsetMin = Math.round((asUtc - Math.floor(timeMs / 1000) * 1000) / MINUTE);
  const weekday = new Date(asUtc).getUTCDay() + 1;
  return { weekday, minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0), offsetMin };
}

/** Is the market open at `timeMs`? */
export function isSessionOpen(session: TradingSession, timeMs: number): boolean {
  const windows = windowsOf(session.spec);
  if (windows === 'always') return true;
  if (session.calendar !== undefined) return sessionWindowAt(session, timeMs) !== undefined;
  const { weekday, minute } = localParts(timeMs, session.timezone);
  const nextDay = (weekday % 7) + 1;
  for (const w of windows) {
    if (!w.overnight) {
      if (w.days.has(weekday) && minute >= w.startMin && minute < w.endMin) return true;
    } else {
      // Evening part belongs to tomorrow's session, morning part to today's.
      if (minute >= w.startMin && w.days.has(nextDay)) return true;
      if (minute < w.endMin && w.days.has(weekday)) return true;
    }
  }
  return false;
}

/**
 * The close time (Unix ms) of the session open at `timeMs`, or undefined when the market is closed
 * or never closes (24x7). DAY orders expire then; for FX that is the daily 17:00 New York roll, not Friday.
 */
export function sessionCloseTime(session: TradingSession, timeMs: number): number | undefined {
  if (windowsOf(session.spec) === 'always') return undefined;
  return sessionWindowAt(session, timeMs)?.close;
}

/** The next time (Unix ms, minute-aligned) at or after `timeMs` when the market is open. */
export function nextSessionOpen(session: TradingSession, timeMs: number): number {
  let t = Math.ceil(timeMs / MINUTE) * MINUTE;
  if (isSessionOpen(session, t)) return t;
  const limit = t + 8 * DAY_MIN * MINUTE;
  const step = 30 * MINUTE;
  while (t < limit && !isSessionOpen(session, t + step)) t += step;
  while (!isSessionOpen(session, t) && t < limit + step) t += MINUTE;
  return t;
}
