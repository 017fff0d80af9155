/** An account owned by this process: its core (state, journal, broker) behind the `AccountHandle` interface. */
import type { BrokerConfig, BrokerConnectionStatus, EquityData } from '@trading-pro/contracts';
import type { AccountCore, JournalRecord } from '@trading-pro/brokers';
import { accountSubject, type Bus } from '../bus/bus.ts';
import type { AccountConfig } from '../config/schema.ts';
import type { AccountHandle } from './account-handle.ts';
import { SharedMarks } from './shared-marks.ts';

export class LocalAccount implements AccountHandle {
  readonly core: AccountCore;
  readonly config: AccountConfig;
  readonly #bus: Bus;
  readonly #marks = new SharedMarks(() => this.core.account().value);

  constructor(core: AccountCore, config: AccountConfig, bus: Bus) {
    this.core = core;
    this.config = config;
    this.#bus = bus;
  }

  get id(): string {
    return this.core.id;
  }

  get brokerKind(): string {
    return this.core.broker.kind;
  }

  capabilities(): BrokerConfig {
    return this.core.broker.capabilities();
  }

  connectionStatus(): BrokerConnectionStatus {
    return this.core.broker.connectionStatus();
  }

  seq(): number {
    return this.core.state.seq;
  }

  account = async () => this.core.account();
  positions = async () => this.core.positions();
  order = (orderId: string) => this.core.order(orderId);
  orders: AccountHandle['orders'] = (query) => this.core.orders(query);
  executions: AccountHandle['executions'] = (query) => this.core.executions(query);
  leverage = (symbol: string) => this.core.leverage(symbol);
  placeOrder: AccountHandle['placeOrder'] = (order) => this.core.placeOrder(order);
  previewOrder: AccountHandle['previewOrder'] = (order) => this.core.previewOrder(order);
  modifyOrder: AccountHandle['modifyOrder'] = (orderId, changes) => this.core.modifyOrder(orderId, changes);
  cancelOrder = (orderId: string) => this.core.cancelOrder(orderId);
  cancelOrders: AccountHandle['cancelOrders'] = (filter) => this.core.cancelOrders(filter);
  closePosition = (positionId: string, amount?: number) => this.core.closePosition(positionId, amount);
  reversePosition = (positionId: string) => this.core.reversePosition(positionId);
  editPositionBrackets: AccountHandle['editPositionBrackets'] = (positionId, brackets) => this.core.editPositionBrackets(positionId, brackets);
  setLeverage = (symbol: string, leverage: number) => this.core.setLeverage(symbol, leverage);
  history: AccountHandle['history'] = (afterSeq, options) => this.core.history(afterSeq, options);

  subscribe(listener: (record: JournalRecord) => void): () => void {
    return this.#bus.subscribe<JournalRecord>(accountSubject(this.id), listener);
  }

  /** The valuation is local (paper: quotes; venues: their last report), so marks never cost a venue request. */
  marks(listener: (equity: EquityData) => void): () => void {
    return this.#marks.listen(listener);
  }

  stop(): Promise<void> {
    this.#marks.clear();
    return this.core.stop();
  }
}
