/** The SDK's own models (CONTRACT.md §Models): what the web terminal and bots use, never the generated types. */
import type { ConnectionStatus, OrderStatus, OrderType, ParentType, Side, TimeInForce } from '@trading-pro/contracts';

export { ConnectionStatus, OrderStatus, OrderType, ParentType, Side, TimeInForce, isFinalStatus } from '@trading-pro/contracts';

export interface Duration {
  readonly type: TimeInForce;
}

/** An order request. */
export interface PreOrder {
  readonly symbol: string;
  readonly type: OrderType;
  readonly side: Side;
  readonly qty: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly takeProfit?: number;
  readonly stopLoss?: number;
  readonly trailingStopPips?: number;
  readonly duration?: Duration;
  /** Also work in pre- and post-market (US equities; Limit orders with DAY duration only, as at Alpaca). */
  readonly extendedHours?: boolean;
  /** Idempotency key: the same id with the same body returns the same order. */
  readonly clientOrderId?: string;
}

export interface PlaceOrderResult {
  readonly orderId: string;
}

/** A placed order (TradingView's PlacedOrder). */
export interface Order {
  readonly id: string;
  readonly clientOrderId?: string;
  readonly symbol: string;
  readonly type: OrderType;
  readonly side: Side;
  readonly qty: number;
  readonly status: OrderStatus;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly filledQty: number;
  readonly avgPrice?: number;
  readonly takeProfit?: number;
  readonly stopLoss?: number;
  readonly trailingStopPips?: number;
  readonly parentId?: string;
  readonly parentType?: ParentType;
  readonly duration?: Duration;
  /** Works in pre- and post-market too. */
  readonly extendedHours?: boolean;
  readonly rejectReason?: string;
  readonly commission: number;
  readonly createTime: number;
  readonly updateTime: number;
  /** True on orders the system placed to liquidate positions below maintenance margin. */
  readonly liquidation?: boolean;
}

/** Changes to a working order; `null` removes a bracket. */
export interface ModifyOrder {
  readonly qty?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly takeProfit?: number | null;
  readonly stopLoss?: number | null;
}

/** Which working orders to cancel (all of them when empty). */
export interface CancelOrdersFilter {
  readonly symbol?: string;
  readonly side?: Side;
  readonly orderIds?: readonly string[];
}

export interface OrderPreviewSection {
  readonly header?: string;
  readonly rows: readonly { readonly title: string; readonly value: string }[];
}

export interface OrderPreview {
  readonly confirmId: string;
  readonly sections: readonly OrderPreviewSection[];
  readonly warnings?: readonly string[];
  readonly errors?: readonly string[];
}

/** A net position (id = symbol); an update with qty 0 means it closed. */
export interface Position {
  readonly id: string;
  readonly symbol: string;
  readonly qty: number;
  readonly side: Side;
  readonly avgPrice: number;
  readonly pl: number;
  readonly takeProfit?: number;
  readonly stopLoss?: number;
  readonly updateTime: number;
}

/** A position's brackets; `null` removes one. */
export interface PositionBrackets {
  readonly takeProfit?: number | null;
  readonly stopLoss?: number | null;
  readonly trailingStopPips?: number | null;
}

export interface Execution {
  readonly id: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly price: number;
  readonly qty: number;
  readonly side: Side;
  readonly time: number;
  readonly commission: number;
}

export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
}

export interface Account extends AccountInfo {
  readonly balance: number;
  readonly equity: number;
  readonly unrealizedPL: number;
  readonly realizedPL: number;
  readonly marginUsed: number;
  readonly buyingPower: number;
}

export interface EquityData {
  readonly balance: number;
  readonly equity: number;
  readonly unrealizedPL: number;
  readonly realizedPL: number;
  /** Present when the broker reports it. */
  readonly marginUsed?: number;
  readonly buyingPower?: number;
}

export interface BrokerConnectionStatus {
  readonly status: ConnectionStatus;
  readonly message?: string;
  readonly disconnectType?: number;
  readonly timestamp: number;
}

/** Capability flags of the account's broker, named as TradingView's broker config. */
export interface BrokerConfig {
  readonly broker: string;
  readonly supportOrderBrackets: boolean;
  readonly supportPositionBrackets: boolean;
  readonly supportTrailingStop: boolean;
  readonly supportPartialClosePosition: boolean;
  readonly supportNativeReversePosition: boolean;
  readonly supportClosePosition: boolean;
  readonly supportLeverage: boolean;
  readonly supportPlaceOrderPreview: boolean;
  readonly supportExecutions: boolean;
  readonly supportOrdersHistory: boolean;
  readonly supportModifyOrderPrice: boolean;
  readonly supportModifyOrderQuantity: boolean;
  readonly supportMarketOrders: boolean;
  readonly supportLimitOrders: boolean;
  readonly supportStopOrders: boolean;
  readonly supportStopLimitOrders: boolean;
  readonly supportedDurations: readonly string[];
  readonly supportMarketHours: boolean;
}

export interface LeverageInfo {
  readonly symbol: string;
  readonly leverage: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

export interface Bar {
  /** Bar open time, Unix ms UTC. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface QuoteValues {
  readonly lp: number;
  readonly bid: number;
  readonly ask: number;
  readonly bid_size?: number;
  readonly ask_size?: number;
  readonly ch: number;
  readonly chp: number;
  readonly volume: number;
  readonly open_price: number;
  readonly high_price: number;
  readonly low_price: number;
  readonly prev_close_price: number;
  readonly short_name?: string;
  readonly exchange?: string;
  readonly description?: string;
  readonly original_name?: string;
  readonly time?: number;
  /** open: regular session; pre/post: extended hours (US equities); closed. */
  readonly marketStatus?: 'open' | 'pre' | 'post' | 'closed';
  /** Next regular open, Unix ms (absent for markets that never close). */
  readonly nextOpen?: number;
  /** Close of the current session, or of the next one when closed, Unix ms (absent for markets that never close). */
  readonly nextClose?: number;
}

/** TradingView's quote shape: values when `s` is "ok", an error message otherwise. */
export type QuoteData =
  | { readonly s: 'ok'; readonly n: string; readonly v: QuoteValues }
  | { readonly s: 'error'; readonly n: string; readonly v: { readonly errmsg?: string } };

/** TradingView's LibrarySymbolInfo plus tick, lot step and minimum quantity. */
export interface SymbolInfo {
  readonly name: string;
  readonly ticker: string;
  readonly full_name: string;
  readonly description: string;
  readonly type: string;
  readonly session: string;
  readonly timezone: string;
  readonly exchange: string;
  readonly listed_exchange: string;
  readonly format: 'price';
  readonly minmov: number;
  readonly pricescale: number;
  readonly has_intraday: boolean;
  readonly has_daily: boolean;
  readonly has_weekly_and_monthly: boolean;
  readonly supported_resolutions: readonly string[];
  readonly intraday_multipliers: readonly string[];
  readonly volume_precision: number;
  readonly data_status: string;
  readonly currency_code: string;
  readonly session_holidays?: string;
  readonly tickSize: number;
  readonly qtyStep: number;
  readonly minQty: number;
  /** open: regular session; pre/post: extended hours (US equities); closed. */
  readonly marketStatus?: 'open' | 'pre' | 'post' | 'closed';
  /** Next regular open, Unix ms (absent for markets that never close). */
  readonly nextOpen?: number;
  /** Close of the current session, or of the next one when closed, Unix ms (absent for markets that never close). */
  readonly nextClose?: number;
}

export interface SearchResult {
  readonly symbol: string;
  readonly full_name: string;
  readonly description: string;
  readonly exchange: string;
  readonly ticker: string;
  readonly type: string;
}

export interface SearchQuery {
  readonly query: string;
  readonly type?: string;
  readonly exchange?: string;
  readonly limit?: number;
}

export interface HistoryRequest {
  readonly symbol: string;
  readonly resolution: string;
  /** Unix ms UTC. */
  readonly from: number;
  readonly to: number;
  readonly countback?: number;
}

export interface History {
  readonly bars: readonly Bar[];
  readonly noData: boolean;
  readonly nextTime?: number;
}

export interface DatafeedConfig {
  readonly supported_resolutions: readonly string[];
  readonly exchanges: readonly { readonly value: string; readonly name: string; readonly desc: string }[];
  readonly symbols_types: readonly { readonly name: string; readonly value: string }[];
  readonly supports_marks: boolean;
  readonly supports_timescale_marks: boolean;
  readonly supports_time: boolean;
  readonly currency_codes: readonly string[];
}
