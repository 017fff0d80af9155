/** Parses the `brokers.paper` configuration section into engine settings, with clear errors. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { SlippageConfig } from '@trading-pro/engine';
import { Type } from 'typebox';

/** Every key `brokers.paper` accepts: the configuration schema composes it, so a typo fails the start with its path. */
export const PaperOptionsSchema = Type.Object(
  {
    latencyMs: Type.Optional(Type.Number({ minimum: 0, description: 'Delay before an order reaches the simulated venue' })),
    slippage: Type.Optional(
      Type.Object(
        {
          model: Type.Union([Type.Literal('none'), Type.Literal('fixed'), Type.Literal('percent'), Type.Literal('sqrt')]),
          value: Type.Optional(Type.Number({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    commission: Type.Optional(
      Type.Object({ rate: Type.Optional(Type.Number({ minimum: 0 })), min: Type.Optional(Type.Number({ minimum: 0 })) }, { additionalProperties: false }),
    ),
    checkMarketHours: Type.Optional(Type.Boolean()),
    clockIntervalMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'How often time-driven rules run between quotes' })),
    seed: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export interface PaperOptions {
  readonly latencyMs: number;
  readonly slippage: SlippageConfig;
  readonly commission: { readonly rate: number; readonly min: number };
  readonly checkMarketHours: boolean;
  /** How often time-driven rules (latency, DAY expiry) are checked between quotes. */
  readonly clockIntervalMs: number;
}

const MODELS = new Set(['none', 'fixed', 'percent', 'sqrt']);

export function parsePaperOptions(raw: Readonly<Record<string, unknown>>): PaperOptions {
  const latencyMs = numberAt(raw, 'latencyMs', 0);
  if (latencyMs < 0) fail('latencyMs', 'must be ≥ 0');
  const slippageRaw = (raw.slippage ?? { model: 'none' }) as Record<string, unknown>;
  const model = String(slippageRaw.model ?? 'none');
  if (!MODELS.has(model)) fail('slippage.model', `must be one of ${[...MODELS].join(', ')}`);
  const slippage = (model === 'none' ? { model } : { model, value: numberAt(slippageRaw, 'value', 0, 'slippage.') }) as SlippageConfig;
  const commissionRaw = (raw.commission ?? {}) as Record<string, unknown>;
  const commission = { rate: numberAt(commissionRaw, 'rate', 0, 'commission.'), min: numberAt(commissionRaw, 'min', 0, 'commission.') };
  if (commission.rate < 0 || commission.min < 0) fail('commission', 'rate and min must be ≥ 0');
  return {
    latencyMs,
    slippage,
    commission,
    checkMarketHours: raw.checkMarketHours === undefined ? true : raw.checkMarketHours === true,
    clockIntervalMs: numberAt(raw, 'clockIntervalMs', 1000),
  };
}

function numberAt(raw: Readonly<Record<string, unknown>>, key: string, fallback: number, prefix = ''): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${prefix}${key}`, 'must be a number');
  return value as number;
}

function fail(key: string, message: string): never {
  throw new TradingError(ErrorCode.VALIDATION_ERROR, `brokers.paper.${key} ${message}`);
}
