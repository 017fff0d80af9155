/** The built-in instrument list: US equities and ETFs, crypto and FX, all quoted in USD, with simulation prices. */
import { parseFixed } from '@trading-pro/contracts';
import { catalogOf } from './instrument.ts';
import type { InstrumentCatalog, InstrumentType, SimulatedInstrument } from './instrument.ts';
import type { TradingSession } from './session.ts';

export const US_EQUITY_SESSION: TradingSession = { spec: '0930-1600:23456', timezone: 'America/New_York', calendar: 'NYSE' };
export const FX_SESSION: TradingSession = { spec: '1700-1700:23456', timezone: 'America/New_York' };
export const CRYPTO_SESSION: TradingSession = { spec: '24x7', timezone: 'Etc/UTC' };

interface Spec {
  readonly tick: string;
  readonly lot: string;
  readonly min: string;
  readonly session: TradingSession;
  readonly maxLeverage: number;
}

const KIND: Readonly<Record<'stock' | 'fund' | 'crypto' | 'forex', Spec>> = {
  stock: { tick: '0.01', lot: '1', min: '1', session: US_EQUITY_SESSION, maxLeverage: 4 },
  fund: { tick: '0.01', lot: '1', min: '1', session: US_EQUITY_SESSION, maxLeverage: 4 },
  crypto: { tick: '0.01', lot: '0.00001', min: '0.00001', session: CRYPTO_SESSION, maxLeverage: 10 },
  // Quantities in units of the base currency, traded in micro lots.
  forex: { tick: '0.00001', lot: '1000', min: '1000', session: FX_SESSION, maxLeverage: 50 },
};

function define(
  type: keyof typeof KIND,
  symbol: string,
  exchange: string,
  description: string,
  basePrice: string,
  overrides: Partial<Pick<Spec, 'tick' | 'lot' | 'min'>> = {},
): SimulatedInstrument {
  const spec = { ...KIND[type], ...overrides };
  return {
    symbol,
    description,
    type: type satisfies InstrumentType,
    exchange,
    currency: 'USD',
    tickSize: parseFixed(spec.tick),
    lotStep: parseFixed(spec.lot),
    minQty: parseFixed(spec.min),
    session: spec.session,
    maxLeverage: spec.maxLeverage,
    defaultLeverage: 1,
    basePrice: parseFixed(basePrice),
  };
}

export const BUILTIN_INSTRUMENTS: readonly SimulatedInstrument[] = Object.freeze([
  define('stock', 'AAPL', 'NASDAQ', 'Apple Inc.', '190.00'),
  define('stock', 'MSFT', 'NASDAQ', 'Microsoft Corporation', '420.00'),
  define('stock', 'NVDA', 'NASDAQ', 'NVIDIA Corporation', '120.00'),
  define('stock', 'AMZN', 'NASDAQ', 'Amazon.com, Inc.', '185.00'),
  define('stock', 'GOOGL', 'NASDAQ', 'Alphabet Inc. Class A', '170.00'),
  define('stock', 'META', 'NASDAQ', 'Meta Platforms, Inc.', '500.00'),
  define('stock', 'TSLA', 'NASDAQ', 'Tesla, Inc.', '250.00'),
  define('stock', 'JPM', 'NYSE', 'JPMorgan Chase & Co.', '200.00'),
  define('stock', 'V', 'NYSE', 'Visa Inc.', '275.00'),
  define('stock', 'KO', 'NYSE', 'The Coca-Cola Company', '62.00'),
  define('fund', 'SPY', 'AMEX', 'SPDR S&P 500 ETF Trust', '550.00'),
  define('fund', 'QQQ', 'NASDAQ', 'Invesco QQQ Trust', '470.00'),
  define('crypto', 'BTCUSD', 'CRYPTO', 'Bitcoin / US Dollar', '65000.00'),
  define('crypto', 'ETHUSD', 'CRYPTO', 'Ethereum / US Dollar', '3200.00', { lot: '0.0001', min: '0.0001' }),
  define('crypto', 'SOLUSD', 'CRYPTO', 'Solana / US Dollar', '150.00', { lot: '0.001', min: '0.001' }),
  define('crypto', 'XRPUSD', 'CRYPTO', 'XRP / US Dollar', '0.5500', { tick: '0.0001', lot: '0.1', min: '1' }),
  define('crypto', 'DOGEUSD', 'CRYPTO', 'Dogecoin / US Dollar', '0.12000', { tick: '0.00001', lot: '1', min: '1' }),
  define('crypto', 'ADAUSD', 'CRYPTO', 'Cardano / US Dollar', '0.4500', { tick: '0.0001', lot: '1', min: '1' }),
  define('forex', 'EURUSD', 'FX', 'Euro / US Dollar', '1.08000'),
  define('forex', 'GBPUSD', 'FX', 'British Pound / US Dollar', '1.27000'),
  define('forex', 'AUDUSD', 'FX', 'Australian Dollar / US Dollar', '0.66000'),
  define('forex', 'NZDUSD', 'FX', 'New Zealand Dollar / US Dollar', '0.60000'),
]);

export function builtinCatalog(): InstrumentCatalog {
  return catalogOf(BUILTIN_INSTRUMENTS);
}
