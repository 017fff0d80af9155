/** Display formatting: tick-aligned prices, lot-aligned quantities, money and percentages with grouped thousands. */
import { decimalsOf, roundToStep } from './steps.ts';

const LOCALE = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(min: number, max: number, signed = false): Intl.NumberFormat {
  const key = `${min}:${max}:${signed}`;
  let format = cache.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(LOCALE, {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      useGrouping: true,
      ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
    });
    cache.set(key, format);
  }
  return format;
}

const DASH = '—';

function missing(value: number | undefined): value is undefined {
  return value === undefined || !Number.isFinite(value);
}

/** A price on the instrument's tick, with as many decimals as the tick has. */
export function formatPrice(value: number | undefined, tickSize: number): string {
  if (missing(value)) return DASH;
  const decimals = decimalsOf(tickSize);
  return numberFormat(decimals, decimals).format(roundToStep(value, tickSize));
}

/** A quantity on the lot step, trailing zeros dropped (0.50000 BTC reads 0.5). */
export function formatQty(value: number | undefined, qtyStep: number): string {
  if (missing(value)) return DASH;
  return numberFormat(0, decimalsOf(qtyStep)).format(roundToStep(value, qtyStep));
}

/** Money with two decimals and the currency code (12,345.60 USD). */
export function formatMoney(value: number | undefined, currency = ''): string {
  if (missing(value)) return DASH;
  const text = numberFormat(2, 2).format(value);
  return currency ? `${text} ${currency}` : text;
}

/** Money with an explicit sign, for P&L (+1,234.50, −12.00). */
export function formatSignedMoney(value: number | undefined): string {
  if (missing(value)) return DASH;
  return numberFormat(2, 2, true).format(value);
}

/** A percentage with sign and two decimals (+1.49%). */
export function formatPercent(value: number | undefined): string {
  if (missing(value)) return DASH;
  return `${numberFormat(2, 2, true).format(value)}%`;
}

/** A UTC time of day from Unix ms (14:03:27). */
export function formatTime(ms: number | undefined): string {
  if (missing(ms)) return DASH;
  return new Date(ms).toISOString().slice(11, 19);
}

/** A UTC date and time from Unix ms (2026-05-04 14:03:27). */
export function formatDateTime(ms: number | undefined): string {
  if (missing(ms)) return DASH;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** CSS class for a signed value: up, down or flat. */
export function trendClass(value: number | undefined): 'up' | 'down' | 'flat' {
  if (missing(value) || value === 0) return 'flat';
  return value > 0 ? 'up' : 'down';
}
