/** The `brokers.<venue>` YAML section of a ccxt venue, validated into typed adapter options. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { BackoffOptions } from '../common/retry.ts';
import { DEFAULT_CLIENT_OPTIONS, type CcxtClientOptions } from './ccxt-client.ts';
import type { CcxtVenueSpec, MarketKind, PositionMode } from './venue-spec.ts';

export interface CcxtBrokerOptions extends CcxtClientOptions {
  /** The account currency's stand-in on the venue (USDT is treated as USD). */
  readonly quote: string;
  /** REST reconciliation period while connected. */
  readonly reconcileIntervalMs: number;
  /** How often balances and positions are read to keep equity and P&L current (the account's request budget). */
  readonly accountRefreshMs: number;
  /** Use the venue's user stream (ccxt pro); off means REST reconciliation only. */
  readonly stream: boolean;
  readonly streamBackoff: BackoffOptions;
  readonly clientOrderIdPrefix: string;
  readonly placingTimeoutMs: number;
  readonly tradeLookbackMs: number;
  /** Position mode of a swap account: `net` or `hedge`; undefined: as the venue reports it (net where it cannot). */
  readonly positionMode: PositionMode | undefined;
  /** The account's rate-limit tier where the venue has tiers (Kraken: starter, intermediate, pro). */
  readonly tier: string | undefined;
  /** First delay of the client-id lookups that settle an unanswered submission (doubling up to 5 s). */
  readonly unknownLookupMs: number;
}

export function parseCcxtBrokerOptions(spec: CcxtVenueSpec, raw: Readonly<Record<string, unknown>>): CcxtBrokerOptions {
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw invalid(spec, key, 'must be a string');
    return value;
  };
  const number = (key: string, fallback: number): number => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(spec, key, 'must be a non-negative number');
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw invalid(spec, key, 'must be true or false');
    return value;
  };
  const apiKey = text('apiKey');
  const secret = text('secret');
  if (apiKey === undefined || secret === undefined) throw invalid(spec, apiKey === undefined ? 'apiKey' : 'secret', 'is required');
  const market = (text('market') ?? 'spot') as MarketKind;
  if (!spec.marketKinds.includes(market)) throw invalid(spec, 'market', `must be one of ${spec.marketKinds.join(', ')}`);
  const backoffRaw = (raw['backoff'] ?? {}) as Record<string, unknown>;
  const backoff: BackoffOptions = {
    attempts: typeof backoffRaw['attempts'] === 'number' ? backoffRaw['attempts'] : DEFAULT_CLIENT_OPTIONS.backoff.attempts,
    initialDelayMs: typeof backoffRaw['initialDelayMs'] === 'number' ? backoffRaw['initialDelayMs'] : DEFAULT_CLIENT_OPTIONS.backoff.initialDelayMs,
    maxDelayMs: typeof backoffRaw['maxDelayMs'] === 'number' ? backoffRaw['maxDelayMs'] : DEFAULT_CLIENT_OPTIONS.backoff.maxDelayMs,
  };
  const password = text('password');
  const baseUrl = text('baseUrl');
  const wsUrl = text('wsUrl');
  return {
    apiKey,
    secret,
    ...(password === undefined ? {} : { password }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(wsUrl === undefined ? {} : { wsUrl }),
    testnet: flag('testnet', DEFAULT_CLIENT_OPTIONS.testnet),
    market,
    timeoutMs: number('timeoutMs', DEFAULT_CLIENT_OPTIONS.timeoutMs),
    ccxtRateLimit: flag('ccxtRateLimit', DEFAULT_CLIENT_OPTIONS.ccxtRateLimit),
    maxRateLimitWaitMs: number('maxRateLimitWaitMs', DEFAULT_CLIENT_OPTIONS.maxRateLimitWaitMs),
    backoff,
    quote: text('quote') ?? 'USDT',
    reconcileIntervalMs: number('reconcileIntervalMs', 30_000),
    accountRefreshMs: number('accountRefreshMs', 10_000),
    stream: flag('stream', true),
    streamBackoff: { attempts: Number.POSITIVE_INFINITY, initialDelayMs: backoff.initialDelayMs, maxDelayMs: Math.max(backoff.maxDelayMs, backoff.initialDelayMs) },
    clientOrderIdPrefix: text('clientOrderIdPrefix') ?? 'tp',
    placingTimeoutMs: number('placingTimeoutMs', 60_000),
    tradeLookbackMs: number('tradeLookbackMs', 24 * 3_600_000),
    unknownLookupMs: Math.max(1, number('unknownLookupMs', 500)),
    syncClock: flag('syncClock', DEFAULT_CLIENT_OPTIONS.syncClock),
    tier: tierOf(spec, text('tier')),
    positionMode: positionModeOf(spec, text('positionMode')),
    ...regionOf(spec, text('region')),
  };
}

function positionModeOf(spec: CcxtVenueSpec, mode: string | undefined): PositionMode | undefined {
  if (mode === undefined) return undefined;
  if (mode !== 'net' && mode !== 'hedge') throw invalid(spec, 'positionMode', 'must be net or hedge');
  return mode;
}

function regionOf(spec: CcxtVenueSpec, region: string | undefined): { region?: string } {
  if (region === undefined) return {};
  const regions = Object.keys(spec.regions ?? {});
  if (!regions.includes(region)) throw invalid(spec, 'region', regions.length === 0 ? 'is not used by this venue' : `must be one of ${regions.join(', ')}`);
  return { region };
}

function tierOf(spec: CcxtVenueSpec, tier: string | undefined): string | undefined {
  if (tier === undefined) return undefined;
  const tiers = Object.keys(spec.tierLimits ?? {});
  if (!tiers.includes(tier)) throw invalid(spec, 'tier', tiers.length === 0 ? 'is not used by this venue' : `must be one of ${tiers.join(', ')}`);
  return tier;
}

function invalid(spec: CcxtVenueSpec, key: string, problem: string): TradingError {
  const message = `brokers.${spec.kind}.${key} ${problem}`;
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path: `brokers.${spec.kind}.${key}`, message }] });
}
