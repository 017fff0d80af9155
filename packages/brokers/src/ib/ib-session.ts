/**
 * One TWS / IB Gateway API session over @stoqey/ib: the connect handshake (until nextValidId and the managed
 * accounts arrive), the request/…End exchanges turned into promises (run one at a time, since TWS answers
 * them on shared channels), and the push events forwarded to the adapter.
 */
import { EventName, IBApi } from '@stoqey/ib';
import type { CommissionReport, Contract, Execution as IbExecution, Order as IbOrder, OrderState } from '@stoqey/ib';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { IbConfig } from './ib-config.ts';
import { IB_SUMMARY_TAGS } from './ib-parse.ts';
import { IbPacer } from './ib-pacer.ts';

export interface IbSessionHandlers {
  openOrder(orderId: number, contract: Contract, order: IbOrder, state: OrderState): void;
  orderStatus(orderId: number, status: string, filled: number, avgFillPrice: number, parentId: number, permId: number, clientId: number | undefined): void;
  execDetails(contract: Contract, execution: IbExecution): void;
  commissionReport(report: CommissionReport): void;
  /** An error TWS attached to an order id. */
  orderError(orderId: number, code: number, message: string): void;
  /** The socket closed, or TWS lost (1100) / regained (1101, 1102) its link to IB. */
  connectivity(state: 'closed' | 'lost' | 'restored', message: string): void;
  /** A push the adapter could not read (reported, never thrown into the socket's event loop). */
  unreadable(what: string, error: unknown): void;
}

export interface IbPositionRow {
  readonly account: string;
  readonly contract: Contract;
  readonly pos: number;
  readonly avgCost: number;
}

/** Codes that end a connection attempt: socket failure, not connected, client id in use, bad version. */
const CONNECT_FAILURES = new Set([502, 503, 504, 506, 507, 326]);
/** @stoqey/ib's code (UNKNOWN_ID) for a message whose fields did not decode. */
const DECODING_ERROR = 505;
const SUMMARY_REQ_ID = 9_001;
const EXECUTIONS_REQ_ID = 9_002;

export class IbSession {
  readonly api: IBApi;
  /** Every outgoing message after the handshake goes through it (50 messages per second). */
  readonly pacer: IbPacer;
  readonly #config: IbConfig;
  #queue: Promise<unknown> = Promise.resolve();
  #expectingClose = false;
  /** Exchanges waiting for their end marker: a closed socket fails them at once instead of at their timeout. */
  readonly #pending = new Set<(error: TradingError) => void>();

  constructor(config: IbConfig, handlers: IbSessionHandlers) {
    this.#config = config;
    this.api = new IBApi({ host: config.host, port: config.port, clientId: config.clientId });
    this.pacer = new IbPacer({ perSecond: config.messagesPerSecond });
    const api = this.api;
    // A push that cannot be read must not throw out of the socket handler (that would end the process).
    const safely =
      <A extends unknown[]>(what: string, handle: (...args: A) => void) =>
      (...args: A): void => {
        try {
          handle(...args);
        } catch (error) {
          handlers.unreadable(what, error);
        }
      };
    api.on(EventName.openOrder, safely('openOrder', (id, contract, order, state) => handlers.openOrder(id, contract, order, state)));
    api.on(
      EventName.orderStatus,
      safely('orderStatus', (id, status, filled, _remaining, avg, permId, parentId, _lastFill, clientId) =>
        handlers.orderStatus(id, status, filled, avg, parentId ?? 0, permId ?? 0, clientId),
      ),
    );
    api.on(EventName.execDetails, safely('execDetails', (_reqId, contract, execution) => handlers.execDetails(contract, execution)));
    api.on(EventName.commissionReport, safely('commissionReport', (report) => handlers.commissionReport(report)));
    api.on(
      EventName.error,
      safely('error', (error: Error, code: number, reqId: number) => {
        if (reqId !== undefined && reqId >= 0) handlers.orderError(reqId, code, error.message);
        // @stoqey/ib reports a message it could not decode to its last field (a protocol mismatch) this way.
        else if (code === DECODING_ERROR && /decoding error|underrun|no parser/i.test(error.message)) handlers.unreadable('message', error);
      }),
    );
    api.on(EventName.info, (message: string, code: number) => {
      if (code === 1100) handlers.connectivity('lost', message);
      else if (code === 1101 || code === 1102) handlers.connectivity('restored', message);
    });
    api.on(EventName.disconnected, () => {
      this.#failPending();
      if (!this.#expectingClose) handlers.connectivity('closed', 'the TWS connection closed');
    });
  }

  /** Connects and waits for the start-up messages; rejects with BROKER_UNAVAILABLE naming the cause. */
  connect(): Promise<{ nextOrderId: number; accounts: string[] }> {
    this.#expectingClose = false;
    return new Promise((resolve, reject) => {
      let nextOrderId: number | undefined;
      let accounts: string[] | undefined;
      const api = this.api;
      const done = () => {
        if (nextOrderId === undefined || accounts === undefined) return;
        cleanup();
        resolve({ nextOrderId, accounts });
      };
      const fail = (message: string) => {
        cleanup();
        this.#expectingClose = true;
        api.disconnect();
        reject(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `cannot connect to TWS at ${this.#config.host}:${this.#config.port}: ${message}`));
      };
      const onNext = (id: number) => {
        nextOrderId = id;
        done();
      };
      const onAccounts = (list: string) => {
        accounts = list.split(',').filter((a) => a !== '');
        done();
      };
      const onError = (error: Error, code: number) => {
        if (CONNECT_FAILURES.has(code)) fail(error.message);
      };
      const onInfo = (message: string, code: number) => {
        if (CONNECT_FAILURES.has(code)) fail(message);
      };
      const onClosed = () => fail('the connection closed during the handshake');
      const timer = setTimeout(() => fail('no answer in time'), this.#config.connectTimeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        api.off(EventName.nextValidId, onNext);
        api.off(EventName.managedAccounts, onAccounts);
        api.off(EventName.error, onError);
        api.off(EventName.info, onInfo);
        api.off(EventName.disconnected, onClosed);
      };
      api.on(EventName.nextValidId, onNext);
      api.on(EventName.managedAccounts, onAccounts);
      api.on(EventName.error, onError);
      api.on(EventName.info, onInfo);
      api.on(EventName.disconnected, onClosed);
      api.connect(this.#config.clientId);
    });
  }

  /** Closes the socket; resolves once it is closed (TWS frees the client id then), or after a second. */
  disconnect(): Promise<void> {
    this.#expectingClose = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.api.isConnected) return resolve();
      const timer = setTimeout(resolve, 1_000);
      timer.unref();
      this.api.once(EventName.disconnected, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.api.disconnect();
    this.#failPending();
    return closed;
  }

  #failPending(): void {
    for (const fail of [...this.#pending]) fail(new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'the TWS connection closed'));
  }

  /** Sends one API message when the pacing allows (in order with every other message). */
  send(message: () => void): void {
    void this.pacer.send(message).catch(() => undefined);
  }

  get connected(): boolean {
    return this.api.isConnected;
  }

  /**
   * reqAllOpenOrders: openOrder/orderStatus for every open order of the account reach the handlers (those of other
   * API clients and of TWS itself included, so orders placed outside the platform are found), then openOrderEnd.
   */
  openOrders(): Promise<void> {
    return this.#exchange(EventName.openOrderEnd, () => this.api.reqAllOpenOrders(), () => undefined);
  }

  /** reqExecutions (today's): execDetails reach the handlers, then execDetailsEnd. */
  executions(): Promise<void> {
    return this.#exchange(EventName.execDetailsEnd, () => this.api.reqExecutions(EXECUTIONS_REQ_ID, {}), () => undefined);
  }

  positions(): Promise<IbPositionRow[]> {
    const rows: IbPositionRow[] = [];
    const onPosition = (account: string, contract: Contract, pos: number, avgCost?: number) => rows.push({ account, contract, pos, avgCost: avgCost ?? 0 });
    return this.#exchange(
      EventName.positionEnd,
      () => {
        this.api.on(EventName.position, onPosition);
        this.api.reqPositions();
      },
      () => {
        this.api.off(EventName.position, onPosition);
        this.api.cancelPositions();
        return rows;
      },
    );
  }

  /**
   * reqAccountUpdates until accountDownloadEnd: each position's unrealized P&L at TWS's market price, by
   * contract id (the subscription is dropped again; TWS would otherwise repeat it every three minutes).
   */
  unrealizedByContract(account: string): Promise<Map<number, number>> {
    const values = new Map<number, number>();
    const onPortfolio = (contract: Contract, _pos: number, _price: number, _value: number, _avgCost?: number, unrealized?: number, _realized?: number, acct?: string) => {
      if (contract.conId !== undefined && unrealized !== undefined && (acct === undefined || acct === account)) values.set(contract.conId, unrealized);
    };
    return this.#exchange(
      EventName.accountDownloadEnd,
      () => {
        this.api.on(EventName.updatePortfolio, onPortfolio);
        this.api.reqAccountUpdates(true, account);
      },
      () => {
        this.api.off(EventName.updatePortfolio, onPortfolio);
        this.api.reqAccountUpdates(false, account);
        return values;
      },
    );
  }

  accountSummary(account: string | undefined): Promise<Map<string, number>> {
    const values = new Map<string, number>();
    const onValue = (reqId: number, acct: string, tag: string, value: string) => {
      if (reqId === SUMMARY_REQ_ID && (account === undefined || acct === account)) values.set(tag, Number(value));
    };
    return this.#exchange(
      EventName.accountSummaryEnd,
      () => {
        this.api.on(EventName.accountSummary, onValue);
        this.api.reqAccountSummary(SUMMARY_REQ_ID, 'All', IB_SUMMARY_TAGS);
      },
      () => {
        this.api.off(EventName.accountSummary, onValue);
        this.api.cancelAccountSummary(SUMMARY_REQ_ID);
        return values;
      },
    );
  }

  /** Sends a request and resolves on its end marker; one exchange at a time, each bounded by the timeout. */
  #exchange<T>(end: EventName, start: () => void, finish: () => T): Promise<T> {
    const run = () =>
      new Promise<T>((resolve, reject) => {
        const settle = () => {
          clearTimeout(timer);
          this.#pending.delete(fail);
          this.api.off(end, onEnd);
        };
        const onEnd = () => {
          settle();
          resolve(finish());
        };
        const fail = (error: TradingError) => {
          settle();
          finish();
          reject(error);
        };
        const timer = setTimeout(() => fail(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `TWS did not answer ${end} in time`)), this.#config.requestTimeoutMs);
        this.#pending.add(fail);
        this.api.once(end, onEnd);
        this.send(start);
      });
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
