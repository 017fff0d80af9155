/**
 * The one way routes, the WebSocket gateway, metrics and health reach an account. In one process it is the
 * account core itself (`LocalAccount`); in a cluster the same interface forwards to the owning process.
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
} from '@trading-pro/contracts';
import type { ExecutionQuery, JournalRecord, JournalRoute, OrderQuery, Page, PlaceOutcome, Read } from '@trading-pro/brokers';
import type { AccountConfig } from '../config/schema.ts';

export interface AccountHandle {
  readonly id: string;
  readonly config: AccountConfig;
  /** Adapter id of the account's broker (`paper`, `binance`, …). */
  readonly brokerKind: string;
  capabilities(): BrokerConfig;
  connectionStatus(): BrokerConnectionStatus;
  /** The id of the process that runs the account (absent while none does, during a failover); this one when omitted. */
  owner?(): string | undefined;
  /** The seq of the last event applied and published. */
  seq(): number;

  account(): Promise<Read<Account>>;
  positions(): Promise<Read<Position[]>>;
  order(orderId: string): Promise<Read<Order>>;
  orders(query: OrderQuery): Promise<Read<Page<Order>>>;
  executions(query: ExecutionQuery): Promise<Read<Page<Execution>>>;
  leverage(symbol: string): Promise<LeverageInfo>;

  placeOrder(order: PreOrder): Promise<PlaceOutcome>;
  previewOrder(order: PreOrder): Promise<OrderPreview>;
  modifyOrder(orderId: string, changes: ModifyOrder): Promise<void>;
  cancelOrder(orderId: string): Promise<void>;
  cancelOrders(filter: CancelOrders): Promise<string[]>;
  closePosition(positionId: string, amount?: number): Promise<void>;
  reversePosition(positionId: string): Promise<void>;
  editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void>;
  setLeverage(symbol: string, leverage: number): Promise<LeverageInfo>;

  /** Committed events after `afterSeq` up to `upToSeq`, oldest first, at most `limit` (resume). */
  history(afterSeq: number, options: { routes?: readonly JournalRoute[]; limit?: number; upToSeq?: number }): Promise<JournalRecord[]>;
  /** Delivers what the journal holds beyond `seq()` (a process that is not the owner may lag behind it). */
  catchUp?(): Promise<void>;
  /** Every committed event of the account, in journal order, as it is published. */
  subscribe(listener: (record: JournalRecord) => void): () => void;
  /** Equity marked to market (not journal events: no seq), shared by every listener, sent when it changes. */
  marks(listener: (equity: EquityData) => void): () => void;
}
