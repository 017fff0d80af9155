/** Alpaca Trading API v2 wire shapes (REST and the trade_updates stream), as documented; decimals arrive as strings. */

export type AlpacaOrderStatus =
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'done_for_day'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'pending_cancel'
  | 'pending_replace'
  | 'pending_new'
  | 'accepted'
  | 'accepted_for_bidding'
  | 'stopped'
  | 'rejected'
  | 'suspended'
  | 'calculated'
  | 'held';

export type AlpacaOrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type AlpacaTimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';
export type AlpacaSide = 'buy' | 'sell';
export type AlpacaOrderClass = 'simple' | 'bracket' | 'oco' | 'oto' | '';

export interface AlpacaOrderWire {
  readonly id: string;
  readonly client_order_id: string;
  readonly created_at: string;
  readonly updated_at: string | null;
  readonly submitted_at: string | null;
  readonly filled_at: string | null;
  readonly expired_at?: string | null;
  readonly canceled_at: string | null;
  readonly failed_at?: string | null;
  readonly replaced_at?: string | null;
  readonly replaced_by?: string | null;
  readonly replaces?: string | null;
  readonly asset_id?: string;
  readonly symbol: string;
  readonly asset_class?: string;
  readonly notional?: string | null;
  readonly qty: string | null;
  readonly filled_qty: string;
  readonly filled_avg_price: string | null;
  readonly order_class: AlpacaOrderClass;
  readonly order_type?: AlpacaOrderType;
  readonly type: AlpacaOrderType;
  readonly side: AlpacaSide;
  readonly time_in_force: AlpacaTimeInForce;
  readonly limit_price: string | null;
  readonly stop_price: string | null;
  readonly trail_price?: string | null;
  readonly trail_percent?: string | null;
  readonly hwm?: string | null;
  readonly status: AlpacaOrderStatus;
  readonly extended_hours: boolean;
  readonly legs: readonly AlpacaOrderWire[] | null;
}

/** Body of POST /v2/orders. */
export interface AlpacaOrderRequest {
  symbol: string;
  qty: string;
  side: AlpacaSide;
  type: AlpacaOrderType;
  time_in_force: AlpacaTimeInForce;
  client_order_id: string;
  limit_price?: string;
  stop_price?: string;
  trail_price?: string;
  extended_hours?: boolean;
  order_class?: AlpacaOrderClass;
  take_profit?: { limit_price: string };
  stop_loss?: { stop_price: string; limit_price?: string };
}

/** Body of PATCH /v2/orders/{order_id}. */
export interface AlpacaReplaceRequest {
  qty?: string;
  limit_price?: string;
  stop_price?: string;
  trail?: string;
  time_in_force?: AlpacaTimeInForce;
  client_order_id?: string;
}

export interface AlpacaAccountWire {
  readonly id: string;
  readonly account_number: string;
  readonly status: string;
  readonly currency: string;
  readonly cash: string;
  readonly portfolio_value?: string;
  readonly equity: string;
  readonly last_equity: string;
  readonly buying_power: string;
  readonly initial_margin: string;
  readonly maintenance_margin: string;
  readonly long_market_value: string;
  readonly short_market_value: string;
  readonly multiplier: string;
  readonly trading_blocked: boolean;
  readonly transfers_blocked?: boolean;
  readonly account_blocked: boolean;
  readonly pattern_day_trader?: boolean;
  readonly shorting_enabled?: boolean;
  readonly created_at?: string;
}

export interface AlpacaPositionWire {
  readonly asset_id?: string;
  readonly symbol: string;
  readonly exchange?: string;
  readonly asset_class?: string;
  readonly avg_entry_price: string;
  readonly qty: string;
  readonly qty_available?: string;
  readonly side: 'long' | 'short';
  readonly market_value: string;
  readonly cost_basis: string;
  readonly unrealized_pl: string;
  readonly unrealized_plpc?: string;
  readonly unrealized_intraday_pl: string;
  readonly unrealized_intraday_plpc?: string;
  readonly current_price: string;
  readonly lastday_price?: string;
  readonly change_today?: string;
}

export interface AlpacaClockWire {
  readonly timestamp: string;
  readonly is_open: boolean;
  readonly next_open: string;
  readonly next_close: string;
}

/** One trading day of GET /v2/calendar: times are America/New_York wall clock. */
export interface AlpacaCalendarDayWire {
  readonly date: string;
  readonly open: string;
  readonly close: string;
  readonly session_open?: string;
  readonly session_close?: string;
  readonly settlement_date?: string;
}

/** One entry of GET /v2/account/activities/FILL. */
export interface AlpacaFillActivityWire {
  readonly id: string;
  readonly activity_type: 'FILL';
  readonly transaction_time: string;
  readonly type: 'fill' | 'partial_fill';
  readonly price: string;
  readonly qty: string;
  readonly side: AlpacaSide | 'sell_short';
  readonly symbol: string;
  readonly leaves_qty: string;
  readonly order_id: string;
  readonly cum_qty: string;
  readonly order_status?: string;
}

export type AlpacaTradeEvent =
  | 'new'
  | 'fill'
  | 'partial_fill'
  | 'canceled'
  | 'expired'
  | 'done_for_day'
  | 'replaced'
  | 'rejected'
  | 'pending_new'
  | 'stopped'
  | 'pending_cancel'
  | 'pending_replace'
  | 'calculated'
  | 'suspended'
  | 'order_replace_rejected'
  | 'order_cancel_rejected';

/** `data` of a `trade_updates` stream message. */
export interface AlpacaTradeUpdateWire {
  readonly event: AlpacaTradeEvent;
  readonly execution_id?: string;
  readonly order: AlpacaOrderWire;
  readonly timestamp?: string;
  readonly position_qty?: string;
  readonly price?: string;
  readonly qty?: string;
}

/** Error body of every non-2xx REST answer. */
export interface AlpacaErrorWire {
  readonly code?: number;
  readonly message?: string;
}
