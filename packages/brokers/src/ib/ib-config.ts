/** The `brokers.ib` configuration section: where TWS / IB Gateway listens, the client id, contracts and timings. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { Type } from 'typebox';
import type { IbContractSpec } from './ib-contracts.ts';

export interface IbConfig {
  readonly host: string;
  readonly port: number;
  /**
   * The API client id (unique per connection to one TWS). Not 0: client 0 is TWS's own binding of manual orders,
   * which would make manual TWS orders this adapter's.
   */
  readonly clientId: number;
  /** Account code to trade (`DU…`); the first managed account when absent. */
  readonly account: string | undefined;
  readonly contracts: Readonly<Record<string, IbContractSpec>>;
  readonly futuresExchanges: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  /** Longest wait for TWS to acknowledge an order, a cancel or a request. */
  readonly requestTimeoutMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** How often positions and the account summary are read to keep equity and P&L current (0: at connect and after fills). */
  readonly accountRefreshMs: number;
  /** Reconciliation period while connected (open orders and executions read again; 0 turns it off). */
  readonly reconcileIntervalMs: number;
  /** Messages per second to TWS (IB allows 50; faster clients are disconnected). */
  readonly messagesPerSecond: number;
  /** How long an order TWS has not acknowledged may stay unknown before TWS's silence settles it as never received. */
  readonly placingTimeoutMs: number;
  /** First delay of the open-order lookups that settle an unacknowledged order (then doubling). */
  readonly unknownLookupMs: number;
  /** Time zone of TWS times that carry no zone (TWS's login setting); a zone in the text wins. */
  readonly timeZone: string;
}

const positive = () => Type.Optional(Type.Integer({ minimum: 1 }));
const nonNegative = () => Type.Optional(Type.Integer({ minimum: 0 }));

/** Every key `brokers.ib` accepts; composed into the configuration schema (contracts are checked per symbol by `parseIbConfig`). */
export const IbOptionsSchema = Type.Object(
  {
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: positive(),
    clientId: positive(),
    account: Type.Optional(Type.String()),
    contracts: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            secType: Type.Union([Type.Literal('STK'), Type.Literal('CASH'), Type.Literal('FUT')]),
            conId: Type.Optional(Type.Integer({ minimum: 1 })),
            localSymbol: Type.Optional(Type.String()),
            symbol: Type.Optional(Type.String()),
            exchange: Type.Optional(Type.String()),
            currency: Type.Optional(Type.String()),
            lastTradeDateOrContractMonth: Type.Optional(Type.String()),
            primaryExch: Type.Optional(Type.String()),
            multiplier: Type.Optional(Type.Number()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    futuresExchanges: Type.Optional(Type.Record(Type.String(), Type.String())),
    connectTimeoutMs: positive(),
    requestTimeoutMs: positive(),
    reconnectMinMs: positive(),
    reconnectMaxMs: positive(),
    accountRefreshMs: nonNegative(),
    messagesPerSecond: positive(),
    reconcileIntervalMs: nonNegative(),
    placingTimeoutMs: positive(),
    unknownLookupMs: positive(),
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone of TWS times that carry none (default UTC)' })),
  },
  { additionalProperties: false },
);

function invalid(key: string, message: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, `brokers.ib.${key} ${message}`, { details: [{ path: `brokers.ib.${key}`, message }] });
}

function int(options: Readonly<Record<string, unknown>>, key: string, fallback: number, min = 0): number {
  const raw = options[key];
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw invalid(key, `must be an integer ≥ ${min}`);
  return value;
}

function record<T>(options: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, T>> {
  const value = options[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(key, 'must be a mapping');
  return value as Readonly<Record<string, T>>;
}

export function parseIbConfig(options: Readonly<Record<string, unknown>>): IbConfig {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw invalid('host', 'must be a host name');
  const account = options.account;
  if (account !== undefined && typeof account !== 'string') throw invalid('account', 'must be a string');
  const contracts = record<{ secType?: unknown; conId?: unknown }>(options, 'contracts');
  for (const [symbol, spec] of Object.entries(contracts)) {
    if (spec.secType !== 'STK' && spec.secType !== 'CASH' && spec.secType !== 'FUT') throw invalid(`contracts.${symbol}.secType`, 'must be STK, CASH or FUT');
    if (spec.conId !== undefined && (typeof spec.conId !== 'number' || !Number.isInteger(spec.conId) || spec.conId <= 0)) {
      throw invalid(`contracts.${symbol}.conId`, 'must be a positive integer (IB contract id)');
    }
  }
  return {
    host,
    port: int(options, 'port', 7497, 1),
    clientId: int(options, 'clientId', 1, 1),
    account,
    contracts: contracts as Readonly<Record<string, IbContractSpec>>,
    futuresExchanges: record<string>(options, 'futuresExchanges'),
    connectTimeoutMs: int(options, 'connectTimeoutMs', 10_000, 1),
    requestTimeoutMs: int(options, 'requestTimeoutMs', 10_000, 1),
    reconnectMinMs: int(options, 'reconnectMinMs', 1_000, 1),
    reconnectMaxMs: int(options, 'reconnectMaxMs', 30_000, 1),
    accountRefreshMs: int(options, 'accountRefreshMs', 10_000),
    messagesPerSecond: int(options, 'messagesPerSecond', 50, 1),
    reconcileIntervalMs: int(options, 'reconcileIntervalMs', 30_000),
    placingTimeoutMs: int(options, 'placingTimeoutMs', 60_000, 1),
    unknownLookupMs: int(options, 'unknownLookupMs', 1_000, 1),
    timeZone: zone(options['timeZone']),
  };
}

function zone(value: unknown): string {
  if (value === undefined) return 'UTC';
  if (typeof value !== 'string' || !isTimeZone(value)) throw invalid('timeZone', 'must be an IANA time zone such as America/New_York');
  return value;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
