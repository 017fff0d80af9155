/**
 * `npm run bench`: every benchmark, one after another, each printing its table (with its baseline measured
 * in the same run) and writing bench/results/<name>.json; then a summary of all of them in one file.
 * `npm run bench -- rest-orders engine-ticks` runs only those.
 */
import { type BenchResult, printResult, writeResult } from './lib.ts';

const BENCHMARKS = ['engine-ticks', 'engine-mix', 'backtest-bars', 'backtest-portfolio', 'rest-orders', 'edge-limits', 'ws-roundtrip', 'ws-fanout', 'restart', 'idle-rss', 'replay-flood', 'journal', 'cluster-roundtrip', 'cluster-fanout'] as const;

async function main(only: readonly string[]): Promise<void> {
  const selected = only.length > 0 ? BENCHMARKS.filter((name) => only.includes(name)) : BENCHMARKS;
  const unknown = only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
  const results: BenchResult[] = [];
  const started = performance.now();
  for (const name of selected) {
    const module = (await import(`./${name}.ts`)) as { run: () => Promise<BenchResult> };
    const t0 = performance.now();
    const result = await module.run();
    printResult(result);
    process.stdout.write(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    writeResult(name, result);
    results.push(result);
  }
  const path = writeResult('all', { name: 'all benchmarks', rows: results.flatMap((r) => r.rows.map((row) => ({ benchmark: r.name, ...row }))) });
  process.stdout.write(`\nall benchmarks in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${path}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
