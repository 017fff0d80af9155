/** Order sizes that make sense per instrument: a base unit worth about 1,000 of the account currency, presets and stepper increments. */
import { roundToStep } from './steps.ts';

export interface SizeRules {
  readonly qtyStep: number;
  readonly minQty: number;
}

const TARGET_NOTIONAL = 1000;

/** The largest 1-2-5 number not above `value` (0.0154 → 0.01, 5.26 → 5, 926 → 500). */
function niceBelow(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const fraction = value / power;
  const nice = fraction >= 5 ? 5 : fraction >= 2 ? 2 : 1;
  return nice * power;
}

/** A round quantity worth about 1,000 at `price`, on the lot step and at least the minimum. */
export function baseUnit(price: number | undefined, rules: SizeRules): number {
  if (price === undefined || !(price > 0)) return rules.minQty;
  const raw = niceBelow(TARGET_NOTIONAL / price);
  const onStep = roundToStep(raw, rules.qtyStep, 'down');
  return Math.max(rules.minQty, onStep);
}

/** Quick sizes for the ticket: 1, 2, 5 and 10 base units. */
export function sizePresets(price: number | undefined, rules: SizeRules): number[] {
  const unit = baseUnit(price, rules);
  return [...new Set([1, 2, 5, 10].map((multiple) => roundToStep(unit * multiple, rules.qtyStep)))];
}
