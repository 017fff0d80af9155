/** Chart resolutions in TradingView's notation and how bars of each are aligned to an instrument's sessions. */
import { sessionWindowAt, tradingDayClose } from './session-calendar.ts';
import type { TradingSession } from './session.ts';

export type Resolution = '1' | '5' | '15' | '60' | '1D';

export const RESOLUTIONS: readonly Resolution[] = ['1', '5', '15', '60', '1D'];

const MINUTE = 60_000;
const MINUTES: Readonly<Record<Resolution, number>> = { '1': 1, '5': 5, '15': 15, '60': 60, '1D': 1440 };

/** Accepts the supported resolutions and TradingView's aliases `D` and `1440`-free spellings like `1d`. */
export function parseResolution(text: string): Resolution | undefined {
  const normalized = text.trim().toUpperCase();
  if (normalized === 'D' || normalized === '1D') return '1D';
  return RESOLUTIONS.find((r) => r === normalized);
}

export function resolutionMinutes(resolution: Resolution): number {
  return MINUTES[resolution];
}

/** The bar that a moment belongs to: its `time` (TradingView's bar time) and when it ends (exclusive). */
export interface BarSpan {
  readonly time: number;
  readonly end: number;
}

/**
 * Intraday bars start at the session open and every `resolution` minutes after it (a 60-minute US equity bar opens at
 * 09:30, 10:30, …, the last one is cut at 16:00); daily bars are stamped 00:00 UTC of the trading date.
 * Undefined when the market is closed at `timeMs`.
 */
export function barSpanAt(session: TradingSession, resolution: Resolution, timeMs: number): BarSpan | undefined {
  const window = sessionWindowAt(session, timeMs);
  if (!window) return undefined;
  if (resolution === '1D') return { time: window.day, end: tradingDayClose(session, window.day) };
  const size = MINUTES[resolution] * MINUTE;
  const time = window.open + Math.floor((timeMs - window.open) / size) * size;
  return { time, end: Math.min(time + size, window.close) };
}
