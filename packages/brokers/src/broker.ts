/**
 * The one interface every venue adapter implements (paper, ccxt exchanges, Alpaca, Interactive Brokers).
 * Inputs and outputs are the public contract's models; errors are `TradingError`s with the contract's codes.
 *
 * Durability: every state change an adapter makes or observes is reported as `BrokerEvent`s. A command's
 * own events come back in its result so the caller can journal them before answering; events that happen
 * later (fills on market moves, venue user-stream updates, reconciliation) go to the `onEvents` sink, which
 * journals and then publishes them. Adapters never publish by themselves.
 */
import type {
  Account,
  BrokerConfig,
  BrokerConnectionStatus,
  CancelOrders,
  EquityData,
  Execution,
  LeverageInfo,
  ModifyOrder,
  Order,
  OrderPreview,
  Position,
  PositionBrackets,
  PreOrder,
  TradingError,
} from '@trading-pro/contracts';

/** Journal routes: the WebSocket account routes plus adapter-internal state. */
export type BrokerEvent =
  | { readonly route: 'orders'; readonly data: Order; readonly state?: unknown }
  | { readonly route: 'positions'; readonly data: Position; readonly state?: unknown }
  | { readonly route: 'executions'; readonly data: Execution; readonly state?: unknown }
  | { readonly route: 'equity'; readonly data: EquityData; readonly state?: unknown }
  | { readonly route: 'broker-connection'; readonly data: BrokerConnectionStatus; readonly state?: unknown }
  /** Adapter state that is not a public update (leverage settings, id maps…); journaled, never published. */
  | { readonly route: 'internal'; readonly data: Readonly<Record<string, unknown>>; readonly state?: unknown };

/** Events a command produced, to be journaled before the command is acknowledged. */
export interface CommandResult {
  readonly events: readonly BrokerEvent[];
}

export interface PlaceOrderResult extends CommandResult {
  readonly orderId: string;
  /** Set when the order was recorded as Rejected (HTTP 422 with this error). */
  readonly rejection?: TradingError;
}

export interface CancelOrdersResult extends CommandResult {
  readonly canceled: readonly string[];
}

export interface LeverageResult extends CommandResult {
  readonly leverage: LeverageInfo;
}

export type BrokerEventSink = (events: readonly BrokerEvent[]) => void;

export interface BrokerContext {
  readonly accountId: string;
  readonly accountName: string;
  readonly currency: string;
  /** Starting cash of simulated accounts (the paper broker); venues report their own balances. */
  readonly initialBalance?: number;
  /** Receives events that happen outside a command. Called synchronously, in order. */
  readonly onEvents: BrokerEventSink;
  /** Current time in Unix ms (a clock, so tests and backtests can drive time). */
  readonly now: () => number;
}

export interface Broker {
  /** Adapter id: `paper`, `binance`, `bybit`, `okx`, `kraken`, `alpaca`, `ib`. */
  readonly kind: string;
  readonly accountId: string;

  /** Capability flags for `/broker/config`; the terminal hides what is false. */
  capabilities(): BrokerConfig;

  /**
   * Rebuilds state from the account's journal (oldest first) before `connect`.
   * Stateless adapters may ignore it; the paper broker folds the events' `state`.
   */
  restore(events: readonly BrokerEvent[]): void;

  /** Connects (checking credentials); the status change is reported through `onEvents`. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  connectionStatus(): BrokerConnectionStatus;

  placeOrder(order: PreOrder): Promise<PlaceOrderResult>;
  previewOrder(order: PreOrder): Promise<OrderPreview>;
  modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult>;
  cancelOrder(orderId: string): Promise<CommandResult>;
  cancelOrders(filter: CancelOrders): Promise<CancelOrdersResult>;

  /** All orders, newest first. */
  orders(): Promise<Order[]>;
  order(orderId: string): Promise<Order>;
  positions(): Promise<Position[]>;
  executions(symbol: string): Promise<Execution[]>;
  account(): Promise<Account>;

  closePosition(positionId: string, amount?: number): Promise<CommandResult>;
  reversePosition(positionId: string): Promise<CommandResult>;
  editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<CommandResult>;

  leverage(symbol: string): Promise<LeverageInfo>;
  setLeverage(symbol: string, leverage: number): Promise<LeverageResult>;
}

/** Builds a broker for one account from its configuration section (`brokers.<kind>` in the YAML). */
export type BrokerFactory = (context: BrokerContext, options: Readonly<Record<string, unknown>>) => Broker;
