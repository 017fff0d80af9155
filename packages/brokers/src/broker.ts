/**
 * The one interface every venue adapter implements (paper, ccxt exchanges, Alpaca, Interactive Brokers): an
 * execution client. Commands go out to the venue; what the venue says (acks, fills, cancels, reconciliation
 * results) comes back as `BrokerEvent`s. The account core journals them, applies them to the account state and
 * publishes them; reads are answered from that state, never from the venue, and adapters never publish.
 *
 * A command's own events come back in its result so the core journals them before answering; events that
 * happen later (fills on market moves, venue user-stream updates, reconciliation) go to the awaited `onEvents`
 * sink. An adapter that must not send a request before its intent is durable awaits the sink first.
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
import type { AccountView } from './account/account-state.ts';
import type { RiskView } from './account/risk-limits.ts';

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

/**
 * Journals events that happen outside a command, in the order it is called. Resolves once they are durable
 * and applied to the account state; rejects (STORAGE_UNAVAILABLE) when they could not be journaled, in which
 * case nothing of them was applied.
 */
export type BrokerEventSink = (events: readonly BrokerEvent[]) => Promise<void>;

export interface BrokerContext {
  readonly accountId: string;
  readonly accountName: string;
  readonly currency: string;
  /** Starting cash of simulated accounts (the paper broker); venues report their own balances. */
  readonly initialBalance?: number;
  readonly onEvents: BrokerEventSink;
  /** Current time in Unix ms (a clock, so tests and backtests can drive time). */
  readonly now: () => number;
  /**
   * Waits `ms` on the same clock (rate-limit and Retry-After waits), so tests can drive it; real timers when absent.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The committed account state, for adapters that need a position or order without asking the venue. */
  readonly account?: AccountView;
}

/** Account figures and positions valued now, for adapters that mark to market themselves (the paper broker). */
export interface Valuation {
  readonly account: Omit<Account, 'id' | 'name' | 'currency'>;
  readonly positions: Position[];
}

export interface Broker {
  /** Adapter id: `paper`, `binance`, `bybit`, `okx`, `kraken`, `alpaca`, `ib`. */
  readonly kind: string;
  readonly accountId: string;

  /** Capability flags for `/broker/config`; the terminal hides what is false. */
  capabilities(): BrokerConfig;

  /**
   * Rebuilds the adapter's own state before `connect`, folding the journal's events (oldest first) onto it. The
   * first call gives its last snapshot (see `snapshot`) when there is one; long journals come in several calls,
   * each folding onto what the previous ones built. Without `snapshot` it gets every event.
   */
  restore(snapshot: unknown, events: readonly BrokerEvent[]): void;
  /** Its state as of the last committed event, stored with the account snapshot (adapters that keep one). */
  snapshot?(): unknown;
  /**
   * True when commands decide on state that includes events not yet committed (the paper engine): the core
   * then lets the next command decide before the previous one commits, and calls `rollback` when a commit fails.
   */
  readonly speculative?: boolean;
  /** These events were committed (in order): the adapter may fold them into its committed state. */
  committed?(events: readonly BrokerEvent[]): void;
  /** A commit failed: whatever was decided since the last committed event is void. */
  rollback?(): void;
  /** The id an order lives under now, for venues that replace an order on modify (commands on the old id follow it). */
  currentOrderId?(orderId: string): string;
  /** Figures and positions at current prices (paper) or as last read from the venue; undefined until known. */
  valuation?(): Valuation | undefined;
  /** The state its risk checks should read, when it is not the committed account state (speculative adapters). */
  riskView?(): RiskView;

  /** Connects (checking credentials); the status change is reported through `onEvents`. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  connectionStatus(): BrokerConnectionStatus;

  placeOrder(order: PreOrder): Promise<PlaceOrderResult>;
  /** Records an order refused before it reached the venue (a risk limit) as Rejected, with an id of its own kind. */
  rejectOrder(order: PreOrder, rejection: TradingError): PlaceOrderResult;
  previewOrder(order: PreOrder): Promise<OrderPreview>;
  modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult>;
  cancelOrder(orderId: string): Promise<CommandResult>;
  cancelOrders(filter: CancelOrders): Promise<CancelOrdersResult>;

  /** Closes `amount` (default: all) of a position; a close never opens the other side. */
  closePosition(positionId: string, amount?: number): Promise<CommandResult>;
  reversePosition(positionId: string): Promise<CommandResult>;
  editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<CommandResult>;

  /** The symbol's leverage setting and bounds (configuration, which a venue adapter may ask the venue for). */
  leverage(symbol: string): Promise<LeverageInfo>;
  setLeverage(symbol: string, leverage: number): Promise<LeverageResult>;
}

/** Builds a broker for one account from its configuration section (`brokers.<kind>` in the YAML). */
export type BrokerFactory = (context: BrokerContext, options: Readonly<Record<string, unknown>>) => Broker;
