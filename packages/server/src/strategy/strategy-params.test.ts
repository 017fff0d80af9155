import { describe, expect, it } from 'vitest';
import { ParamError, resolveParams } from './strategy-params.ts';

const DECLARED = { fast: 20, invested: 0.95, mode: 'long', trail: false };

describe('--param against the declared parameters', () => {
  it('keeps the defaults and parses each value as its default’s type', () => {
    expect(resolveParams(DECLARED, [])).toEqual(DECLARED);
    expect(resolveParams(DECLARED, ['fast=5', 'invested=0.5', 'mode=short', 'trail=true'])).toEqual({ fast: 5, invested: 0.5, mode: 'short', trail: true });
    expect(resolveParams(DECLARED, [' fast = 7 ', 'mode=a=b'])).toMatchObject({ fast: 7, mode: 'a=b' });
  });

  it('refuses a name the strategy does not declare, naming the closest one', () => {
    expect(() => resolveParams(DECLARED, ['fats=5'])).toThrow(new ParamError('--param fats: unknown parameter — did you mean fast? (it takes fast, invested, mode, trail)'));
    expect(() => resolveParams(undefined, ['fast=5'])).toThrow(/unknown parameter \(the strategy declares no parameters\)/);
  });

  it('refuses values of the wrong type, a missing =, and a name given twice', () => {
    expect(() => resolveParams(DECLARED, ['fast=ten'])).toThrow('--param fast must be a number, got "ten"');
    expect(() => resolveParams(DECLARED, ['fast='])).toThrow('--param fast must be a number, got ""');
    expect(() => resolveParams(DECLARED, ['fast=Infinity'])).toThrow(/must be a number/);
    expect(() => resolveParams(DECLARED, ['trail=yes'])).toThrow('--param trail must be true or false, got "yes"');
    expect(() => resolveParams(DECLARED, ['fast'])).toThrow('--param takes name=value, got "fast"');
    expect(() => resolveParams(DECLARED, ['=5'])).toThrow(/name=value/);
    expect(() => resolveParams(DECLARED, ['fast=1', 'fast=2'])).toThrow('--param fast is given twice');
  });
});
