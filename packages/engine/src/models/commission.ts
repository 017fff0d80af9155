/** Commission models: the fee charged on each fill (small pluggable models, as Lean's IFeeModel). */
import { maxFixed, minFixed, mulFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';

export interface CommissionModel {
  /** Fee for one fill of `qty` worth `notional`, given what the order has paid so far; already rounded to `minorUnit`. */
  commission(notional: Fixed, paidSoFar: Fixed, minorUnit: Fixed, qty?: Fixed): Fixed;
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

/**
 * A fee per unit traded (Interactive Brokers' fixed pricing: 0.005 USD a share, at least 1 USD an order, at most 1% of
 * the order's value). `qty` comes through the notional and price, so the interface stays one method.
 */
export function perShareCommission(perShare: number, min: number, maxRate: number | undefined): PerUnitCommissionModel {
  if (!(perShare >= 0) || !(min >= 0) || (maxRate !== undefined && !(maxRate >= 0))) throw new RangeError('commission perShare, min and maxRate must be ≥ 0');
  const fixedPerShare = toFixed(perShare);
  const fixedMin = toFixed(min);
  const fixedMaxRate = maxRate === undefined ? undefined : toFixed(maxRate);
  return {
    perUnit: true,
    commission(notional, paidSoFar, minorUnit, qty = 0n) {
      let fee = roundToStep(mulFixed(qty, fixedPerShare), minorUnit, 'half-even');
      if (fixedMaxRate !== undefined) fee = minFixed(fee, roundToStep(mulFixed(notional, fixedMaxRate), minorUnit, 'half-even'));
      return maxFixed(fee, roundToStep(fixedMin, minorUnit, 'ceil') - paidSoFar);
    },
  };
}

export interface PerUnitCommissionModel extends CommissionModel {
  readonly perUnit: true;
}

export type CommissionConfig = { model?: 'rate'; rate: number; min: number } | { model: 'perShare'; perShare: number; min: number; maxRate?: number };

export function commissionModelOf(config: CommissionConfig | undefined): CommissionModel {
  if (config === undefined) return rateCommission(0, 0);
  return config.model === 'perShare' ? perShareCommission(config.perShare, config.min, config.maxRate) : rateCommission(config.rate, config.min);
}
