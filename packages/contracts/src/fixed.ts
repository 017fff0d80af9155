/**
 * Exact fixed-point decimals: a `Fixed` is a bigint holding the value × 10^8.
 * Eight places cover crypto lot steps (satoshis) and every tick size we list;
 * money is rounded to the currency's minor unit when it is posted, never in between.
 */
export type Fixed = bigint;

export const FIXED_DECIMALS = 8;
export const FIXED_ONE: Fixed = 100_000_000n;
export const FIXED_ZERO: Fixed = 0n;

export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up' | 'floor' | 'ceil';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Parses a decimal string (`"12.5"`, `"-0.001"`, `"1e-7"`), rounding half-even beyond 8 places. */
export function parseFixed(text: string): Fixed {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, intPart = '0', fracPart = '', expPart] = match;
  const exponent = expPart === undefined ? 0 : Number(expPart);
  let digits = BigInt(intPart + fracPart);
  let scale = fracPart.length - exponent; // value = digits × 10^-scale
  if (scale < FIXED_DECIMALS) {
    digits *= 10n ** BigInt(FIXED_DECIMALS - scale);
    scale = FIXED_DECIMALS;
  }
  const value = scale === FIXED_DECIMALS ? digits : divRound(digits, 10n ** BigInt(scale - FIXED_DECIMALS), 'half-even');
  return sign === '-' ? -value : value;
}

/** Converts a JSON number to Fixed through its shortest decimal representation (so 0.1 is exactly 0.1). */
export function toFixed(value: number): Fixed {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return parseFixed(String(value));
}

/** Converts back to the shortest decimal string, without trailing zeros. */
export function fixedToString(value: Fixed): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const intPart = abs / FIXED_ONE;
  const frac = (abs % FIXED_ONE).toString().padStart(FIXED_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${intPart}${frac ? `.${frac}` : ''}`;
}

const EXACT_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
const FIXED_SCALE = Number(FIXED_ONE);

/**
 * Converts to a JSON number (the API edge): the double nearest the decimal value. Within 2^53 both operands are
 * exact doubles and IEEE division rounds the exact quotient once, which is that same double.
 */
export function fromFixed(value: Fixed): number {
  if (value <= EXACT_LIMIT && value >= -EXACT_LIMIT) return Number(value) / FIXED_SCALE;
  return Number(fixedToString(value));
}

/** Integer division rounded with the given mode. */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode = 'half-even'): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const positive = numerator > 0n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return positive ? quotient + 1n : quotient - 1n;
    case 'floor':
      return positive ? quotient : quotient - 1n;
    case 'ceil':
      return positive ? quotient + 1n : quotient;
    case 'half-up':
    case 'half-even': {
      const twice = (remainder < 0n ? -remainder : remainder) * 2n;
      const away = twice > denominator || (twice === denominator && (mode === 'half-up' || (quotient & 1n) !== 0n));
      if (!away) return quotient;
      return positive ? quotient + 1n : quotient - 1n;
    }
  }
}

/** a × b, rounded back to 8 places. */
export function mulFixed(a: Fixed, b: Fixed, mode: RoundingMode = 'half-even'): Fixed {
  return divRound(a * b, FIXED_ONE, mode);
}

/** a ÷ b, rounded to 8 places. */
export function divFixed(a: Fixed, b: Fixed, mode: RoundingMode = 'half-even'): Fixed {
  return divRound(a * FIXED_ONE, b, mode);
}

/** Rounds `value` to a multiple of `step` (a tick size, a lot step, a currency's minor unit). */
export function roundToStep(value: Fixed, step: Fixed, mode: RoundingMode = 'half-even'): Fixed {
  if (step <= 0n) throw new RangeError('step must be positive');
  return divRound(value, step, mode) * step;
}

export function isMultipleOf(value: Fixed, step: Fixed): boolean {
  return step > 0n && value % step === 0n;
}

export function absFixed(value: Fixed): Fixed {
  return value < 0n ? -value : value;
}

export function minFixed(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function maxFixed(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}
