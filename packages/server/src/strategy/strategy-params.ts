/**
 * `--param name=value` on the command line, checked against the parameters a strategy declares: each value is parsed
 * as the type of its default (number, boolean or text; a strategy checks ranges in its `init`), and an unknown name is refused with the
 * closest declared one.
 */
import type { ParamValue, StrategyParams } from '@trading-pro/engine';
import { didYouMean } from '../config/did-you-mean.ts';

/** A `--param` the strategy cannot take: exit code 2, as any other mistake in the command line. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
}

function parseValue(name: string, text: string, fallback: ParamValue): ParamValue {
  if (typeof fallback === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new ParamError(`--param ${name} must be true or false, got ${JSON.stringify(text)}`);
  }
  if (typeof fallback === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new ParamError(`--param ${name} must be a number, got ${JSON.stringify(text)}`);
    return value;
  }
  return text;
}

/** The strategy's defaults with the `name=value` texts over them. */
export function resolveParams(declared: StrategyParams | undefined, texts: readonly string[]): StrategyParams {
  const defaults = declared ?? {};
  const names = Object.keys(defaults);
  const params: Record<string, ParamValue> = { ...defaults };
  const seen = new Set<string>();
  for (const text of texts) {
    const equals = text.indexOf('=');
    if (equals <= 0) throw new ParamError(`--param takes name=value, got ${JSON.stringify(text)}`);
    const name = text.slice(0, equals).trim();
    const fallback = defaults[name];
    if (fallback === undefined) {
      const known = names.length === 0 ? 'the strategy declares no parameters' : `it takes ${names.join(', ')}`;
      throw new ParamError(`--param ${name}: unknown parameter${didYouMean(name, names)} (${known})`);
    }
    if (seen.has(name)) throw new ParamError(`--param ${name} is given twice`);
    seen.add(name);
    params[name] = parseValue(name, text.slice(equals + 1).trim(), fallback);
  }
  return params;
}
