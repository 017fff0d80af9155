/** Parses the `brokers.paper` configuration section (and an account's `paper` overrides) into engine settings, with clear errors. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { CommissionConfig, FillModelName, LatencyConfig, SlippageConfig } from '@trading-pro/engine';
import { Type } from 'typebox';

const nonNegative = (description?: string) => Type.Optional(Type.Number({ minimum: 0, ...(description === undefined ? {} : { description }) }));

/**
 * Every key `brokers.paper` (and an account's `paper` overrides) accepts: the configuration schema composes it, so a
 * typo fails the start with its path. Combinations (a model's required fields) are checked by `parsePaperOptions`.
 */
export const PaperOptionsSchema = Type.Object(
  {
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, description: 'Fixed delay before an order reaches the simulated venue' })),
    latency: Type.Optional(
      Type.Object(
        { model: Type.Optional(Type.Union([Type.Literal('fixed'), Type.Literal('random')])), ms: nonNegative(), minMs: nonNegative(), maxMs: nonNegative(), seed: Type.Optional(Type.Integer()) },
        { additionalProperties: false },
      ),
    ),
    slippage: Type.Optional(
      Type.Object(
        { model: Type.Union([Type.Literal('none'), Type.Literal('fixed'), Type.Literal('percent'), Type.Literal('sqrt')]), value: nonNegative() },
        { additionalProperties: false },
      ),
    ),
    commission: Type.Optional(
      Type.Object(
        { model: Type.Optional(Type.Union([Type.Literal('rate'), Type.Literal('perShare')])), rate: nonNegative(), min: nonNegative(), perShare: nonNegative(), maxRate: nonNegative() },
        { additionalProperties: false },
      ),
    ),
    fill: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('touch')])),
    checkMarketHours: Type.Optional(Type.Boolean()),
    offHours: Type.Optional(Type.Union([Type.Literal('queue'), Type.Literal('reject')])),
    clockIntervalMs: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'How often time-driven rules run between quotes' })),
    seed: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export interface PaperOptions {
  readonly latencyMs: number;
  /** Latency model; `latencyMs` alone is a fixed latency. */
  readonly latency?: LatencyConfig;
  readonly slippage: SlippageConfig;
  readonly commission: CommissionConfig;
  readonly fill: FillModelName;
  readonly checkMarketHours: boolean;
  /** Market orders while the market is closed: queued for the open (default) or rejected. */
  readonly offHours: 'queue' | 'reject';
  /** How often time-driven rules (latency, DAY expiry) are checked between quotes. */
  readonly clockIntervalMs: number;
}

const SLIPPAGE_MODELS = new Set(['none', 'fixed', 'percent', 'sqrt']);

export function parsePaperOptions(raw: Readonly<Record<string, unknown>>): PaperOptions {
  const latencyMs = numberAt(raw, 'latencyMs', 0);
  if (latencyMs < 0 || !Number.isInteger(latencyMs)) fail('latencyMs', 'must be a whole number ≥ 0');
  const slippageRaw = objectAt(raw, 'slippage') ?? { model: 'none' };
  const model = String(slippageRaw.model ?? 'none');
  if (!SLIPPAGE_MODELS.has(model)) fail('slippage.model', `must be one of ${[...SLIPPAGE_MODELS].join(', ')}`);
  const slippage = (model === 'none' ? { model } : { model, value: numberAt(slippageRaw, 'value', 0, 'slippage.') }) as SlippageConfig;
  const latency = parseLatency(objectAt(raw, 'latency'));
  const fill = String(raw.fill ?? 'standard');
  if (fill !== 'standard' && fill !== 'touch') fail('fill', 'must be standard or touch');
  const offHours = String(raw.offHours ?? 'queue');
  if (offHours !== 'queue' && offHours !== 'reject') fail('offHours', 'must be queue or reject');
  return {
    latencyMs,
    ...(latency === undefined ? {} : { latency }),
    slippage,
    commission: parseCommission(objectAt(raw, 'commission') ?? {}),
    fill: fill as FillModelName,
    checkMarketHours: raw.checkMarketHours === undefined ? true : raw.checkMarketHours === true,
    offHours: offHours as 'queue' | 'reject',
    clockIntervalMs: numberAt(raw, 'clockIntervalMs', 1000),
  };
}

function parseCommission(raw: Readonly<Record<string, unknown>>): CommissionConfig {
  const model = String(raw.model ?? 'rate');
  if (model === 'perShare') {
    const perShare = numberAt(raw, 'perShare', 0, 'commission.');
    const min = numberAt(raw, 'min', 0, 'commission.');
    const maxRate = raw.maxRate === undefined ? undefined : numberAt(raw, 'maxRate', 0, 'commission.');
    if (perShare < 0 || min < 0 || (maxRate !== undefined && maxRate < 0)) fail('commission', 'perShare, min and maxRate must be ≥ 0');
    return { model: 'perShare', perShare, min, ...(maxRate === undefined ? {} : { maxRate }) };
  }
  if (model !== 'rate') fail('commission.model', 'must be rate or perShare');
  const commission = { rate: numberAt(raw, 'rate', 0, 'commission.'), min: numberAt(raw, 'min', 0, 'commission.') };
  if (commission.rate < 0 || commission.min < 0) fail('commission', 'rate and min must be ≥ 0');
  return commission;
}

function parseLatency(raw: Readonly<Record<string, unknown>> | undefined): LatencyConfig | undefined {
  if (raw === undefined) return undefined;
  const model = String(raw.model ?? 'fixed');
  const whole = (key: string): number => {
    const value = numberAt(raw, key, 0, 'latency.');
    if (!Number.isInteger(value) || value < 0) fail(`latency.${key}`, 'must be a whole number ≥ 0');
    return value;
  };
  if (model === 'fixed') return { model: 'fixed', ms: whole('ms') };
  if (model !== 'random') fail('latency.model', 'must be fixed or random');
  const minMs = whole('minMs');
  const maxMs = whole('maxMs');
  if (maxMs < minMs) fail('latency.maxMs', 'must be ≥ minMs');
  return { model: 'random', minMs, maxMs, ...(raw.seed === undefined ? {} : { seed: numberAt(raw, 'seed', 42, 'latency.') }) };
}

function objectAt(raw: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(key, 'must be a mapping');
  return value as Record<string, unknown>;
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
