/** Conversions between the API's bars (Unix ms) and lightweight-charts data (UTC seconds), and resolution lengths. */
import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Bar } from '@trading-pro/sdk';

const MINUTE_MS = 60_000;

/** Length of one bar of a TradingView resolution string ('1', '60', '1D', 'W') in milliseconds. */
export function resolutionMs(resolution: string): number {
  const match = /^(\d*)([DWM]?)$/.exec(resolution);
  if (match === null) return MINUTE_MS;
  const count = match[1] === '' || match[1] === undefined ? 1 : Number(match[1]);
  const unit = match[2] === 'D' ? 1440 : match[2] === 'W' ? 10080 : match[2] === 'M' ? 43200 : 1;
  return count * unit * MINUTE_MS;
}

export function resolutionLabel(resolution: string): string {
  if (resolution.endsWith('D')) return `${resolution.slice(0, -1) || '1'}D`;
  const minutes = Number(resolution);
  return minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

export function toSeconds(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp;
}

export function toCandle(bar: Bar): CandlestickData<UTCTimestamp> {
  return { time: toSeconds(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

export function toVolume(bar: Bar, up: string, down: string): HistogramData<UTCTimestamp> {
  return { time: toSeconds(bar.time), value: bar.volume, color: bar.close >= bar.open ? up : down };
}
