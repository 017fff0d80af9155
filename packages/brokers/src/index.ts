/**
 * The broker layer. The ccxt venues and the Interactive Brokers adapter (and their market sources) are apart, in
 * `@trading-pro/brokers/ccxt` and `@trading-pro/brokers/ib`: their client libraries are heavy, so they are imported
 * only where an account or a market source needs them.
 */
export * from './broker.ts';
export * from './account/account-core.ts';
export * from './account/account-state.ts';
export * from './account/account-store.ts';
export * from './account/memory-account-store.ts';
export * from './account/risk-limits.ts';
export * from './registry.ts';
export * from './paper/paper-broker.ts';
export * from './paper/paper-options.ts';
export * from './paper/quote-feed.ts';
export * from './market/ccxt-market-parse.ts';
export * from './market/alpaca-source.ts';
export * from './market/alpaca-market-parse.ts';
export * from './default-registry.ts';
export * from './broker-options.ts';
export { AlpacaBroker, alpacaFactory } from './alpaca/index.ts';
