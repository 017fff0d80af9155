/**
 * An account in a process that shares the store with others: the same `AccountHandle` whether this process owns
 * the account or not. The owner runs it here (its `LocalAccount`); elsewhere commands and live reads go to the
 * owner over the bus (request/reply), history reads come from the shared journal, and events come from the
 * account's ordered feed, so WebSocket clients of every process see each seq once, in order, across failovers.
 */
import { ConnectionStatus, ErrorCode, TradingError, type BrokerConfig, type BrokerConnectionStatus, type EquityData } from '@trading-pro/contracts';
import type { AccountStore, JournalRecord } from '@trading-pro/brokers';
import type { AccountHandle } from '../accounts/account-handle.ts';
import type { LocalAccount } from '../accounts/local-account.ts';
import { SharedMarks } from '../accounts/shared-marks.ts';
import { commandSubject, NoAnswerError, type Bus } from '../bus/bus.ts';
import type { AccountConfig } from '../config/schema.ts';
import {
  COMMANDS,
  errorFromWire,
  errorToWire,
  isForwardRequest,
  ownerUnavailable,
  valueFromWire,
  valueToWire,
  type ForwardedMethod,
  type ForwardReply,
} from './forwarding.ts';
import type { OrderedFeed } from './ordered-feed.ts';

export interface ClusteredAccountOptions {
  readonly config: AccountConfig;
  readonly brokerKind: string;
  /** The broker's capabilities (they do not depend on which process runs it). */
  readonly capabilities: BrokerConfig;
  readonly store: AccountStore;
  readonly bus: Bus;
  readonly feed: OrderedFeed;
  /** Whether this process's lease is valid now. */
  readonly owns: () => boolean;
  /** The owning process as far as this one knows. */
  readonly ownerOf: () => string | undefined;
  /** How long a forwarded request waits for the owner. */
  readonly forwardTimeoutMs: number;
  readonly now: () => number;
}

export class ClusteredAccount implements AccountHandle {
  readonly config: AccountConfig;
  readonly brokerKind: string;
  readonly #options: ClusteredAccountOptions;
  #local: LocalAccount | undefined;
  #stopServing: (() => void) | undefined;
  /** The last connection status the journal reported, and the owner this process knew of then. */
  #lastConnection: { status: BrokerConnectionStatus; owner: string | undefined } | undefined;
  readonly #marks = new SharedMarks(async () => (await this.account()).value);

  constructor(options: ClusteredAccountOptions) {
    this.config = options.config;
    this.brokerKind = options.brokerKind;
    this.#options = options;
    options.feed.subscribe((record) => {
      if (record.route === 'broker-connection') this.#lastConnection = { status: record.data as BrokerConnectionStatus, owner: options.ownerOf() };
    });
  }

  get id(): string {
    return this.config.id;
  }

  /** The account now runs here: serve forwarded requests from the other processes. */
  attach(local: LocalAccount): void {
    this.#local = local;
    this.#stopServing = this.#options.bus.serve(commandSubject(this.id), (request) => this.#answer(request));
  }

  /** The account no longer runs here: stop serving and stop it (its venue disconnects). */
  async detach(): Promise<void> {
    this.#stopServing?.();
    this.#stopServing = undefined;
    const local = this.#local;
    this.#local = undefined;
    await local?.stop();
  }

  /** The local account while this process's lease is valid. */
  #owned(): LocalAccount | undefined {
    return this.#local !== undefined && this.#options.owns() ? this.#local : undefined;
  }

  owner(): string | undefined {
    return this.#options.ownerOf();
  }

  capabilities(): BrokerConfig {
    return this.#options.capabilities;
  }

  connectionStatus(): BrokerConnectionStatus {
    const local = this.#owned();
    if (local !== undefined) return local.connectionStatus();
    const owner = this.#options.ownerOf();
    if (owner === undefined) {
      return { status: ConnectionStatus.Disconnected, message: 'no process owns the account right now (failover in progress)', timestamp: this.#options.now() };
    }
    // A status reported under an earlier owner (its venue disconnecting as it stopped) says nothing of this one's.
    const last = this.#lastConnection;
    if (last !== undefined && last.owner === owner) return last.status;
    return { status: ConnectionStatus.Connected, message: `served by process ${owner}`, timestamp: this.#options.now() };
  }

  seq(): number {
    return this.#options.feed.seq;
  }

  account: AccountHandle['account'] = () => this.#call('account', []);
  positions: AccountHandle['positions'] = () => this.#call('positions', []);
  leverage: AccountHandle['leverage'] = (symbol) => this.#call('leverage', [symbol]);
  previewOrder: AccountHandle['previewOrder'] = (order) => this.#call('previewOrder', [order]);
  placeOrder: AccountHandle['placeOrder'] = (order) => this.#call('placeOrder', [order]);
  modifyOrder: AccountHandle['modifyOrder'] = (orderId, changes) => this.#call('modifyOrder', [orderId, changes]);
  cancelOrder: AccountHandle['cancelOrder'] = (orderId) => this.#call('cancelOrder', [orderId]);
  cancelOrders: AccountHandle['cancelOrders'] = (filter) => this.#call('cancelOrders', [filter]);
  closePosition: AccountHandle['closePosition'] = (positionId, amount) => this.#call('closePosition', amount === undefined ? [positionId] : [positionId, amount]);
  reversePosition: AccountHandle['reversePosition'] = (positionId) => this.#call('reversePosition', [positionId]);
  editPositionBrackets: AccountHandle['editPositionBrackets'] = (positionId, brackets) => this.#call('editPositionBrackets', [positionId, brackets]);
  setLeverage: AccountHandle['setLeverage'] = (symbol, leverage) => this.#call('setLeverage', [symbol, leverage]);

  // History comes from the shared journal, wherever the account runs; the seq is the feed's, taken first.
  order: AccountHandle['order'] = async (orderId) => {
    const local = this.#owned();
    if (local !== undefined) return local.order(orderId);
    const seq = this.seq();
    const order = await this.#options.store.order(this.id, orderId);
    if (order === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `order ${orderId} not found`);
    return { value: order, seq };
  };

  orders: AccountHandle['orders'] = async (query) => {
    const local = this.#owned();
    if (local !== undefined) return local.orders(query);
    const seq = this.seq();
    return { value: await this.#options.store.orders(this.id, query), seq };
  };

  executions: AccountHandle['executions'] = async (query) => {
    const local = this.#owned();
    if (local !== undefined) return local.executions(query);
    const seq = this.seq();
    return { value: await this.#options.store.executions(this.id, query), seq };
  };

  history: AccountHandle['history'] = (afterSeq, options) => this.#options.store.read(this.id, afterSeq, options);

  subscribe(listener: (record: JournalRecord) => void): () => void {
    return this.#options.feed.subscribe(listener);
  }

  /** Equity marked to market, read from wherever the account runs, while someone listens. */
  marks(listener: (equity: EquityData) => void): () => void {
    return this.#marks.listen(listener);
  }

  /** Delivers what the journal holds beyond the feed (a message the bus lost). */
  catchUp(): Promise<void> {
    return this.#options.feed.catchUp().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.#marks.clear();
    this.#options.feed.stop();
    await this.detach();
  }

  /** Runs the method here when this process owns the account, else asks the owner. */
  async #call<T>(method: ForwardedMethod, args: readonly unknown[]): Promise<T> {
    const local = this.#owned();
    if (local !== undefined) return this.#runLocal<T>(local, method, args);
    let reply: unknown;
    try {
      reply = await this.#options.bus.request(commandSubject(this.id), { method, args }, this.#options.forwardTimeoutMs);
    } catch (error) {
      if (error instanceof NoAnswerError) {
        throw ownerUnavailable(this.id, error.why === 'no responder' ? 'no process owns it right now' : `its owner did not answer within ${this.#options.forwardTimeoutMs} ms`);
      }
      throw error;
    }
    const answer = reply as ForwardReply;
    if ('error' in answer) throw errorFromWire(answer.error);
    return valueFromWire(method, answer.ok) as T;
  }

  async #runLocal<T>(local: LocalAccount, method: ForwardedMethod, args: readonly unknown[]): Promise<T> {
    try {
      const run = local[method] as (...a: readonly unknown[]) => unknown;
      return (await run(...args)) as T;
    } catch (error) {
      // An append the database refused because the lease moved on: the account is no longer here.
      if (error instanceof TradingError && error.code === ErrorCode.STORAGE_UNAVAILABLE && !this.#options.owns()) {
        throw ownerUnavailable(this.id, 'this process lost its ownership while the command ran');
      }
      throw error;
    }
  }

  /** A request forwarded by another process; answered only while this process still owns the account. */
  async #answer(request: unknown): Promise<ForwardReply> {
    if (!isForwardRequest(request)) return { error: { code: ErrorCode.VALIDATION_ERROR, message: 'not a forwarded account request' } };
    const local = this.#owned();
    if (local === undefined) return { error: errorToWire(ownerUnavailable(this.id, 'its owner is stepping down')) };
    if (COMMANDS.has(request.method)) {
      const status = local.connectionStatus();
      if (status.status !== ConnectionStatus.Connected) {
        return { error: errorToWire(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `the ${this.brokerKind} broker of account ${this.id} is not connected${status.message ? `: ${status.message}` : ''}`)) };
      }
    }
    try {
      return { ok: valueToWire(request.method, await this.#runLocal(local, request.method, request.args)) };
    } catch (error) {
      return { error: errorToWire(error) };
    }
  }
}
