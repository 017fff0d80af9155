/** The command line of `backtest` and `run`: strict options, read as text, lists and a help flag; mistakes exit 2. */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A mistake in the command line (exit code 2, with the usage). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandOptions {
  /** The value of a string option, when given. */
  text(name: string): string | undefined;
  /** Every value of a repeatable option. */
  list(name: string): string[];
  readonly help: boolean;
}

/** Parses `argv` against `options` (plus `--help`/`-h`); an unknown option or a missing value is a `UsageError`. */
export function commandOptions(argv: readonly string[], options: ParseArgsOptionsConfig): CommandOptions {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { ...options, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    text: (name) => (typeof values[name] === 'string' ? values[name] : undefined),
    list: (name) => (Array.isArray(values[name]) ? values[name].filter((value) => typeof value === 'string') : []),
    help: values.help === true,
  };
}
