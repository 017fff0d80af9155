export * from './broker.ts';
export * from './registry.ts';
export * from './paper/paper-broker.ts';
export * from './paper/paper-options.ts';
export * from './paper/quote-feed.ts';
export * from './market/ccxt-source.ts';
export * from './market/ccxt-market-parse.ts';
