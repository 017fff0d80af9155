/** An account owned by this process: its core (state, journal, broker) behind the `AccountHandle` interface. */
import type { BrokerConfig, BrokerConnectionStatus, EquityData } from '@trading-pro/contracts';
import type { AccountCore, JournalRecord } from '@trading-pro/brokers';
import { accountSubject, type Bus } from '../bus/bus.ts';
import type { AccountConfig } from '../config/schema.ts';
import type { AccountHandle } from './account-handle.ts';

/** How often marked-to-market equity is recomputed while someone listens. */
export const MARKS_INTERVAL_MS = 250;

export class LocalAccount implements AccountHandle {
  readonly core: AccountCore;
  readonly config: AccountConfig;
  readonly #bus: Bus;
  readonly #markListeners = new Set<(equity: EquityData) => void>();
  #marksTimer: ReturnType<typeof setInterval> | undefined;
  #lastMarks = '';

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

  /**
   * One timer per account, not per subscriber: the valuation is local (paper: quotes; venues: their last report),
   * so marks never cost a venue request.
   */
  marks(listener: (equity: EquityData) => void): () => void {
    this.#markListeners.add(listener);
    if (this.#marksTimer === undefined) {
      this.#marksTimer = setInterval(() => this.#sendMarks(), MARKS_INTERVAL_MS);
      this.#marksTimer.unref();
    }
    return () => {
      this.#markListeners.delete(listener);
      if (this.#markListeners.size === 0 && this.#marksTimer !== undefined) {
        clearInterval(this.#marksTimer);
        this.#marksTimer = undefined;
        this.#lastMarks = '';
      }
    };
  }

  #sendMarks(): void {
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = this.core.account().value;
    const data: EquityData = { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
    const key = `${balance}|${equity}|${unrealizedPL}|${realizedPL}|${marginUsed}|${buyingPower}`;
    if (key === this.#lastMarks) return;
    this.#lastMarks = key;
    for (const listener of this.#markListeners) listener(data);
  }

  stop(): Promise<void> {
    if (this.#marksTimer !== undefined) clearInterval(this.#marksTimer);
    this.#marksTimer = undefined;
    this.#markListeners.clear();
    return this.core.stop();
  }
}
