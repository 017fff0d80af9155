/**
 * Market status of a symbol (open, pre/post-market or closed, next open, next close): the server's own
 * `marketStatus`, `nextOpen` and `nextClose` (symbol info and quotes; it knows holidays and early closes), with a
 * derivation from the TradingView `session` and `timezone` only for servers that do not send them.
 * Sessions: `24x7`, or `HHMM-HHMM:days` parts joined by `,` (days 1 = Sunday … 7 = Saturday); an end not after the
 * start is overnight and belongs to the day it ends on (FX `1700-1700:23456` runs Sunday 17:00 to Friday 17:00).
 */

export interface MarketStatus {
  readonly open: boolean;
  /** Never closes (24x7). */
  readonly always: boolean;
  /** Next open (Unix ms) while closed. */
  readonly nextOpen?: number;
  /** Close of the current session (Unix ms) while open. */
  readonly closesAt?: number;
  /** Pre- or post-market (extended hours) while the regular session is closed. */
  readonly phase?: 'pre' | 'post';
}

/** The market fields the server sends in symbol info and quotes. */
export interface ServerMarketFields {
  readonly marketStatus?: 'open' | 'pre' | 'post' | 'closed' | undefined;
  readonly nextOpen?: number | undefined;
  readonly nextClose?: number | undefined;
}

/**
 * The status from the server's fields (the newest of the quote and the symbol info), moved on at `now` when a
 * transition it announced has passed and no fresher word came (no quotes flow while a market is closed).
 * Undefined when the server sent no status.
 */
export function serverMarketStatus(fields: readonly (ServerMarketFields | undefined)[], now: number): MarketStatus | undefined {
  const known = fields.find((f) => f?.marketStatus !== undefined);
  if (known?.marketStatus === undefined) return undefined;
  const { marketStatus: status, nextOpen, nextClose } = known;
  if (status === 'open') {
    if (nextClose === undefined) return { open: true, always: true };
    if (now < nextClose) return { open: true, always: false, closesAt: nextClose };
    return nextOpen === undefined || now >= nextOpen ? { open: false, always: false } : { open: false, always: false, nextOpen };
  }
  if (nextOpen !== undefined && now >= nextOpen) return nextClose === undefined || now >= nextClose ? { open: false, always: false } : { open: true, always: false, closesAt: nextClose };
  const phase = status === 'pre' || status === 'post' ? { phase: status } : {};
  return nextOpen === undefined ? { open: false, always: false, ...phase } : { open: false, always: false, nextOpen, ...phase };
}

interface Rule {
  readonly start: number;
  readonly end: number;
  readonly days: ReadonlySet<number>;
  readonly overnight: boolean;
}

const MINUTE = 60_000;
const rulesCache = new Map<string, readonly Rule[] | 'always' | 'unknown'>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function rulesOf(spec: string): readonly Rule[] | 'always' | 'unknown' {
  const cached = rulesCache.get(spec);
  if (cached !== undefined) return cached;
  let rules: readonly Rule[] | 'always' | 'unknown';
  if (spec === '24x7') rules = 'always';
  else {
    const parts = spec.split(',').map((part) => /^(\d{2})(\d{2})-(\d{2})(\d{2})(?::([1-7]+))?$/.exec(part.trim()));
    rules = parts.every((match) => match !== null)
      ? parts.map((match) => {
          const [, sh, sm, eh, em, days = '1234567'] = match as RegExpExecArray;
          const start = Number(sh) * 60 + Number(sm);
          const end = Number(eh) * 60 + Number(em);
          return { start, end, days: new Set([...days].map(Number)), overnight: end <= start };
        })
      : 'unknown';
  }
  rulesCache.set(spec, rules);
  return rules;
}

/** Day of week (1 = Sunday) and minute of day of `time` in `timezone`. */
function localParts(time: number, timezone: string): { weekday: number; minute: number } {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    formatters.set(timezone, format);
  }
  let weekday = 1;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(time)) {
    if (part.type === 'weekday') weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part.value) + 1;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

function openAt(rules: readonly Rule[], timezone: string, time: number): boolean {
  const { weekday, minute } = localParts(time, timezone);
  const nextDay = (weekday % 7) + 1;
  return rules.some((rule) =>
    rule.overnight
      ? (minute >= rule.start && rule.days.has(nextDay)) || (minute < rule.end && rule.days.has(weekday))
      : rule.days.has(weekday) && minute >= rule.start && minute < rule.end,
  );
}

/** First minute at or after `from` where the open state equals `wanted` (coarse 30-minute steps, then minutes). */
function nextChange(rules: readonly Rule[], timezone: string, from: number, wanted: boolean): number | undefined {
  let time = Math.ceil(from / MINUTE) * MINUTE;
  if (openAt(rules, timezone, time) === wanted) return time;
  const limit = time + 8 * 1440 * MINUTE;
  const coarse = 30 * MINUTE;
  while (time < limit && openAt(rules, timezone, time + coarse) !== wanted) time += coarse;
  if (time >= limit) return undefined;
  while (openAt(rules, timezone, time) !== wanted) time += MINUTE;
  return time;
}

// Screens ask on every quote; the answers change at most once a minute, so they are kept for the minute.
const statusMemo = new Map<string, MarketStatus>();
const dayStartMemo = new Map<string, number>();

function remembered<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size > 256) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Status of a session at `now`; an unreadable session counts as always open (the server decides then). */
export function marketStatus(session: string, timezone: string, now: number): MarketStatus {
  return remembered(statusMemo, `${session}|${timezone}|${Math.floor(now / MINUTE)}`, () => computeStatus(session, timezone, now));
}

function computeStatus(session: string, timezone: string, now: number): MarketStatus {
  const rules = rulesOf(session);
  if (rules === 'always' || rules === 'unknown') return { open: true, always: true };
  if (openAt(rules, timezone, now)) {
    const closesAt = nextChange(rules, timezone, now, false);
    return closesAt === undefined ? { open: true, always: true } : { open: true, always: false, closesAt };
  }
  const nextOpen = nextChange(rules, timezone, now, true);
  return nextOpen === undefined ? { open: false, always: false } : { open: false, always: false, nextOpen };
}

/** Start (Unix ms) of the trading day that contains `now`: the open of the current or last session, or 00:00 for 24x7. */
export function tradingDayStart(session: string, timezone: string, now: number): number {
  return remembered(dayStartMemo, `${session}|${timezone}|${Math.floor(now / MINUTE)}`, () => computeDayStart(session, timezone, now));
}

function computeDayStart(session: string, timezone: string, now: number): number {
  const rules = rulesOf(session);
  if (rules === 'always' || rules === 'unknown') return Math.floor(now / 86_400_000) * 86_400_000;
  const overnight = rules.find((rule) => rule.overnight);
  if (overnight !== undefined) {
    // An overnight session (FX) rolls its trading day at the start time every day, not once a week.
    let time = Math.floor(now / MINUTE) * MINUTE;
    for (let step = 0; step < 1440 && localParts(time, timezone).minute !== overnight.start; step += 1) time -= MINUTE;
    return time;
  }
  // Back to a minute of the current or last session, then back to that session's first minute (at most 8 days).
  const coarse = 30 * MINUTE;
  let time = Math.floor(now / MINUTE) * MINUTE;
  const limit = time - 8 * 1440 * MINUTE;
  while (time > limit && !openAt(rules, timezone, time)) time -= coarse;
  while (time > limit && openAt(rules, timezone, time - coarse)) time -= coarse;
  while (time > limit && openAt(rules, timezone, time - MINUTE)) time -= MINUTE;
  return time;
}

/** "in 4 h 41 min", "in 12 min", "in 2 d 3 h". */
export function formatIn(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `in ${days} d ${hours} h`;
  if (hours > 0) return `in ${hours} h ${rest} min`;
  return `in ${rest} min`;
}

/** Wall-clock time in a timezone with its short name: "09:30 EDT". */
export function formatZoned(time: number, timezone: string): string {
  const text = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short', weekday: 'short' }).format(time);
  return text.replace(/^(\w+),? /, '$1 ');
}

/** The ticket's one-line status: "Open 24/7", "Open · closes Wed 16:00 EST in 5 h 17 min", "Closed · opens Thu 09:30 EST in 4 h 41 min". */
export function describeMarket(status: MarketStatus, timezone: string, now: number): string {
  if (status.always) return 'Market open 24/7';
  if (status.open) return status.closesAt === undefined ? 'Market open' : `Market open · closes ${formatZoned(status.closesAt, timezone)} ${formatIn(status.closesAt - now)}`;
  const label = status.phase === 'pre' ? 'Pre-market' : status.phase === 'post' ? 'Post-market' : 'Market closed';
  return status.nextOpen === undefined ? label : `${label} · opens ${formatZoned(status.nextOpen, timezone)} ${formatIn(status.nextOpen - now)}`;
}
