/**
 * Loads a strategy module (TypeScript runs as is on Node 24): its `strategy` export, or its default export. Errors a
 * strategy throws are reported with the file and line they came from (`strategyFrame`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Strategy, StrategyParams } from '@trading-pro/engine';
import { strategyFrame } from '@trading-pro/strategy';

/** A problem with the inputs (a missing file, a module without a strategy): exit code 1. */
export class StrategyInputError extends Error {
  override readonly name = 'StrategyInputError';
}

export interface LoadedStrategy {
  readonly strategy: Strategy<unknown, StrategyParams>;
  /** The module's absolute path. */
  readonly path: string;
}

function isStrategy(value: unknown): value is Strategy<unknown, StrategyParams> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const optional = (key: string, type: string) => candidate[key] === undefined || typeof candidate[key] === type;
  return typeof candidate.name === 'string' && typeof candidate.onBar === 'function' && optional('init', 'function') && optional('onStop', 'function') && optional('params', 'object');
}

export async function loadStrategy(file: string): Promise<LoadedStrategy> {
  const path = resolve(file);
  if (!existsSync(path)) throw new StrategyInputError(`strategy file not found: ${path}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const where = strategyFrame(error, path);
    throw new StrategyInputError(`cannot load the strategy ${where ?? path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const strategy = module.strategy ?? module.default;
  if (!isStrategy(strategy)) {
    throw new StrategyInputError(`${path} does not export a strategy: expected \`export const strategy = { name: '…', onBar(bar, ctx) { … } }\` or a default export of one`);
  }
  return { strategy, path };
}

/** The error's message, followed by where in the strategy file it was thrown (when it was). */
export function describeStrategyError(error: unknown, path: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const frame = strategyFrame(error, path);
  return frame === undefined ? message : `${message}\n    at ${frame}`;
}
