/**
 * Writes examples/data/aapl-daily.csv: three years of daily AAPL bars (2023–2025) from the simulated market's
 * deterministic daily history (seed 7). Run once with `npx node examples/data/generate-daily-bars.ts`; the CSV is
 * committed, so the examples and tests never depend on this script's output changing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedToString } from '@trading-pro/contracts';
import { SimulatedMarket } from '@trading-pro/engine';

const FROM = Date.parse('2023-01-01T00:00:00Z');
const TO = Date.parse('2026-01-01T00:00:00Z');

const market = new SimulatedMarket({ startTime: TO, seed: 7 });
const bars = await market.history('AAPL', '1D', FROM, TO);
const rows = bars.map((b) => [new Date(b.time).toISOString().slice(0, 10), ...[b.open, b.high, b.low, b.close, b.volume].map(fixedToString)].join(','));
const file = join(dirname(fileURLToPath(import.meta.url)), 'aapl-daily.csv');
writeFileSync(file, ['time,open,high,low,close,volume', ...rows].join('\n') + '\n');
process.stdout.write(`wrote ${bars.length} bars to ${file}\n`);
