/** The contracts the fake TWS describes to reqContractDetails: a NASDAQ stock and a CME FX future (IB names 6E "EUR"). */
import type { FakeContractDetails } from './ib-fake-wire.ts';

export const DEFAULT_CONTRACT_DETAILS: readonly FakeContractDetails[] = [
  {
    contract: { conId: 265_598, symbol: 'AAPL', secType: 'STK', lastTradeDateOrContractMonth: '', exchange: 'SMART', currency: 'USD', localSymbol: 'AAPL' },
    longName: 'APPLE INC',
    minTick: 0.01,
    timeZoneId: 'US/Eastern',
    tradingHours: '20240603:0400-20240603:2000;20240604:0400-20240604:2000',
    liquidHours: '20240603:0930-20240603:1600;20240604:0930-20240604:1600',
  },
  {
    contract: { conId: 620_730_945, symbol: 'EUR', secType: 'FUT', lastTradeDateOrContractMonth: '20240617', exchange: 'CME', currency: 'USD', localSymbol: '6EM4' },
    longName: 'European Monetary Union Euro',
    minTick: 0.00005,
    timeZoneId: 'US/Central',
    tradingHours: '20240602:1700-20240603:1600;20240603:1700-20240604:1600',
    liquidHours: '20240603:0830-20240603:1600;20240604:0830-20240604:1600',
  },
];
