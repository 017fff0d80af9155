/**
 * An `AccountStore` in memory: the same contract as the durable stores (commits on a later turn, pages newest
 * first, first versions keep the idempotency facts), for tests, tools and the conformance suite.
 */
import type { Execution, Order } from '@trading-pro/contracts';
import type {
  AccountSnapshot,
  AccountStore,
  ClientOrderRecord,
  ExecutionQuery,
  JournalRecord,
  JournalRoute,
  OrderQuery,
  Page,
  StoredEvent,
} from './account-store.ts';

interface OrderRow {
  order: Order;
  readonly firstSeq: number;
  requestKey: string | undefined;
  rejectCode: string | undefined;
}

interface AccountData {
  readonly records: JournalRecord[];
  readonly orders: Map<string, OrderRow>;
  readonly clientOrders: Map<string, string>;
  readonly executions: { readonly seq: number; readonly execution: Execution }[];
  readonly executionIds: Set<string>;
  snapshot: AccountSnapshot | undefined;
}

export class MemoryAccountStore implements AccountStore {
  readonly #accounts = new Map<string, AccountData>();

  #account(accountId: string): AccountData {
    let data = this.#accounts.get(accountId);
    if (data === undefined) {
      data = { records: [], orders: new Map(), clientOrders: new Map(), executions: [], executionIds: new Set(), snapshot: undefined };
      this.#accounts.set(accountId, data);
    }
    return data;
  }

  async append(accountId: string, events: readonly StoredEvent[], time: number, expectedLastSeq?: number): Promise<JournalRecord[]> {
    // Serialize first, as a database would: a value that cannot be stored fails the whole append.
    const encoded = events.map((event) => ({ event, data: JSON.stringify(event.data), state: event.state === undefined ? undefined : JSON.stringify(event.state) }));
    await Promise.resolve();
    const account = this.#account(accountId);
    let seq = account.records.at(-1)?.seq ?? 0;
    if (expectedLastSeq !== undefined && expectedLastSeq !== seq) {
      throw new Error(`refused: decided after seq ${expectedLastSeq}, but the journal of ${accountId} ends at ${seq} (an earlier append failed)`);
    }
    const records: JournalRecord[] = [];
    for (const { event, data, state } of encoded) {
      seq += 1;
      const record: JournalRecord =
        state === undefined
          ? { accountId, seq, time, route: event.route, data: JSON.parse(data) as unknown }
          : { accountId, seq, time, route: event.route, data: JSON.parse(data) as unknown, state: JSON.parse(state) as unknown };
      records.push(record);
      account.records.push(record);
      this.#project(account, event, seq);
    }
    return records;
  }

  #project(account: AccountData, event: StoredEvent, seq: number): void {
    if (event.route === 'orders') {
      const order = event.data;
      const row = account.orders.get(order.id);
      if (row === undefined) {
        account.orders.set(order.id, { order, firstSeq: seq, requestKey: event.requestKey, rejectCode: event.rejectCode });
      } else {
        row.order = order;
        row.requestKey ??= event.requestKey;
        row.rejectCode ??= event.rejectCode;
      }
      if (order.clientOrderId !== undefined && !account.clientOrders.has(order.clientOrderId)) account.clientOrders.set(order.clientOrderId, order.id);
    } else if (event.route === 'executions' && !account.executionIds.has(event.data.id)) {
      account.executionIds.add(event.data.id);
      account.executions.push({ seq, execution: event.data });
    }
  }

  async read(accountId: string, afterSeq: number, options: { readonly routes?: readonly JournalRoute[]; readonly limit?: number; readonly upToSeq?: number } = {}): Promise<JournalRecord[]> {
    const routes = options.routes === undefined ? undefined : new Set(options.routes);
    const upTo = options.upToSeq ?? Number.MAX_SAFE_INTEGER;
    const out = this.#account(accountId).records.filter((r) => r.seq > afterSeq && r.seq <= upTo && (routes === undefined || routes.has(r.route)));
    const limited = options.limit === undefined ? out : out.slice(0, options.limit);
    return routes === undefined ? limited : limited.map(({ state: _state, ...data }) => data);
  }

  async lastSeq(accountId: string): Promise<number> {
    return this.#account(accountId).records.at(-1)?.seq ?? 0;
  }

  async saveSnapshot(accountId: string, snapshot: AccountSnapshot): Promise<void> {
    const data: unknown = JSON.parse(snapshot.json ?? JSON.stringify(snapshot.data));
    this.#account(accountId).snapshot = { seq: snapshot.seq, time: snapshot.time, data };
  }

  async loadSnapshot(accountId: string): Promise<AccountSnapshot | undefined> {
    return this.#account(accountId).snapshot;
  }

  async orders(accountId: string, query: OrderQuery): Promise<Page<Order>> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before);
    const rows = [...this.#account(accountId).orders.values()]
      .filter((row) => row.firstSeq < before && (query.status === undefined || row.order.status === query.status) && (query.symbol === undefined || row.order.symbol === query.symbol))
      .sort((a, b) => b.firstSeq - a.firstSeq);
    return page(rows, query.limit, (row) => row.order, (row) => String(row.firstSeq));
  }

  async order(accountId: string, orderId: string): Promise<Order | undefined> {
    return this.#account(accountId).orders.get(orderId)?.order;
  }

  async clientOrder(accountId: string, clientOrderId: string): Promise<ClientOrderRecord | undefined> {
    const account = this.#account(accountId);
    const id = account.clientOrders.get(clientOrderId);
    const row = id === undefined ? undefined : account.orders.get(id);
    if (row === undefined) return undefined;
    return {
      orderId: row.order.id,
      status: row.order.status,
      ...(row.requestKey === undefined ? {} : { requestKey: row.requestKey }),
      ...(row.rejectCode === undefined ? {} : { rejectCode: row.rejectCode }),
      ...(row.order.rejectReason === undefined ? {} : { rejectReason: row.order.rejectReason }),
    };
  }

  async executions(accountId: string, query: ExecutionQuery): Promise<Page<Execution>> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before);
    const rows = this.#account(accountId)
      .executions.filter((row) => row.seq < before && row.execution.symbol === query.symbol)
      .reverse();
    return page(rows, query.limit, (row) => row.execution, (row) => String(row.seq));
  }

  async hasExecution(accountId: string, executionId: string): Promise<boolean> {
    return this.#account(accountId).executionIds.has(executionId);
  }
}

function page<R, T>(rows: readonly R[], limit: number, item: (row: R) => T, cursor: (row: R) => string): Page<T> {
  const items = rows.slice(0, limit).map(item);
  const last = rows[limit - 1];
  return rows.length > limit && last !== undefined ? { items, next: cursor(last) } : { items };
}
