/**
 * Deterministic bar history for the simulated market, generated backwards from the anchor price so that the newest
 * bar closes exactly where the live walk starts. Minutes cover the last few session days; daily bars reach further
 * back, and the days that have minutes are rolled up from them so both views agree.
 */
import { aggregateBars } from './bar.ts';
import type { MarketBar } from './bar.ts';
import type { SimulatedInstrument } from './instrument.ts';
import type { Random } from './random.ts';
import { lastSessionDays, sessionWindowsBetween, DAY_MS } from './session-calendar.ts';
import type { SessionWindow } from './session-calendar.ts';
import { lognormal, scaleOf, stepsToFixed } from './walk-profile.ts';
import type { StepScale, WalkProfile } from './walk-profile.ts';

const MINUTE = 60_000;

export interface HistoryOptions {
  readonly startTime: number;
  /** Anchor price in ticks: the close of the newest bar. */
  readonly anchorTicks: number;
  readonly minuteDays: number;
  readonly dailyDays: number;
}

export interface GeneratedHistory {
  readonly minutes: MarketBar[];
  readonly daily: MarketBar[];
}

interface Scales {
  readonly tick: StepScale;
  readonly lot: StepScale;
}

/** One bar ending at `close` ticks; its open is a random step back. */
function barBefore(time: number, close: number, sigma: number, minutes: number, profile: WalkProfile, scales: Scales, rng: Random): MarketBar {
  const open = Math.max(1, Math.round(close * Math.exp(-sigma * rng.gaussian())));
  const top = Math.max(open, close);
  const bottom = Math.min(open, close);
  const high = Math.max(top, Math.round(top * (1 + Math.abs(rng.gaussian()) * sigma * 0.6)));
  const low = Math.max(1, Math.min(bottom, Math.round(bottom * (1 - Math.abs(rng.gaussian()) * sigma * 0.6))));
  const price = close * scales.tick.size;
  const lots = Math.round(((profile.notionalPerMinute * minutes) / price / scales.lot.size) * lognormal(rng, 0.5));
  return {
    time,
    open: stepsToFixed(open, scales.tick),
    high: stepsToFixed(high, scales.tick),
    low: stepsToFixed(low, scales.tick),
    close: stepsToFixed(close, scales.tick),
    volume: stepsToFixed(lots, scales.lot),
  };
}

function gapBefore(open: number, profile: WalkProfile, rng: Random): number {
  return profile.overnightVol === 0 ? open : Math.max(1, Math.round(open * Math.exp(-profile.overnightVol * rng.gaussian())));
}

function toTicks(price: bigint, tick: StepScale): number {
  return Number(price / tick.step);
}

function generateMinutes(windows: readonly SessionWindow[], options: HistoryOptions, profile: WalkProfile, scales: Scales, rng: Random): MarketBar[] {
  const bars: MarketBar[] = [];
  let close = options.anchorTicks;
  for (let w = windows.length - 1; w >= 0; w--) {
    const window = windows[w];
    if (!window) continue;
    const end = Math.min(window.close, options.startTime);
    for (let t = Math.floor((end - 1) / MINUTE) * MINUTE; t >= window.open; t -= MINUTE) {
      const bar = barBefore(t, close, profile.volPerMinute, 1, profile, scales, rng);
      bars.push(bar);
      close = toTicks(bar.open, scales.tick);
    }
    const previous = windows[w - 1];
    if (previous && previous.close < window.open) close = gapBefore(close, profile, rng);
  }
  return bars.reverse();
}

/** Trading dates before `beforeMs` back to `fromMs`, with their open minutes, newest first. */
function olderDays(instrument: SimulatedInstrument, fromMs: number, beforeMs: number): { day: number; minutes: number }[] {
  const minutesByDay = new Map<number, number>();
  for (const w of sessionWindowsBetween(instrument.session, fromMs, beforeMs)) {
    if (w.open >= beforeMs || w.close > beforeMs) continue;
    minutesByDay.set(w.day, (minutesByDay.get(w.day) ?? 0) + (w.close - w.open) / MINUTE);
  }
  return [...minutesByDay].map(([day, minutes]) => ({ day, minutes })).sort((a, b) => b.day - a.day);
}

export function generateHistory(instrument: SimulatedInstrument, profile: WalkProfile, options: HistoryOptions, rng: Random): GeneratedHistory {
  const scales: Scales = { tick: scaleOf(instrument.tickSize), lot: scaleOf(instrument.lotStep) };
  const windows = lastSessionDays(instrument.session, options.startTime, options.minuteDays);
  const minutes = generateMinutes(windows, options, profile, scales, rng);
  const recent = aggregateBars(minutes, instrument.session, '1D');
  const firstOpen = windows[0]?.open ?? options.startTime;
  const older: MarketBar[] = [];
  let close = gapBefore(minutes[0] ? toTicks(minutes[0].open, scales.tick) : options.anchorTicks, profile, rng);
  for (const { day, minutes: length } of olderDays(instrument, options.startTime - options.dailyDays * DAY_MS, firstOpen)) {
    const bar = barBefore(day, close, profile.volPerMinute * Math.sqrt(length), length, profile, scales, rng);
    older.push(bar);
    close = gapBefore(toTicks(bar.open, scales.tick), profile, rng);
  }
  return { minutes, daily: [...older.reverse(), ...recent] };
}
