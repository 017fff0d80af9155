/** `@trading-pro/sdk/fallback`: the offline client and its parts, imported eagerly. */
export { FallbackTradingClient, type FallbackOptions } from './fallback-client.ts';
export { BrokerFallbackClient, type AccountIdentity } from './broker-fallback-client.ts';
export { DatafeedFallbackClient } from './datafeed-fallback-client.ts';
export { FallbackStream } from './fallback-stream.ts';
