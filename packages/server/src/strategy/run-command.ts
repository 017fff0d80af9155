/**
 * `trading-pro run`: runs a strategy module (the one `trading-pro backtest` runs) on an account of a running server,
 * through the SDK (`TRADING_PRO_URL` = the server root, `TRADING_PRO_TOKEN`). SIGINT or SIGTERM, or the strategy's own
 * `ctx.stop()`, ends it: the working orders it placed are canceled and it exits 0; a strategy error exits 1 with the
 * strategy file's line.
 */
import { TradingProClient, isTradingProError } from '@trading-pro/sdk';
import { runStrategy, type RunOutcome } from '@trading-pro/strategy/live';
import { UsageError, commandOptions } from './command-options.ts';
import { ParamError, resolveParams } from './strategy-params.ts';
import { StrategyInputError, describeStrategyError, loadStrategy } from './load-strategy.ts';

export const RUN_USAGE = `usage: trading-pro run --strategy strategy.ts --account ID [options]

  --strategy <file>      the strategy module, as for backtest (required)
  --account <id>         the account to trade (required)
  --param <name=value>   a strategy parameter (repeatable), parsed as the type of the default it declares
  --symbols <A,B,…>      symbols to trade (default: the strategy's \`symbols\`)
  --resolution <r>       bar resolution: 1, 5, 15, 60 (minutes) or 1D (default: the strategy's, else 1)
  --warmup <n>           bars of history the strategy sees before the first live bar (default: the strategy's, else 0)
  (TRADING_PRO_URL, the server root, default http://127.0.0.1:8000; TRADING_PRO_TOKEN)
  Ctrl+C (SIGINT) or SIGTERM stops it: its working orders are canceled, then it exits 0.`;

type Env = Readonly<Record<string, string | undefined>>;
type Out = (line: string) => void;

interface RunOptions {
  readonly strategy: string;
  readonly account: string;
  readonly params: readonly string[];
  readonly symbols?: readonly string[];
  readonly resolution?: string;
  readonly warmup?: number;
  readonly help: boolean;
}

function parseRunArgs(argv: readonly string[]): RunOptions {
  const { text, list, help } = commandOptions(argv, {
    strategy: { type: 'string' },
    account: { type: 'string' },
    param: { type: 'string', multiple: true },
    symbols: { type: 'string' },
    resolution: { type: 'string' },
    warmup: { type: 'string' },
  });
  const strategy = text('strategy');
  const account = text('account');
  if (!help && strategy === undefined) throw new UsageError('--strategy <file.ts> is required');
  if (!help && account === undefined) throw new UsageError('--account <id> is required');
  const symbols = text('symbols')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (symbols !== undefined && symbols.length === 0) throw new UsageError('--symbols needs at least one symbol');
  const resolution = text('resolution');
  const warmupText = text('warmup');
  const warmup = warmupText === undefined ? undefined : Number(warmupText);
  if (warmup !== undefined && (!Number.isInteger(warmup) || warmup < 0)) throw new UsageError(`--warmup must be a whole number ≥ 0, got ${JSON.stringify(warmupText)}`);
  return {
    strategy: strategy ?? '',
    account: account ?? '',
    params: list('param'),
    ...(symbols === undefined ? {} : { symbols }),
    ...(resolution === undefined ? {} : { resolution }),
    ...(warmup === undefined ? {} : { warmup }),
    help,
  };
}

/** Something that ends the run from outside (SIGINT/SIGTERM in the CLI): calls back once with the reason. */
export type StopSignal = (stop: (reason: string) => void) => () => void;

export const processSignals: StopSignal = (stop) => {
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
};

/** Runs the command until the strategy stops; returns the exit code (0 stopped, 1 failed, 2 usage). */
export async function runCommand(argv: readonly string[], env: Env, out: Out, err: Out, signals: StopSignal = processSignals): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunArgs(argv);
  } catch (error) {
    err(`run: ${(error as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  if (options.help) {
    out(RUN_USAGE);
    return 0;
  }
  const baseUrl = env.TRADING_PRO_URL ?? 'http://127.0.0.1:8000';
  let client: TradingProClient | undefined;
  let path = '';
  // Listening from the start: a signal that comes while the run starts (after its first orders, even) stops it as
  // soon as it has started, instead of killing the process with its orders working.
  let run: Awaited<ReturnType<typeof runStrategy>> | undefined;
  let requested: string | undefined;
  const release = signals((reason) => {
    if (run === undefined) requested = reason;
    else void run.stop(reason);
  });
  try {
    const loaded = await loadStrategy(options.strategy);
    path = loaded.path;
    const params = resolveParams(loaded.strategy.params, options.params);
    client = new TradingProClient({ baseUrl, accountId: options.account, ...(env.TRADING_PRO_TOKEN ? { token: env.TRADING_PRO_TOKEN } : {}) });
    run = await runStrategy({
      client,
      accountId: options.account,
      strategy: loaded.strategy,
      params,
      ...(options.symbols === undefined ? {} : { symbols: options.symbols }),
      ...(options.resolution === undefined ? {} : { resolution: options.resolution }),
      ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
      log: out,
    });
    if (requested !== undefined) void run.stop(requested);
    const outcome: RunOutcome = await run.done;
    if (outcome.error !== undefined) {
      err(`run: ${describeStrategyError(outcome.error, path)}`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof ParamError || error instanceof RangeError) {
      err(`run: ${error.message}\n\n${RUN_USAGE}`);
      return 2;
    }
    if (error instanceof StrategyInputError) {
      err(`run: ${error.message}`);
      return 1;
    }
    if (isTradingProError(error)) {
      err(`run: ${error.code === 'NETWORK_ERROR' ? `cannot reach ${baseUrl}: ${error.message}` : `${error.code}: ${error.message}`}`);
      return 1;
    }
    err(`run: ${describeStrategyError(error, path)}`);
    return 1;
  } finally {
    release();
    client?.close();
  }
}
