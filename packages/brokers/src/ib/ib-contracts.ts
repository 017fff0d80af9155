/**
 * Our symbols ↔ IB contracts. Explicit entries from the configuration win; otherwise a convention applies:
 * six letters of two ISO currencies (`EURUSD`, `EUR/USD`, `EUR.USD`) are IDEALPRO cash pairs, a root plus a
 * month code and a year digit (`ESZ6`) is a future, anything else is a SMART-routed USD stock.
 */
import { SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';

export interface IbContractSpec {
  readonly secType: 'STK' | 'CASH' | 'FUT';
  /** IB's contract id: the contract is resolved by it alone (with the exchange), whatever the other fields say. */
  readonly conId?: number;
  /** IB's local symbol (futures: `6EZ6`, `ESZ6`). */
  readonly localSymbol?: string;
  readonly symbol?: string;
  readonly exchange?: string;
  readonly currency?: string;
  readonly lastTradeDateOrContractMonth?: string;
  readonly primaryExch?: string;
  readonly multiplier?: number;
}

export interface IbContractOptions {
  /** Symbol → contract, for anything the conventions get wrong. */
  readonly contracts: Readonly<Record<string, IbContractSpec>>;
  /** Future root → exchange (`ES: CME`). */
  readonly futuresExchanges: Readonly<Record<string, string>>;
  /** Clock for the year of a one-digit future code. */
  readonly now: () => number;
}

export const DEFAULT_FUTURES_EXCHANGES: Readonly<Record<string, string>> = {
  ES: 'CME',
  MES: 'CME',
  NQ: 'CME',
  MNQ: 'CME',
  RTY: 'CME',
  '6E': 'CME',
  '6B': 'CME',
  '6J': 'CME',
  '6A': 'CME',
  '6C': 'CME',
  '6S': 'CME',
  '6N': 'CME',
  '6M': 'CME',
  M6E: 'CME',
  M6B: 'CME',
  M6A: 'CME',
  YM: 'CBOT',
  ZN: 'CBOT',
  ZB: 'CBOT',
  CL: 'NYMEX',
  NG: 'NYMEX',
  GC: 'COMEX',
  SI: 'COMEX',
};

/**
 * Roots whose IB symbol differs from the exchange's: CME's FX futures trade as 6E, 6B… but IB names their
 * underlying by the currency (symbol `EUR`, local symbol `6EZ6`).
 */
export const IB_FUTURE_SYMBOLS: Readonly<Record<string, string>> = {
  '6E': 'EUR',
  '6B': 'GBP',
  '6J': 'JPY',
  '6A': 'AUD',
  '6C': 'CAD',
  '6S': 'CHF',
  '6N': 'NZD',
  '6M': 'MXN',
  M6E: 'EUR',
  M6B: 'GBP',
  M6A: 'AUD',
};

const CURRENCIES = new Set(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'HKD', 'SGD', 'MXN', 'CNH', 'ZAR', 'PLN', 'CZK', 'HUF', 'TRY', 'ILS']);
const MONTH_CODES = 'FGHJKMNQUVXZ';

/** `ESZ6` → root ES, December of the first year ending in 6 that is not in the past. */
export function parseFutureCode(symbol: string, now: number): { root: string; month: string } | undefined {
  const match = /^([A-Z0-9]{1,4}?)([FGHJKMNQUVXZ])(\d{1,2})$/.exec(symbol);
  if (!match) return undefined;
  const [, root = '', code = 'F', digits = '0'] = match;
  const thisYear = new Date(now).getUTCFullYear();
  let year: number;
  if (digits.length === 2) year = 2000 + Number(digits);
  else {
    year = thisYear - (thisYear % 10) + Number(digits);
    if (year < thisYear) year += 10;
  }
  return { root, month: `${year}${String(MONTH_CODES.indexOf(code) + 1).padStart(2, '0')}` };
}

function forexPair(symbol: string): { base: string; quote: string } | undefined {
  const compact = symbol.replace(/[/.]/, '');
  if (compact.length !== 6) return undefined;
  const base = compact.slice(0, 3);
  const quote = compact.slice(3);
  return CURRENCIES.has(base) && CURRENCIES.has(quote) ? { base, quote } : undefined;
}

export function toIbContract(symbol: string, options: IbContractOptions): Contract {
  const spec = options.contracts[symbol];
  if (spec?.conId !== undefined) {
    // A contract id names exactly one contract at IB; the exchange routes it.
    return { conId: spec.conId, exchange: spec.exchange ?? (spec.secType === 'CASH' ? 'IDEALPRO' : 'SMART'), secType: spec.secType as SecType };
  }
  if (spec) {
    return {
      symbol: spec.symbol ?? symbol,
      secType: spec.secType as SecType,
      exchange: spec.exchange ?? (spec.secType === 'CASH' ? 'IDEALPRO' : 'SMART'),
      currency: spec.currency ?? 'USD',
      ...(spec.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: spec.lastTradeDateOrContractMonth } : {}),
      ...(spec.primaryExch ? { primaryExch: spec.primaryExch } : {}),
      ...(spec.multiplier ? { multiplier: spec.multiplier } : {}),
      ...(spec.localSymbol ? { localSymbol: spec.localSymbol } : {}),
    };
  }
  const pair = forexPair(symbol);
  if (pair) return { symbol: pair.base, secType: SecType.CASH, exchange: 'IDEALPRO', currency: pair.quote };
  const future = parseFutureCode(symbol, options.now());
  const exchange = future ? (options.futuresExchanges[future.root] ?? DEFAULT_FUTURES_EXCHANGES[future.root]) : undefined;
  if (future && exchange) {
    // IB's local symbol for a future is the exchange's code with a one-digit year (`6EZ6`, `ESZ6`).
    const localSymbol = `${future.root}${symbol.slice(future.root.length, future.root.length + 1)}${future.month.slice(3, 4)}`;
    return { symbol: IB_FUTURE_SYMBOLS[future.root] ?? future.root, secType: SecType.FUT, exchange, currency: 'USD', lastTradeDateOrContractMonth: future.month, localSymbol };
  }
  return { symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
}

/** The symbol we report for a contract IB sends back (configured names first). */
export function symbolOfContract(contract: Contract, options: IbContractOptions): string {
  for (const [symbol, spec] of Object.entries(options.contracts)) {
    if (spec.conId !== undefined && spec.conId === contract.conId) return symbol;
  }
  for (const [symbol, spec] of Object.entries(options.contracts)) {
    if (spec.conId !== undefined) continue;
    const same = (spec.symbol ?? symbol) === contract.symbol && spec.secType === contract.secType;
    const sameMonth = !spec.lastTradeDateOrContractMonth || contract.lastTradeDateOrContractMonth?.startsWith(spec.lastTradeDateOrContractMonth);
    if (same && sameMonth) return symbol;
  }
  if (contract.secType === SecType.CASH) return `${contract.symbol ?? ''}${contract.currency ?? ''}`;
  if (contract.secType === SecType.FUT) {
    // IB's local symbol is the exchange's code (`6EZ6` where IB's symbol is `EUR`).
    if (contract.localSymbol !== undefined && /^[A-Z0-9]{1,4}[FGHJKMNQUVXZ]\d$/.test(contract.localSymbol)) return contract.localSymbol;
    const month = contract.lastTradeDateOrContractMonth ?? '';
    const code = MONTH_CODES[Number(month.slice(4, 6)) - 1] ?? '';
    const root = Object.entries(IB_FUTURE_SYMBOLS).find(([exchangeRoot, ibSymbol]) => ibSymbol === contract.symbol && exchangeRoot.startsWith('6'))?.[0] ?? contract.symbol ?? '';
    return `${root}${code}${month.slice(3, 4)}`;
  }
  return contract.symbol ?? '';
}
