/** The `brokers.alpaca` configuration section: credentials, endpoints and the adapter's timings, validated. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { Type } from 'typebox';
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

const optionalText = () => Type.Optional(Type.String());
const int = (minimum: number) => Type.Optional(Type.Integer({ minimum }));

/** Every key `brokers.alpaca` accepts (`apiKey`/`keyId` and `secret`/`secretKey` are synonyms); composed into the configuration schema. */
export const AlpacaOptionsSchema = Type.Object(
  {
    apiKey: optionalText(),
    keyId: optionalText(),
    secret: optionalText(),
    secretKey: optionalText(),
    paper: Type.Optional(Type.Boolean()),
    baseUrl: optionalText(),
    streamUrl: optionalText(),
    extendedHours: Type.Optional(Type.Boolean()),
    marketOrdersWhenClosed: Type.Optional(Type.Union([Type.Literal('queue'), Type.Literal('reject')])),
    requestTimeoutMs: int(1),
    requestsPerMinute: int(1),
    maxRateLimitWaitMs: int(0),
    reconcileIntervalMs: int(0),
    accountRefreshMs: int(0),
    clockCacheMs: int(0),
    streamConnectTimeoutMs: int(1),
    reconnectMinMs: int(1),
    reconnectMaxMs: int(1),
    pingIntervalMs: int(1),
    readAttempts: int(1),
    retryDelayMs: int(0),
    retryMaxDelayMs: int(0),
    placingTimeoutMs: int(1),
    unknownLookupMs: int(1),
  },
  { additionalProperties: false },
);

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

function integer(options: Readonly<Record<string, unknown>>, key: string, fallback: number, min = 0): number {
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
    requestTimeoutMs: integer(options, 'requestTimeoutMs', 10_000, 1),
    requestsPerMinute: integer(options, 'requestsPerMinute', 200, 1),
    maxRateLimitWaitMs: integer(options, 'maxRateLimitWaitMs', 30_000),
    reconcileIntervalMs: integer(options, 'reconcileIntervalMs', 60_000),
    accountRefreshMs: integer(options, 'accountRefreshMs', 10_000),
    clockCacheMs: integer(options, 'clockCacheMs', 30_000),
    streamConnectTimeoutMs: integer(options, 'streamConnectTimeoutMs', 10_000, 1),
    reconnectMinMs: integer(options, 'reconnectMinMs', 500, 1),
    reconnectMaxMs: integer(options, 'reconnectMaxMs', 30_000, 1),
    pingIntervalMs: integer(options, 'pingIntervalMs', 20_000, 1),
    readRetry: {
      attempts: integer(options, 'readAttempts', 3, 1),
      initialDelayMs: integer(options, 'retryDelayMs', 250),
      maxDelayMs: integer(options, 'retryMaxDelayMs', 5_000),
    },
    placingTimeoutMs: integer(options, 'placingTimeoutMs', 60_000, 1),
    unknownLookupMs: integer(options, 'unknownLookupMs', 500, 1),
  };
}

function marketWhenClosed(value: unknown): 'queue' | 'reject' {
  if (value === undefined) return 'queue';
  if (value === 'queue' || value === 'reject') return value;
  throw new TradingError(ErrorCode.VALIDATION_ERROR, 'brokers.alpaca.marketOrdersWhenClosed must be queue or reject', {
    details: [{ path: 'brokers.alpaca.marketOrdersWhenClosed', message: 'must be queue or reject' }],
  });
}
