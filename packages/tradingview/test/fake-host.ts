/**
 * A stand-in for TradingView's Trading Platform (not the library): a Trading Host that records every callback the
 * broker adapter makes, watched values that behave like the library's, and the calls the library makes at start,
 * in its order. Tests drive the adapters through these the way the library does and read back what it would show.
 */
import type {
  AccountManagerInfo,
  AccountMetainfo,
  ActionMetaInfo,
  ConnectionStatus,
  DisconnectionInfo,
  Execution,
  IBrokerConnectionAdapterHost,
  IBrokerTerminal,
  IWatchedValue,
  NotificationType,
  Order,
  Position,
  TradeContext,
} from '../src/index.ts';

class FakeWatchedValue<T> implements IWatchedValue<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(value: T) {
    this.#value = value;
  }

  value(): T {
    return this.#value;
  }

  setValue(value: T): void {
    this.#value = value;
    for (const listener of this.#listeners) listener(value);
  }

  subscribe(callback: (value: T) => void): void {
    this.#listeners.add(callback);
  }

  unsubscribe(callback?: ((value: T) => void) | null): void {
    if (callback) this.#listeners.delete(callback);
    else this.#listeners.clear();
  }
}

export interface Notification {
  readonly title: string;
  readonly text: string;
  readonly type: NotificationType | undefined;
}

/** Every host callback, in arrival order, by kind. */
export class FakeTradingHost implements IBrokerConnectionAdapterHost {
  readonly orderUpdates: Order[] = [];
  readonly positionUpdates: Position[] = [];
  readonly executionUpdates: Execution[] = [];
  readonly equityUpdates: number[] = [];
  readonly plUpdates: { positionId: string; pl: number }[] = [];
  readonly connectionUpdates: { status: ConnectionStatus; info: DisconnectionInfo | undefined }[] = [];
  readonly notifications: Notification[] = [];
  currentAccountUpdates = 0;
  readonly defaultActions: ActionMetaInfo[] = [{ text: 'Buy 1 @ market' }, { text: 'Sell 1 @ market' }];

  readonly factory = { createWatchedValue: <T>(value?: T): IWatchedValue<T> => new FakeWatchedValue(value as T) };

  orderUpdate(order: Order): void {
    this.orderUpdates.push(order);
  }

  positionUpdate(position: Position): void {
    this.positionUpdates.push(position);
  }

  executionUpdate(execution: Execution): void {
    this.executionUpdates.push(execution);
  }

  equityUpdate(equity: number): void {
    this.equityUpdates.push(equity);
  }

  plUpdate(positionId: string, pl: number): void {
    this.plUpdates.push({ positionId, pl });
  }

  connectionStatusUpdate(status: ConnectionStatus, info?: DisconnectionInfo): void {
    this.connectionUpdates.push({ status, info });
  }

  currentAccountUpdate(): void {
    this.currentAccountUpdates += 1;
  }

  showNotification(title: string, text: string, type?: NotificationType): void {
    this.notifications.push({ title, text, type });
  }

  defaultContextMenuActions(_context: TradeContext): Promise<ActionMetaInfo[]> {
    return Promise.resolve(this.defaultActions);
  }

  /** The latest update of an order, as the Account Manager would show it. */
  lastOrder(id: string): Order | undefined {
    return this.orderUpdates.findLast((order) => order.id === id);
  }

  lastPosition(id: string): Position | undefined {
    return this.positionUpdates.findLast((position) => position.id === id);
  }
}

export interface StartupView {
  readonly accounts: AccountMetainfo[];
  readonly currentAccount: string;
  readonly accountManager: AccountManagerInfo;
  readonly orders: Order[];
  readonly positions: Position[];
  readonly executions: Execution[];
  readonly connectionStatus: ConnectionStatus;
}

/** What the Trading Platform asks a new broker for, in its order, for the chart's symbol. */
export async function startLikeTheLibrary(broker: IBrokerTerminal, chartSymbol: string): Promise<StartupView> {
  const accounts = await broker.accountsMetainfo();
  const currentAccount = broker.currentAccount();
  const accountManager = broker.accountManagerInfo();
  const [orders, positions, executions] = await Promise.all([broker.orders(), broker.positions(), broker.executions(chartSymbol)]);
  return { accounts, currentAccount, accountManager, orders, positions, executions, connectionStatus: broker.connectionStatus() };
}

/** The message of a rejected promise (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection');
}
