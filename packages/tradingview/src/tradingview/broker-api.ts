/**
 * The part of TradingView's Broker API (Trading Platform) this package implements and calls, declared structurally
 * from TradingView's public documentation (charting-library-docs: IBrokerTerminal, IBrokerConnectionAdapterHost and
 * the types they name). The library's own typings ship only with the licensed library, so they are not imported here;
 * these declarations name the same members with the same shapes, so the objects this package builds can be passed to
 * `new TradingView.widget({broker_factory, broker_config})` as they are. Enumerations have TradingView's numeric values,
 * which the Trading Pro API uses too.
 */
import type { ConnectionStatus, OrderStatus, OrderType, ParentType, Side } from '@trading-pro/contracts';

export type { ConnectionStatus, OrderStatus, OrderType, ParentType, Side };

/** TradingView's `NotificationType`. */
export const NotificationType = { Error: 0, Success: 1 } as const;
export type NotificationType = (typeof NotificationType)[keyof typeof NotificationType];

/** TradingView's `StopType` (how a bracket's stop loss works). */
export const StopType = { StopLoss: 0, TrailingStop: 1, GuaranteedStop: 2 } as const;
export type StopType = (typeof StopType)[keyof typeof StopType];

/** TradingView's `OrderOrPositionMessageType`. */
export const OrderOrPositionMessageType = { Error: 'error', Information: 'information', Warning: 'warning' } as const;
export type OrderOrPositionMessageType = (typeof OrderOrPositionMessageType)[keyof typeof OrderOrPositionMessageType];

/** TradingView's `AccountId` (a branded string in its typings). */
export type AccountId = string;

export interface OrderDuration {
  type: string;
  datetime?: number;
}

export interface OrderOrPositionMessage {
  text: string;
  type: OrderOrPositionMessageType;
}

/** What the Order Ticket hands to `placeOrder` and `previewOrder`. */
export interface PreOrder {
  symbol: string;
  type: OrderType;
  side: Side;
  qty: number;
  limitPrice?: number;
  stopPrice?: number;
  takeProfit?: number;
  stopLoss?: number;
  trailingStopPips?: number;
  guaranteedStop?: number;
  stopType?: StopType;
  duration?: OrderDuration;
  isClose?: boolean;
  currentQuotes?: { ask: number; bid: number };
  customFields?: Record<string, unknown>;
}

/** A placed order, or a bracket order (with `parentId`/`parentType`): TradingView's `Order`. */
export interface PlacedOrder {
  id: string;
  symbol: string;
  type: OrderType;
  side: Side;
  qty: number;
  status: OrderStatus;
  filledQty?: number;
  avgPrice?: number;
  limitPrice?: number;
  stopPrice?: number;
  takeProfit?: number;
  stopLoss?: number;
  trailingStopPips?: number;
  stopType?: StopType;
  parentId?: string;
  parentType?: ParentType;
  duration?: OrderDuration;
  message?: OrderOrPositionMessage;
  /** Unix ms. */
  updateTime?: number;
  [custom: string]: unknown;
}

export type Order = PlacedOrder;

export interface Position {
  id: string;
  symbol: string;
  /** Positive. */
  qty: number;
  side: Side;
  avgPrice: number;
  takeProfit?: number;
  stopLoss?: number;
  trailingStopPips?: number;
  message?: OrderOrPositionMessage;
  [custom: string]: unknown;
}

export interface Execution {
  symbol: string;
  price: number;
  qty: number;
  side: Side;
  /** Unix ms. */
  time: number;
  commission?: number;
  [custom: string]: unknown;
}

export interface Brackets {
  stopLoss?: number;
  takeProfit?: number;
  trailingStopPips?: number;
  guaranteedStop?: number;
}

export interface PlaceOrderResult {
  orderId?: string;
}

export interface OrderPreviewSectionRow {
  title: string;
  value: string;
}

export interface OrderPreviewSection {
  header?: string;
  rows: OrderPreviewSectionRow[];
}

export interface OrderPreviewResult {
  sections: OrderPreviewSection[];
  confirmId?: string;
  warnings?: string[];
  errors?: string[];
}

export interface AccountMetainfo {
  id: AccountId;
  name: string;
  currency?: string;
  currencySign?: string;
}

export interface QuantityMetainfo {
  min: number;
  max: number;
  step: number;
  default?: number;
  uiStep?: number;
}

/** What the Order Ticket needs to know about a symbol. */
export interface InstrumentInfo {
  qty: QuantityMetainfo;
  pipValue: number;
  pipSize: number;
  minTick: number;
  description: string;
  type?: string;
  currency?: string;
  lotSize?: number;
  allowedOrderTypes?: OrderType[];
  allowedDurations?: string[];
  leverage?: string;
  marginRate?: number;
}

export interface IsTradableResult {
  tradable: boolean;
  reason?: string;
  shortReason?: string;
}

export interface LeverageInfoParams {
  symbol: string;
  orderType: OrderType;
  side: Side;
  customFields?: Record<string, unknown>;
}

export interface LeverageSetParams extends LeverageInfoParams {
  leverage: number;
}

export interface LeverageInfo {
  title: string;
  leverage: number;
  min: number;
  max: number;
  step: number;
}

export interface LeverageSetResult {
  leverage: number;
}

export interface LeveragePreviewResult {
  infos?: string[];
  warnings?: string[];
  errors?: string[];
}

export interface DisconnectionInfo {
  message?: string;
  disconnectType?: number;
}

/** The chart point a context menu was opened on. */
export interface TradeContext {
  symbol: string;
  displaySymbol: string;
  value: number | null;
  formattedValue: string;
  last: number;
}

/** One context menu item; TradingView builds the default ones (`host.defaultContextMenuActions`). */
export interface ActionMetaInfo {
  text?: string;
  separator?: boolean;
  action?: (...args: unknown[]) => void;
  [key: string]: unknown;
}

export interface IWatchedValueReadonly<T> {
  value(): T;
  subscribe(callback: (value: T) => void, options?: { once?: boolean; callWithLast?: boolean }): void;
  unsubscribe(callback?: ((value: T) => void) | null): void;
}

export interface IWatchedValue<T> extends IWatchedValueReadonly<T> {
  setValue(value: T, forceUpdate?: boolean): void;
}

export interface IBrokerConnectionAdapterFactory {
  createWatchedValue<T>(value?: T): IWatchedValue<T>;
}

/** A column of the Account Manager's tables; `formatter` names one of TradingView's standard formatters. */
export interface AccountManagerColumn {
  id: string;
  label: string;
  dataFields: string[];
  formatter?: string;
  alignment?: 'left' | 'right';
  help?: string;
  highlightDiff?: boolean;
  notSortable?: boolean;
  hideByDefault?: boolean;
}

export interface AccountManagerSummaryField {
  text: string;
  wValue: IWatchedValueReadonly<number>;
  formatter?: string;
  isDefault?: boolean;
}

export interface AccountManagerInfo {
  accountTitle: string;
  summary: AccountManagerSummaryField[];
  orderColumns: AccountManagerColumn[];
  positionColumns?: AccountManagerColumn[];
  historyColumns?: AccountManagerColumn[];
  pages: unknown[];
  possibleOrderStatuses?: OrderStatus[];
  marginUsed?: IWatchedValue<number>;
}

/** TradingView's `OrderDurationMetaInfo`: one choice of the Order Ticket's time-in-force menu. */
export interface OrderDurationMetaInfo {
  name: string;
  value: string;
  default?: boolean;
  hasDatePicker?: boolean;
  hasTimePicker?: boolean;
  supportedOrderTypes?: OrderType[];
}

/** TradingView's `BrokerConfigFlags` (the flags this package sets). */
export interface BrokerConfigFlags {
  supportPositions?: boolean;
  supportClosePosition?: boolean;
  supportPartialClosePosition?: boolean;
  supportReversePosition?: boolean;
  supportNativeReversePosition?: boolean;
  supportPositionBrackets?: boolean;
  supportOrderBrackets?: boolean;
  supportMarketBrackets?: boolean;
  supportModifyBrackets?: boolean;
  supportTrailingStop?: boolean;
  supportModifyTrailingStop?: boolean;
  supportStopLoss?: boolean;
  supportMarketOrders?: boolean;
  supportLimitOrders?: boolean;
  supportStopOrders?: boolean;
  supportStopLimitOrders?: boolean;
  supportModifyOrderPrice?: boolean;
  supportEditAmount?: boolean;
  supportModifyDuration?: boolean;
  supportPlaceOrderPreview?: boolean;
  supportExecutions?: boolean;
  supportOrdersHistory?: boolean;
  supportLeverage?: boolean;
  supportLeverageButton?: boolean;
  supportPLUpdate?: boolean;
  showQuantityInsteadOfAmount?: boolean;
  closePositionCancelsOrders?: boolean;
  [flag: string]: boolean | undefined;
}

/** The widget's `broker_config` option (TradingView's `SingleBrokerMetaInfo`). */
export interface SingleBrokerMetaInfo {
  configFlags: BrokerConfigFlags;
  durations?: OrderDurationMetaInfo[];
  customNotificationFields?: string[];
}

/** The Trading Host: what the library gives `broker_factory`, and through which the adapter pushes updates. */
export interface IBrokerConnectionAdapterHost {
  factory: IBrokerConnectionAdapterFactory;
  orderUpdate(order: Order): void;
  positionUpdate(position: Position, isHistoryUpdate?: boolean): void;
  executionUpdate(execution: Execution): void;
  equityUpdate(equity: number): void;
  plUpdate(positionId: string, pl: number): void;
  connectionStatusUpdate(status: ConnectionStatus, info?: DisconnectionInfo): void;
  currentAccountUpdate(): void;
  showNotification(title: string, text: string, notificationType?: NotificationType): void;
  defaultContextMenuActions(context: TradeContext, params?: unknown): Promise<ActionMetaInfo[]>;
}

/** The Broker API: what `broker_factory(host)` returns and the library calls. */
export interface IBrokerTerminal {
  accountManagerInfo(): AccountManagerInfo;
  accountsMetainfo(): Promise<AccountMetainfo[]>;
  currentAccount(): AccountId;
  setCurrentAccount?(id: AccountId): void;
  connectionStatus(): ConnectionStatus;
  chartContextMenuActions(context: TradeContext, options?: unknown): Promise<ActionMetaInfo[]>;
  isTradable(symbol: string): Promise<boolean | IsTradableResult>;
  symbolInfo(symbol: string): Promise<InstrumentInfo>;
  orders(): Promise<Order[]>;
  ordersHistory?(): Promise<Order[]>;
  positions(): Promise<Position[]>;
  executions(symbol: string): Promise<Execution[]>;
  placeOrder(order: PreOrder, confirmId?: string): Promise<PlaceOrderResult>;
  previewOrder?(order: PreOrder): Promise<OrderPreviewResult>;
  modifyOrder(order: Order, confirmId?: string): Promise<void>;
  cancelOrder(orderId: string): Promise<void>;
  cancelOrders(symbol: string, side: Side | undefined, ordersIds: string[]): Promise<void>;
  closePosition?(positionId: string, amount?: number, confirmId?: string): Promise<void>;
  reversePosition?(positionId: string): Promise<void>;
  editPositionBrackets?(positionId: string, brackets: Brackets, customFields?: Record<string, unknown>): Promise<void>;
  leverageInfo?(params: LeverageInfoParams): Promise<LeverageInfo>;
  setLeverage?(params: LeverageSetParams): Promise<LeverageSetResult>;
  previewLeverage?(params: LeverageSetParams): Promise<LeveragePreviewResult>;
  subscribeEquity?(): void;
  unsubscribeEquity?(): void;
}

/** The widget's `broker_factory` option. */
export type BrokerFactory = (host: IBrokerConnectionAdapterHost) => IBrokerTerminal;
