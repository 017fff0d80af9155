/** The `brokers.alpaca` configuration section: credentials, endpoints and the adapter's timings, validated. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { BackoffOptions } from '../common/retry.ts';

export interface AlpacaConfig {
  readonly keyId: string;
  readonly secretKey: string;
  readonly paper: boolean;
  readonly baseUrl: string;
  readonly streamUrl: string;
  /** Let limit DAY orders run in the pre- and after-market sessions. */
  readonly extendedHours: boolean;
  /** Market orders while the market is closed: 'queue' (Alpaca runs them at the open, the default) or 'reject' (422 MARKET_CLOSED). */
  readonly marketOrdersWhenClosed: 'queue' | 'reject';
  readonly requestTimeoutMs: number;
  readonly requestsPerMinute: number;
  readonly maxRateLimitWaitMs: number;
  readonly reconcileIntervalMs: number;
  /** How often positions and the account are read to keep equity and P&L current (the request budget). */
  readonly accountRefreshMs: number;
  readonly clockCacheMs: number;
  readonly streamConnectTimeoutMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly pingIntervalMs: number;
  readonly readRetry: BackoffOptions;
  /** How many times an unanswered submission is looked up by client_order_id before it is reported unknown. */
  /** How long an unanswered submission may stay unknown before Alpaca's "no such order" settles it as never received. */
  readonly placingTimeoutMs: number;
  /** First delay of the client-id lookups that settle an unanswered submission (then doubling). */
  readonly unknownLookupMs: number;
}

const PAPER_URL = 'https://paper-api.alpaca.markets';
const LIVE_URL = 'https://api.alpaca.markets';

function invalid(key: string, message: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, `brokers.alpaca.${key} ${message}`, { details: [{ path: `brokers.alpaca.${key}`, message }] });
}

function text(options: Readonly<Record<string, unknown>>, keys: readonly string[], required: boolean): string | undefined {
  for (const key of keys) {
    const value = options[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw invalid(key, 'must be a string');
    return value;
  }
  if (required) throw invalid(keys[0] ?? 'key', 'is required');
  return undefined;
}

function int(options: Readonly<Record<string, unknown>>, key: string, fallback: number, min = 0): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw invalid(key, `must be an integer ≥ ${min}`);
  return value;
}

function flag(options: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(key, 'must be true or false');
  return value;
}

/** `https://host/…` → `wss://host/stream`. */
export function streamUrlFor(baseUrl: string): string {
  const url = new URL('/stream', baseUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return url.toString();
}

export function parseAlpacaConfig(options: Readonly<Record<string, unknown>>): AlpacaConfig {
  const paper = flag(options, 'paper', true);
  const baseUrl = text(options, ['baseUrl'], false) ?? (paper ? PAPER_URL : LIVE_URL);
  try {
    new URL(baseUrl);
  } catch {
    throw invalid('baseUrl', 'must be an absolute URL');
  }
  return {
    keyId: text(options, ['apiKey', 'keyId'], true) ?? '',
    secretKey: text(options, ['secret', 'secretKey'], true) ?? '',
    paper,
    baseUrl,
    streamUrl: text(options, ['streamUrl'], false) ?? streamUrlFor(baseUrl),
    extendedHours: flag(options, 'extendedHours', false),
    marketOrdersWhenClosed: marketWhenClosed(options['marketOrdersWhenClosed']),
    requestTimeoutMs: int(options, 'requestTimeoutMs', 10_000, 1),
    requestsPerMinute: int(options, 'requestsPerMinute', 200, 1),
    maxRateLimitWaitMs: int(options, 'maxRateLimitWaitMs', 30_000),
    reconcileIntervalMs: int(options, 'reconcileIntervalMs', 60_000),
    accountRefreshMs: int(options, 'accountRefreshMs', 10_000),
    clockCacheMs: int(options, 'clockCacheMs', 30_000),
    streamConnectTimeoutMs: int(options, 'streamConnectTimeoutMs', 10_000, 1),
    reconnectMinMs: int(options, 'reconnectMinMs', 500, 1),
    reconnectMaxMs: int(options, 'reconnectMaxMs', 30_000, 1),
    pingIntervalMs: int(options, 'pingIntervalMs', 20_000, 1),
    readRetry: {
      attempts: int(options, 'readAttempts', 3, 1),
      initialDelayMs: int(options, 'retryDelayMs', 250),
      maxDelayMs: int(options, 'retryMaxDelayMs', 5_000),
    },
    placingTimeoutMs: int(options, 'placingTimeoutMs', 60_000, 1),
    unknownLookupMs: int(options, 'unknownLookupMs', 500, 1),
  };
}

function marketWhenClosed(value: unknown): 'queue' | 'reject' {
  if (value === undefined) return 'queue';
  if (value === 'queue' || value === 'reject') return value;
  throw new TradingError(ErrorCode.VALIDATION_ERROR, 'brokers.alpaca.marketOrdersWhenClosed must be queue or reject', {
    details: [{ path: 'brokers.alpaca.marketOrdersWhenClosed', message: 'must be queue or reject' }],
  });
}
