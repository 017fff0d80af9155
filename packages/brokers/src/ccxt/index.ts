/** The ccxt venues (Binance, Bybit, OKX, Kraken) and ccxt public market data; imported on demand, as ccxt is heavy. */
export { CcxtBroker } from './ccxt-broker.ts';
export { CCXT_BROKER_FACTORIES, registerCcxtBrokers } from './ccxt-venues.ts';
export * from '../market/ccxt-source.ts';
