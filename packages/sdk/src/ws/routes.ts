/** The WebSocket routes, their params and the SDK type each one delivers. */
import { ACCOUNT_ROUTES, buildTopic, type WsRoute } from '@trading-pro/contracts';
import type { Bar, BrokerConnectionStatus, EquityData, Execution, Order, Position, QuoteData } from '../types.ts';

export type StreamRoute = WsRoute;

export interface StreamRouteData {
  readonly orders: Order;
  readonly positions: Position;
  readonly executions: Execution;
  readonly equity: EquityData;
  readonly 'broker-connection': BrokerConnectionStatus;
  readonly bars: Bar;
  readonly quotes: QuoteData;
}

export type RouteParams = Readonly<Record<string, string>>;

/** Byte-identical to the server's topic (the same function builds both). */
export function topicOf(route: StreamRoute, params: RouteParams): string {
  return buildTopic(route, params);
}

/** Account routes carry `seq` and resume with `sinceSeq`. */
export function isAccountRoute(route: StreamRoute): boolean {
  return ACCOUNT_ROUTES.has(route);
}

/** Silence thresholds by default: market data flows continuously, account routes are quiet until something happens. */
export const DEFAULT_STALE_AFTER_MS: Readonly<Partial<Record<StreamRoute, number>>> = { quotes: 15_000, bars: 15_000 };
