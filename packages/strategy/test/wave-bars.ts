/** Minute bars of a slow sine wave (moving averages of it cross twice a period), as CSV text, for strategy tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WAVE_START = Date.UTC(2026, 0, 5);

export function waveCsv(count: number, period: number, base = 65_000, amplitude = 2_000): string {
  const price = (i: number) => Math.round((base + amplitude * Math.sin((2 * Math.PI * i) / period)) * 100) / 100;
  const rows = Array.from({ length: count }, (_, i) => {
    const open = price(i - 1);
    const close = price(i);
    return `${WAVE_START + i * 60_000},${open},${Math.max(open, close) + 5},${Math.min(open, close) - 5},${close},10`;
  });
  return `time,open,high,low,close,volume\n${rows.join('\n')}\n`;
}

/** A directory holding `<SYMBOL>.csv` for each symbol (the layout of both `backtest --data <dir>` and the csv market source). */
export function waveDir(symbols: readonly string[], count: number, period: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tp-wave-'));
  symbols.forEach((symbol, i) => writeFileSync(join(dir, `${symbol}.csv`), waveCsv(count, period + i * 7)));
  return dir;
}
