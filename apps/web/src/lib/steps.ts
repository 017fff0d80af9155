/** Exact tick and lot arithmetic: values are scaled to integers by the step's decimals so floats never drift. */

/** Number of decimals a step is written with (0.01 → 2, 0.25 → 2, 1e-7 → 7, 5 → 0). */
export function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent?.[1] !== undefined) {
    const mantissa = text.split('e')[0] ?? '';
    const fraction = mantissa.split('.')[1] ?? '';
    return Number(exponent[1]) + fraction.length;
  }
  return (text.split('.')[1] ?? '').length;
}

interface Scaled {
  readonly scale: number;
  readonly stepUnits: number;
}

function scaled(step: number): Scaled {
  const scale = 10 ** decimalsOf(step);
  return { scale, stepUnits: Math.round(step * scale) };
}

// Float products like 1.13 * 100 = 112.99999999999999 must not fall to the step below.
const EPSILON = 1e-9;

/** Rounds to the nearest multiple of `step` ('nearest'), or towards -∞ / +∞. */
export function roundToStep(value: number, step: number, mode: 'nearest' | 'down' | 'up' = 'nearest'): number {
  if (!Number.isFinite(value) || step <= 0) return value;
  const { scale, stepUnits } = scaled(step);
  const ratio = (value * scale) / stepUnits;
  const slack = EPSILON * Math.max(1, Math.abs(ratio));
  const steps = mode === 'down' ? Math.floor(ratio + slack) : mode === 'up' ? Math.ceil(ratio - slack) : Math.round(ratio);
  return (steps * stepUnits) / scale;
}

/** True when `value` is an exact multiple of `step` (within float representation). */
export function isOnStep(value: number, step: number): boolean {
  if (!Number.isFinite(value) || step <= 0) return false;
  const { scale, stepUnits } = scaled(step);
  const exact = value * scale;
  const units = Math.round(exact);
  if (Math.abs(exact - units) > EPSILON * Math.max(1, Math.abs(exact))) return false;
  return units % stepUnits === 0;
}

/** Moves `value` by `count` steps; an off-grid value first snaps in the direction of travel. Never below `min`. */
export function stepBy(value: number, step: number, count: number, min = step): number {
  if (!Number.isFinite(value) || value <= 0) return min;
  const { scale, stepUnits } = scaled(step);
  const next = isOnStep(value, step) ? (Math.round(value * scale) + count * stepUnits) / scale : roundToStep(value, step, count > 0 ? 'up' : 'down');
  return next < min ? min : next;
}

/** The value written with exactly the step's decimals, for inputs (no grouping). */
export function toStepString(value: number, step: number): string {
  return value.toFixed(decimalsOf(step));
}
