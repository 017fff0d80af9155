/** The `brokers.ib` configuration section: where TWS / IB Gateway listens, the client id, contracts and timings. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { IbContractSpec } from './ib-contracts.ts';

export interface IbConfig {
  readonly host: string;
  readonly port: number;
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
}

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
  const contracts = record<{ secType?: unknown }>(options, 'contracts');
  for (const [symbol, spec] of Object.entries(contracts)) {
    if (spec.secType !== 'STK' && spec.secType !== 'CASH' && spec.secType !== 'FUT') throw invalid(`contracts.${symbol}.secType`, 'must be STK, CASH or FUT');
  }
  return {
    host,
    port: int(options, 'port', 7497, 1),
    clientId: int(options, 'clientId', 0),
    account,
    contracts: contracts as Readonly<Record<string, IbContractSpec>>,
    futuresExchanges: record<string>(options, 'futuresExchanges'),
    connectTimeoutMs: int(options, 'connectTimeoutMs', 10_000, 1),
    requestTimeoutMs: int(options, 'requestTimeoutMs', 10_000, 1),
    reconnectMinMs: int(options, 'reconnectMinMs', 1_000, 1),
    reconnectMaxMs: int(options, 'reconnectMaxMs', 30_000, 1),
    accountRefreshMs: int(options, 'accountRefreshMs', 10_000),
  };
}
