/**
 * @trading-pro/tradingview: TradingView's Broker API and Datafeed API on the Trading Pro SDK, for the Trading Platform
 * and the Charting Library (the library itself is TradingView's, licensed separately).
 */
export { connectTradingPro, type TradingProWidgetOptions, type TradingProWidgetParts } from './connect.ts';
export { createBrokerFactory, loadBrokerConfig } from './broker/broker-factory.ts';
export { TradingProBroker, type BrokerOptions } from './broker/broker-terminal.ts';
export { TradingProLeverageBroker, leverageProblems } from './broker/leverage.ts';
export { toBrokerMetaInfo, toInstrumentInfo, toModifyOrder, toPositionBrackets, toSdkPreOrder, toTvExecution, toTvOrder, toTvPosition } from './broker/broker-mappers.ts';
export { createDatafeed, TradingProDatafeed, type DatafeedOptions } from './datafeed/datafeed.ts';
export { msToSeconds, secondsToMs, toBar, toHistoryMetadata, toLibrarySymbolInfo, toQuoteData } from './datafeed/datafeed-mappers.ts';
export { readableMessage, type ConnectionOptions } from './connection.ts';
export * from './tradingview/broker-api.ts';
export type * from './tradingview/datafeed-api.ts';
