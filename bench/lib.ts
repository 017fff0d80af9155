/** Shared benchmark plumbing: result shape, percentiles, table printing and JSON output. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  readonly name: string;
  readonly rows: ReadonlyArray<Record<string, string | number>>;
  readonly summary?: Record<string, number>;
}

export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'results');

/** The p-th percentile (0–100) of samples, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Prints a result as an aligned text table, then its summary. */
export function printResult(result: BenchResult): void {
  const rows = result.rows;
  process.stdout.write(`\n## ${result.name}\n`);
  if (rows.length > 0) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
    const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |\n`;
    process.stdout.write(line(columns));
    process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) process.stdout.write(line(columns.map((c) => String(row[c] ?? ''))));
  }
  if (result.summary) for (const [key, value] of Object.entries(result.summary)) process.stdout.write(`${key}: ${value}\n`);
}

/** Writes bench/results/<file>.json. */
export function writeResult(file: string, result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${file}.json`);
  writeFileSync(path, JSON.stringify({ ...result, node: process.version, time: new Date().toISOString() }, null, 2) + '\n');
  return path;
}

/** The summary rows every benchmark on this shared machine ends with: the load average around its run. */
export function loadAverageRows(before: number): Record<string, number> {
  return { 'load average (1 min) before the run': round(before, 2), 'load average (1 min) after the run': round(loadavg()[0] ?? 0, 2) };
}

/** Runs a benchmark when its file is the script node was started with: prints its table and writes its JSON. */
export async function runWhenMain(url: string, file: string, run: () => Promise<BenchResult>): Promise<void> {
  if (!isMain(url)) return;
  const result = await run();
  printResult(result);
  writeResult(file, result);
}

/** True when this module is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(url);
}
