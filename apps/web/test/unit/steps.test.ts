/** Tick and lot arithmetic stays exact where floats would drift. */
import { describe, expect, it } from 'vitest';
import { decimalsOf, isOnStep, roundToStep, stepBy, toStepString } from '../../src/lib/steps.ts';

describe('steps', () => {
  it('reads the decimals of a step, including exponent notation', () => {
    expect(decimalsOf(0.01)).toBe(2);
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(0.00001)).toBe(5);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(5)).toBe(0);
  });

  it('recognises values on the tick without float noise', () => {
    expect(isOnStep(1.13, 0.01)).toBe(true);
    expect(isOnStep(65016.58, 0.01)).toBe(true);
    expect(isOnStep(0.3, 0.1)).toBe(true);
    expect(isOnStep(1.005, 0.01)).toBe(false);
    expect(isOnStep(1.3, 0.25)).toBe(false);
    expect(isOnStep(1.25, 0.25)).toBe(true);
    expect(isOnStep(0.00003, 0.00001)).toBe(true);
    expect(isOnStep(50000.005, 0.01)).toBe(false);
  });

  it('rounds to the step in each direction', () => {
    expect(roundToStep(1.234, 0.01)).toBe(1.23);
    expect(roundToStep(1.239, 0.01, 'down')).toBe(1.23);
    expect(roundToStep(1.231, 0.01, 'up')).toBe(1.24);
    expect(roundToStep(1.13, 0.01, 'down')).toBe(1.13);
    expect(roundToStep(10.3, 0.25)).toBe(10.25);
  });

  it('steps by whole ticks, snapping an off-grid value first and never going below the minimum', () => {
    expect(stepBy(0.1, 0.1, 2)).toBe(0.3);
    expect(stepBy(0.3, 0.1, -1)).toBe(0.2);
    expect(stepBy(1.234, 0.01, 1)).toBe(1.24);
    expect(stepBy(1.234, 0.01, -1)).toBe(1.23);
    expect(stepBy(0.00001, 0.00001, -1, 0.00001)).toBe(0.00001);
    expect(stepBy(Number.NaN, 1, 1, 1)).toBe(1);
  });

  it('writes a value with exactly the step decimals', () => {
    expect(toStepString(0.3, 0.01)).toBe('0.30');
    expect(toStepString(65000, 0.01)).toBe('65000.00');
  });
});
