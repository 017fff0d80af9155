/**
 * The IB connection's life: connect, status events, reconnection with backoff when the socket closes, and
 * reconciliation after every (re)connect: reqOpenOrders and reqExecutions replay what TWS knows, orders we
 * thought live that TWS no longer lists are settled from their executions, then positions and equity.
 */
import { ConnectionStatus, ErrorCode, Side, TradingError, isTradingError } from '@trading-pro/contracts';
import type { BrokerConnectionStatus, Position } from '@trading-pro/contracts';
import type { BrokerContext, Valuation } from '../broker.ts';
import { portfolioEvents } from '../common/portfolio.ts';
import type { IbConfig } from './ib-config.ts';
import { symbolOfContract } from './ib-contracts.ts';
import type { IbContractOptions } from './ib-contracts.ts';
import { isFinalIbStatus } from './ib-orders.ts';
import type { IbOrderBook } from './ib-orders.ts';
import { ibSummaryToAccount } from './ib-parse.ts';
import type { IbSession } from './ib-session.ts';

export class IbSync {
  status: BrokerConnectionStatus;
  account: string | undefined;
  readonly #context: BrokerContext;
  readonly #config: IbConfig;
  readonly #session: IbSession;
  readonly #book: IbOrderBook;
  readonly #contractOptions: IbContractOptions;
  #nextId = 0;
  #wanted = false;
  #retry = 0;
  #timer: NodeJS.Timeout | undefined;
  #refreshTimer: NodeJS.Timeout | undefined;
  #reconcileTimer: NodeJS.Timeout | undefined;
  #refresh: Promise<void> | undefined;
  #watch: NodeJS.Timeout | undefined;
  /** Pushes the adapter could not read, newest last (diagnostics; never thrown into the socket's event loop). */
  readonly unreadable: string[] = [];
  /** The last account report (marks are served from it, not journaled). */
  valuation: Valuation | undefined;

  constructor(context: BrokerContext, config: IbConfig, session: IbSession, book: IbOrderBook, contractOptions: IbContractOptions) {
    this.#context = context;
    this.#config = config;
    this.#session = session;
    this.#book = book;
    this.#contractOptions = contractOptions;
    this.status = { status: ConnectionStatus.Disconnected, timestamp: context.now() };
  }

  nextOrderId(): number {
    const id = this.#nextId;
    this.#nextId += 1;
    return id;
  }

  requireConnected(): void {
    if (this.status.status !== ConnectionStatus.Connected) throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'the TWS connection is not up');
  }

  async connect(): Promise<void> {
    this.#wanted = true;
    this.#setStatus(ConnectionStatus.Connecting, `connecting to TWS at ${this.#config.host}:${this.#config.port}`);
    try {
      await this.#open();
    } catch (error) {
      this.#wanted = false;
      const failure = isTradingError(error) ? error : new TradingError(ErrorCode.BROKER_UNAVAILABLE, String(error));
      this.#setStatus(ConnectionStatus.Error, failure.message);
      throw failure;
    }
    this.#setStatus(ConnectionStatus.Connected, 'connected to TWS');
    if (this.#config.accountRefreshMs > 0) {
      this.#refreshTimer = setInterval(() => this.refreshSoon(), this.#config.accountRefreshMs);
      this.#refreshTimer.unref();
    }
    if (this.#config.reconcileIntervalMs > 0) {
      // The socket is the stream; TWS's open orders and executions are read again on a timer all the same.
      this.#reconcileTimer = setInterval(() => {
        if (this.status.status === ConnectionStatus.Connected) void this.reconcile().catch(() => undefined);
      }, this.#config.reconcileIntervalMs);
      this.#reconcileTimer.unref();
    }
  }

  async disconnect(): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#timer);
    clearTimeout(this.#watch);
    this.#watch = undefined;
    clearInterval(this.#refreshTimer);
    clearInterval(this.#reconcileTimer);
    this.#refreshTimer = undefined;
    this.#reconcileTimer = undefined;
    await this.#session.disconnect();
    await this.#refresh?.catch(() => undefined);
    this.#setStatus(ConnectionStatus.Disconnected, 'disconnected', 0);
  }

  onConnectivity(state: 'closed' | 'lost' | 'restored', message: string): void {
    if (!this.#wanted) return;
    if (state === 'restored') {
      void this.reconcile()
        .catch(() => undefined)
        .then(() => this.#setStatus(ConnectionStatus.Connected, message));
      return;
    }
    this.#setStatus(ConnectionStatus.Connecting, state === 'closed' ? 'TWS connection lost; reconnecting' : message, 2);
    if (state === 'closed' && this.status.status !== ConnectionStatus.Error) this.#scheduleReconnect();
  }

  onUnreadable(what: string, error: unknown): void {
    this.unreadable.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    if (this.unreadable.length > 100) this.unreadable.shift();
  }

  /**
   * Orders TWS has not acknowledged: TWS's open orders and executions are read again (doubling delays) until it
   * reports them, or until `placingTimeoutMs` has passed without a word, when they are settled as never received.
   */
  watchUnknown(delayMs = this.#config.unknownLookupMs): void {
    if (this.#watch !== undefined) return;
    this.#watch = setTimeout(() => {
      this.#watch = undefined;
      if (this.status.status !== ConnectionStatus.Connected) return;
      void this.#settleOrders()
        .catch(() => undefined)
        .then(() => {
          if ([...this.#book.records.values()].some((record) => record.status === 'PendingSubmit')) this.watchUnknown(Math.min(delayMs * 2, 5_000));
        });
    }, delayMs);
    this.#watch.unref();
  }

  async reconcile(): Promise<void> {
    await this.#settleOrders();
    await this.#refreshNow();
  }

  async #settleOrders(): Promise<void> {
    this.#book.openSeen.clear();
    await this.#session.openOrders();
    await this.#session.executions();
    for (const record of [...this.#book.records.values()]) {
      if (isFinalIbStatus(record.status) || this.#book.openSeen.has(record.orderId)) continue;
      const { qty, avgPrice } = this.#book.fillTotals(record.orderId);
      if (qty >= record.totalQuantity && qty > 0) {
        this.#book.onOrderStatus(record.orderId, 'Filled', qty, avgPrice);
      } else if (record.status === 'PendingSubmit') {
        if (this.#context.now() - record.createTime < this.#config.placingTimeoutMs) {
          this.watchUnknown();
          continue;
        }
        this.#book.setStatus(record.orderId, 'Rejected', `TWS has no record of the order after ${Math.round(this.#config.placingTimeoutMs / 1000)} s: it never arrived (it was not sent again)`);
      } else {
        this.#book.setStatus(record.orderId, 'Cancelled');
      }
    }
  }

  /** Positions and equity after fills; coalesced while one refresh runs. */
  refreshSoon(): void {
    if (this.#refresh) return;
    this.#refresh = this.#refreshNow()
      .catch(() => undefined)
      .finally(() => {
        this.#refresh = undefined;
      });
  }

  /** Positions as TWS reports them now (with its unrealized P&L per contract). */
  async #positions(): Promise<Position[]> {
    const now = this.#context.now();
    const rows = await this.#session.positions();
    const held = rows.some((r) => r.pos !== 0);
    const unrealized = held && this.account !== undefined ? await this.#session.unrealizedByContract(this.account) : new Map<number, number>();
    return rows
      .filter((r) => r.pos !== 0 && (this.account === undefined || r.account === this.account))
      .map((r): Position => {
        const symbol = symbolOfContract(r.contract, this.#contractOptions);
        // IB's average cost of futures (and options) includes the multiplier.
        const multiplier = r.contract.secType === 'FUT' && r.contract.multiplier ? Number(r.contract.multiplier) : 1;
        const pl = r.contract.conId === undefined ? 0 : (unrealized.get(r.contract.conId) ?? 0);
        return { id: symbol, symbol, qty: Math.abs(r.pos), side: r.pos > 0 ? Side.Buy : Side.Sell, avgPrice: r.avgCost / multiplier, pl, updateTime: now };
      });
  }

  async #refreshNow(): Promise<void> {
    const positions = await this.#positions();
    const values = await this.#session.accountSummary(this.account);
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = ibSummaryToAccount(values, { id: this.#context.accountId, name: this.#context.accountName, currency: this.#context.currency });
    const figures = { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
    this.valuation = { account: figures, positions };
    const events = portfolioEvents(this.#context.account, positions, figures, this.#context.now());
    if (events.length > 0) await this.#context.onEvents(events);
  }

  async #open(): Promise<void> {
    const { nextOrderId, accounts } = await this.#session.connect();
    this.#nextId = Math.max(this.#nextId, nextOrderId);
    if (this.#config.account !== undefined && !accounts.includes(this.#config.account)) {
      await this.#session.disconnect();
      throw new TradingError(ErrorCode.FORBIDDEN, `TWS does not manage account ${this.#config.account} (it manages ${accounts.join(', ')})`);
    }
    this.account = this.#config.account ?? accounts[0];
    await this.reconcile();
  }

  #scheduleReconnect(): void {
    clearTimeout(this.#timer);
    const delay = Math.min(this.#config.reconnectMaxMs, this.#config.reconnectMinMs * 2 ** this.#retry);
    this.#retry += 1;
    this.#timer = setTimeout(() => {
      if (!this.#wanted) return;
      this.#open().then(
        () => {
          this.#retry = 0;
          this.#setStatus(ConnectionStatus.Connected, 'TWS connection restored and reconciled');
        },
        () => this.#scheduleReconnect(),
      );
    }, delay);
  }

  #setStatus(status: ConnectionStatus, message: string, disconnectType?: number): void {
    this.status = { status, message, timestamp: this.#context.now(), ...(disconnectType === undefined ? {} : { disconnectType }) };
    this.#context.onEvents([{ route: 'broker-connection', data: this.status }]).catch(() => undefined);
  }
}
