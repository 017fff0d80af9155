/** The client interfaces shared by the server-backed clients and the offline fallback. */
import type {
  Account,
  AccountInfo,
  Bar,
  BrokerConfig,
  BrokerConnectionStatus,
  CancelOrdersFilter,
  DatafeedConfig,
  EquityData,
  Execution,
  History,
  HistoryRequest,
  LeverageInfo,
  ModifyOrder,
  Order,
  OrderPreview,
  OrderStatus,
  PlaceOrderResult,
  Position,
  PositionBrackets,
  PreOrder,
  QuoteData,
  SearchQuery,
  SearchResult,
  SymbolInfo,
} from './types.ts';
import type { Page, PageQuery } from './paging.ts';

/** A page of orders, optionally of one status or symbol. */
export interface OrderPageQuery extends PageQuery {
  readonly status?: OrderStatus;
  readonly symbol?: string;
}

/** Broker commands and queries on one account. Failures reject with `TradingProError`. */
export interface BrokerClient {
  /** Places an order; a 422 rejection throws, and the error's `orderId` names the recorded Rejected order. */
  placeOrder(order: PreOrder): Promise<PlaceOrderResult>;
  previewOrder(order: PreOrder): Promise<OrderPreview>;
  modifyOrder(orderId: string, changes: ModifyOrder): Promise<void>;
  cancelOrder(orderId: string): Promise<void>;
  /** Cancels the working orders matching the filter; returns the canceled ids. */
  cancelOrders(filter?: CancelOrdersFilter): Promise<string[]>;
  /** Closes the position, or `amount` of it. */
  closePosition(positionId: string, amount?: number): Promise<void>;
  reversePosition(positionId: string): Promise<void>;
  editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void>;
  /** All of the account's orders, newest first (every page: on a long history prefer `ordersPage` or `workingAndRecentOrders`). */
  orders(filter?: { readonly status?: OrderStatus }): Promise<Order[]>;
  /** One page of orders, newest first; `next` is the cursor of the older page. */
  ordersPage(query?: OrderPageQuery): Promise<Page<Order>>;
  /** Every working order, plus the `recent` newest orders of any status (newest first, no duplicates). */
  workingAndRecentOrders(recent?: number): Promise<Order[]>;
  order(orderId: string): Promise<Order>;
  positions(): Promise<Position[]>;
  /** All executions of a symbol, newest first (every page). */
  executions(symbol: string): Promise<Execution[]>;
  /** One page of a symbol's executions, newest first. */
  executionsPage(symbol: string, query?: PageQuery): Promise<Page<Execution>>;
  account(): Promise<Account>;
  accounts(): Promise<AccountInfo[]>;
  config(): Promise<BrokerConfig>;
  leverage(symbol: string): Promise<LeverageInfo>;
  setLeverage(symbol: string, leverage: number): Promise<LeverageInfo>;
}

/** TradingView-shaped market data. */
export interface DatafeedClient {
  config(): Promise<DatafeedConfig>;
  /** `SYMBOL` or `EXCHANGE:SYMBOL`; NOT_FOUND when unknown. */
  resolveSymbol(symbol: string): Promise<SymbolInfo>;
  search(query: SearchQuery): Promise<SearchResult[]>;
  history(request: HistoryRequest): Promise<History>;
  quotes(symbols: readonly string[]): Promise<QuoteData[]>;
}

export type Listener<T> = (data: T) => void;
/** Removes the listener; the subscription ends when a topic's last listener goes. */
export type Unsubscribe = () => void;

/**
 * What a stream method returns: its unsubscribe function, carrying `ready`, which resolves once the server has
 * confirmed the subscription (act after `await stop.ready` and every later event reaches the listener). It rejects
 * with a `TradingProError` when the server refuses it (`FORBIDDEN`, `RATE_LIMITED`, …) and resolves at once when the
 * listener is removed, or the stream closed, before any answer. It never rejects unobserved.
 */
export interface Subscription extends Unsubscribe {
  readonly ready: Promise<void>;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'reconnecting';

/** A subscription the server refused, or a protocol error frame. */
export interface StreamError {
  readonly code: string;
  readonly message: string;
  readonly topic?: string;
}

/** Real-time routes over one shared connection; every route method returns its `Subscription` (unsubscribe + `ready`). */
export interface StreamClient {
  orders(accountId: string, listener: Listener<Order>): Subscription;
  positions(accountId: string, listener: Listener<Position>): Subscription;
  executions(accountId: string, listener: Listener<Execution>, options?: { readonly symbol?: string }): Subscription;
  equity(accountId: string, listener: Listener<EquityData>): Subscription;
  brokerConnection(accountId: string, listener: Listener<BrokerConnectionStatus>): Subscription;
  bars(symbol: string, resolution: string, listener: Listener<Bar>): Subscription;
  quotes(symbol: string, listener: Listener<QuoteData>): Subscription;

  readonly state: ConnectionState;
  onStateChange(callback: (state: ConnectionState) => void): Unsubscribe;
  /** A topic stayed silent longer than its threshold while connected. */
  onStale(callback: (topic: string) => void): Unsubscribe;
  /** A stale topic delivered data again. */
  onFresh(callback: (topic: string) => void): Unsubscribe;
  onError(callback: (error: StreamError) => void): Unsubscribe;
  /**
   * The server could not resume a topic from the last seq seen (RESYNC_REQUIRED: too far behind): the stream
   * subscribed again from now on and, where it can, handed its listeners the current state read over REST first.
   */
  onResync(callback: (topic: string) => void): Unsubscribe;
  /** Topics currently reported stale. */
  staleTopics(): string[];
  /** Topics with at least one listener. */
  topics(): string[];
  close(): void;
}

/** What `TradingProClient` and the offline `FallbackTradingClient` both offer. */
export interface TradingClient {
  readonly broker: BrokerClient;
  readonly datafeed: DatafeedClient;
  readonly stream: StreamClient;
  /** True for the in-process simulation (show an "offline" banner). */
  readonly offline: boolean;
  close(): void;
}
