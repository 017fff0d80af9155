/** Slippage models: how far a market fill lands from the touch (small pluggable models, as Lean's ISlippageModel). */
import { mulFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed, Side } from '@trading-pro/contracts';

export type SlippageConfig =
  | { model: 'none' }
  | { model: 'fixed'; value: number /* price units */ }
  | { model: 'percent'; value: number /* fraction, 0.0005 = 5 bp */ }
  | { model: 'sqrt'; value: number /* impact coefficient: slippage fraction = value * sqrt(qty / displayedSize) */ };

export interface SlippageModel {
  /** Adverse price distance (≥ 0, unrounded) for filling `qty` at `price` against `displayedSize`. */
  slippage(price: Fixed, qty: Fixed, displayedSize: Fixed): Fixed;
}

/** Fills exactly at the touch. */
export const noSlippage: SlippageModel = { slippage: () => 0n };

/** A constant distance in price units. */
export function fixedSlippage(value: number): SlippageModel {
  const distance = toFixed(value);
  return { slippage: () => distance };
}

/** A constant fraction of the price. */
export function percentSlippage(fraction: number): SlippageModel {
  const rate = toFixed(fraction);
  return { slippage: (price) => mulFixed(price, rate, 'ceil') };
}

/** Square-root market impact: fraction = coefficient × √(qty / displayed size), the classic impact law. */
export function sqrtImpactSlippage(coefficient: number): SlippageModel {
  return {
    slippage(price, qty, displayedSize) {
      const ratio = displayedSize > 0n ? Number(qty) / Number(displayedSize) : 1;
      const fraction = toFixed(coefficient * Math.sqrt(ratio));
      return mulFixed(price, fraction, 'ceil');
    },
  };
}

export function slippageModelOf(config: SlippageConfig | undefined): SlippageModel {
  if (!config) return noSlippage;
  if (!Number.isFinite(config.model === 'none' ? 0 : config.value) || (config.model !== 'none' && config.value < 0)) {
    throw new RangeError(`bad slippage value for model ${config.model}`);
  }
  switch (config.model) {
    case 'none':
      return noSlippage;
    case 'fixed':
      return fixedSlippage(config.value);
    case 'percent':
      return percentSlippage(config.value);
    case 'sqrt':
      return sqrtImpactSlippage(config.value);
  }
}

/** The touch moved against the taker by the model, then rounded to the tick in the adverse direction. */
export function slippedPrice(model: SlippageModel, side: Side, touch: Fixed, qty: Fixed, displayedSize: Fixed, tickSize: Fixed): Fixed {
  const distance = model.slippage(touch, qty, displayedSize);
  if (side === 1) return roundToStep(touch + distance, tickSize, 'ceil');
  const price = roundToStep(touch - distance, tickSize, 'floor');
  // A sell never fills at or below zero, however large the modelled impact.
  return price > 0n ? price : tickSize;
}

