/** @trading-pro/sdk: the TypeScript client of the Trading Pro API (REST, WebSocket, offline fallback). */
export * from './types.ts';
export { ErrorCode, NETWORK_ERROR, TradingProError, isTradingProError, type TradingProErrorDetail, type TradingProErrorInit } from './errors.ts';
export type { BrokerClient, OrderPageQuery, ConnectionState, DatafeedClient, Listener, StreamClient, StreamError, Subscription, TradingClient, Unsubscribe } from './interfaces.ts';
export { TradingProClient, type TradingProClientOptions } from './client.ts';
export { RestBrokerClient } from './mappers/rest-broker-client.ts';
export { RestDatafeedClient } from './mappers/rest-datafeed-client.ts';
export { WsStreamClient, type ReconnectOptions, type WebSocketConstructor, type WsStreamOptions } from './ws/ws-stream-client.ts';
export { topicOf, DEFAULT_STALE_AFTER_MS, type StreamRoute, type StreamRouteData } from './ws/routes.ts';
// The offline client runs the paper engine: it loads on first use (or import `@trading-pro/sdk/fallback`).
export { createFallbackClient } from './offline.ts';
export type { FallbackTradingClient, FallbackOptions } from './fallback/fallback-client.ts';
export { collectPages, MAX_PAGE, type Page, type PageQuery } from './paging.ts';
