/** Commission models: the fee charged on each fill (small pluggable models, as Lean's IFeeModel). */
import { maxFixed, mulFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';

export interface CommissionModel {
  /** Fee for one fill of `notional`, given what the order has paid so far; already rounded to `minorUnit`. */
  commission(notional: Fixed, paidSoFar: Fixed, minorUnit: Fixed): Fixed;
}

/** rate × notional per fill, rounded to the minor unit; the first fills top the order up to `min`. */
export function rateCommission(rate: number, min: number): CommissionModel {
  if (!(rate >= 0) || !(min >= 0)) throw new RangeError('commission rate and min must be ≥ 0');
  const fixedRate = toFixed(rate);
  const fixedMin = toFixed(min);
  return {
    commission(notional, paidSoFar, minorUnit) {
      const fee = roundToStep(mulFixed(notional, fixedRate), minorUnit, 'half-even');
      return maxFixed(fee, roundToStep(fixedMin, minorUnit, 'ceil') - paidSoFar);
    },
  };
}

export const noCommission: CommissionModel = { commission: () => 0n };
