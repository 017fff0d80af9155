/**
 * The account's live trading state: orders, positions, executions and account figures, loaded from REST
 * snapshots and kept current by the WebSocket streams; commands go through the SDK and report in toasts.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  NETWORK_ERROR,
  OrderStatus,
  isTradingProError,
  type Account,
  type EquityData,
  type Execution,
  type ModifyOrder,
  type Order,
  type OrderPreview,
  type Position,
  type PositionBrackets,
  type PreOrder,
  type Unsubscribe,
} from '@trading-pro/sdk';
import { chime, notifyDesktop } from '../lib/attention.ts';
import { positionBrackets, type BracketLegs } from '../lib/brackets.ts';
import { formatPrice, formatQty } from '../lib/format.ts';
import { isActiveOrder, sideLabel } from '../lib/labels.ts';
import { useMarketStore } from './market.ts';
import { useNotificationsStore } from './notifications.ts';
import { useSessionStore } from './session.ts';
import { useSettingsStore } from './settings.ts';

const MAX_EXECUTIONS = 500;
/** Orders of any status loaded at start besides the working ones; older history stays on the server (paged). */
const RECENT_ORDERS = 500;

/** True when the request never got an answer from the server (nothing was placed, as far as the terminal can know). */
export function notReached(error: unknown): boolean {
  return isTradingProError(error) ? error.code === NETWORK_ERROR : error instanceof TypeError;
}

/** The human reason of a failed command: the server's message (a 422 carries the rejection reason). */
export function errorMessage(error: unknown): string {
  if (notReached(error)) return 'the server could not be reached';
  if (isTradingProError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

let clientOrderSeq = 0;

/** An idempotency key per order, so an order whose answer was lost can be found after a reconnect. */
function newClientOrderId(): string {
  clientOrderSeq += 1;
  return `web-${Date.now().toString(36)}-${clientOrderSeq.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export const useTradingStore = defineStore('trading', () => {
  const orders = ref<Record<string, Order>>({});
  const positions = ref<Record<string, Position>>({});
  const executions = ref<Execution[]>([]);
  const account = ref<Account | null>(null);
  const loaded = ref(false);
  const stops: Unsubscribe[] = [];
  /** Orders sent while the server could not be reached: looked up by client id after the next reconnect. */
  const unanswered = new Map<string, string>();
  // Fills and rejections already announced (a resumed stream replays events; each is announced once).
  const announced = new Set<string>();
  let accountTimer: ReturnType<typeof setTimeout> | undefined;

  const orderList = computed(() => Object.values(orders.value).sort((a, b) => b.createTime - a.createTime || b.id.localeCompare(a.id)));
  const workingOrders = computed(() => orderList.value.filter(isActiveOrder));
  const historyOrders = computed(() => orderList.value.filter((order) => !isActiveOrder(order)));
  const positionList = computed(() => Object.values(positions.value).sort((a, b) => a.symbol.localeCompare(b.symbol)));

  /** Take-profit and stop-loss of a position, from its live bracket orders. */
  function bracketsOf(position: Position): BracketLegs {
    return positionBrackets(position, workingOrders.value);
  }

  function client() {
    return useSessionStore().requireClient();
  }

  function formatFill(execution: Execution): string {
    const market = useMarketStore();
    const info = market.infos[execution.symbol];
    const qty = info ? formatQty(execution.qty, info.qtyStep) : String(execution.qty);
    const price = info ? formatPrice(execution.price, info.tickSize) : String(execution.price);
    return `${sideLabel(execution.side)} ${qty} ${execution.symbol} @ ${price}`;
  }

  function applyOrder(order: Order): void {
    const previous = orders.value[order.id];
    if (previous !== undefined && previous.updateTime > order.updateTime) return;
    orders.value = { ...orders.value, [order.id]: order };
    if (order.status === OrderStatus.Rejected && !announced.has(`reject:${order.id}`)) {
      announced.add(`reject:${order.id}`);
      useNotificationsStore().push('error', `Order rejected: ${sideLabel(order.side)} ${order.symbol}`, order.rejectReason ?? 'The broker rejected the order.');
    }
  }

  function applyPosition(position: Position): void {
    const next = { ...positions.value };
    if (position.qty === 0) delete next[position.id];
    else next[position.id] = position;
    positions.value = next;
    refreshAccountSoon();
  }

  function applyExecution(execution: Execution): void {
    if (executions.value.some((known) => known.id === execution.id)) return;
    executions.value = [execution, ...executions.value].sort((a, b) => b.time - a.time).slice(0, MAX_EXECUTIONS);
    if (!announced.has(`fill:${execution.id}`)) {
      announced.add(`fill:${execution.id}`);
      const text = formatFill(execution);
      useNotificationsStore().push('success', 'Order filled', text);
      const { settings } = useSettingsStore();
      if (settings.sound) chime('fill');
      if (settings.desktop) notifyDesktop('Order filled', text);
    }
    refreshAccountSoon();
  }

  function applyEquity(data: EquityData): void {
    if (account.value === null) return;
    account.value = { ...account.value, ...data };
  }

  /** Margin and buying power are not in equity updates: re-read the account shortly after trading events. */
  function refreshAccountSoon(): void {
    if (accountTimer !== undefined) return;
    accountTimer = setTimeout(() => {
      accountTimer = undefined;
      useSessionStore().client?.broker.account().then((next) => (account.value = next), () => undefined);
    }, 150);
  }

  async function loadExecutions(symbols: Iterable<string>): Promise<void> {
    if (!useSessionStore().can('supportExecutions')) return;
    // Newest first and paged: the first page holds all the table shows.
    const lists = await Promise.all([...new Set(symbols)].map((symbol) => client().broker.executionsPage(symbol, { limit: MAX_EXECUTIONS }).then((page) => page.items, () => [] as Execution[])));
    const byId = new Map(executions.value.map((execution) => [execution.id, execution]));
    for (const execution of lists.flat()) byId.set(execution.id, execution);
    for (const id of byId.keys()) announced.add(`fill:${id}`);
    executions.value = [...byId.values()].sort((a, b) => b.time - a.time).slice(0, MAX_EXECUTIONS);
  }

  /** Replaces the state with REST snapshots (at start and after every reconnect). */
  async function refresh(): Promise<void> {
    const broker = client().broker;
    // Every working order (following the cursor) and the newest of the rest: a long history stays on the server.
    const [orderList, positionList, accountNow] = await Promise.all([broker.workingAndRecentOrders(RECENT_ORDERS), broker.positions(), broker.account()]);
    for (const order of orderList) if (order.status === OrderStatus.Rejected) announced.add(`reject:${order.id}`);
    orders.value = Object.fromEntries(orderList.map((order) => [order.id, order]));
    positions.value = Object.fromEntries(positionList.map((position) => [position.id, position]));
    account.value = accountNow;
    const traded = orderList.filter((order) => order.filledQty > 0).map((order) => order.symbol);
    await loadExecutions([...traded, ...positionList.map((position) => position.symbol)]);
    loaded.value = true;
    reportUnanswered(orderList);
  }

  /** After a reconnect: say whether each order sent during the outage reached the server after all. */
  function reportUnanswered(list: readonly Order[]): void {
    for (const [clientOrderId, label] of unanswered) {
      const found = list.find((order) => order.clientOrderId === clientOrderId);
      unanswered.delete(clientOrderId);
      if (found !== undefined) useNotificationsStore().push('warning', `Order ${found.id} was placed after all`, `${label}: the server received it before the connection dropped.`);
    }
  }

  /** Positions and orders again, for changes the stream does not publish (bracket edits on some servers). */
  async function reloadPositionsAndOrders(): Promise<void> {
    const broker = client().broker;
    const [orderList, positionList] = await Promise.all([broker.workingAndRecentOrders(RECENT_ORDERS), broker.positions()]);
    orders.value = Object.fromEntries(orderList.map((order) => [order.id, order]));
    positions.value = Object.fromEntries(positionList.map((position) => [position.id, position]));
  }

  /** Loads the snapshots and follows the account's streams. */
  async function start(accountId: string): Promise<void> {
    stop();
    const stream = client().stream;
    stops.push(
      stream.orders(accountId, applyOrder),
      stream.positions(accountId, applyPosition),
      stream.executions(accountId, applyExecution),
      stream.equity(accountId, applyEquity),
    );
    await refresh();
  }

  function stop(): void {
    for (const unsubscribe of stops.splice(0)) unsubscribe();
    clearTimeout(accountTimer);
    accountTimer = undefined;
  }

  /** Runs a command; a failure becomes an error toast (with the server's reason) and rethrows for the caller. */
  async function command<T>(title: string, run: () => Promise<T>, success?: string): Promise<T> {
    try {
      const result = await run();
      if (success !== undefined) useNotificationsStore().push('info', success);
      return result;
    } catch (error) {
      const orderId = isTradingProError(error) ? error.orderId : undefined;
      if (orderId !== undefined) {
        if (announced.has(`reject:${orderId}`)) throw error;
        announced.add(`reject:${orderId}`);
      }
      useNotificationsStore().push('error', notReached(error) ? `${title}: NOT sent` : title, errorMessage(error));
      throw error;
    }
  }

  async function placeOrder(order: PreOrder) {
    const label = `${sideLabel(order.side)} ${order.qty} ${order.symbol}`;
    const sent = { ...order, clientOrderId: order.clientOrderId ?? newClientOrderId() };
    if (!useSessionStore().canTrade) {
      useNotificationsStore().push('error', `Order NOT sent: ${label}`, 'The terminal is not connected to the server.');
      throw new Error('Order NOT sent: the terminal is not connected to the server.');
    }
    try {
      return await client().broker.placeOrder(sent);
    } catch (error) {
      if (notReached(error)) {
        unanswered.set(sent.clientOrderId, label);
        useNotificationsStore().push('error', `Order NOT sent: ${label}`, 'The server could not be reached; nothing was placed. Check the connection and send again.');
        throw new Error('Order NOT sent: the server could not be reached.', { cause: error });
      }
      const orderId = isTradingProError(error) ? error.orderId : undefined;
      if (orderId === undefined || !announced.has(`reject:${orderId}`)) {
        if (orderId !== undefined) announced.add(`reject:${orderId}`);
        useNotificationsStore().push('error', `Order rejected: ${sideLabel(order.side)} ${order.symbol}`, errorMessage(error));
      }
      throw error;
    }
  }

  /** Cancels every working order, then closes every position. */
  async function flattenAll(): Promise<void> {
    await command('Flatten failed', async () => {
      if (workingOrders.value.length > 0) await client().broker.cancelOrders({});
      const open = Object.values(positions.value);
      const results = await Promise.allSettled(open.map((position) => client().broker.closePosition(position.id)));
      const failed = results.filter((result) => result.status === 'rejected');
      if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
    }, 'Flattened: orders canceled, positions closed');
  }
  const previewOrder = (order: PreOrder): Promise<OrderPreview> => client().broker.previewOrder(order);
  const modifyOrder = (id: string, changes: ModifyOrder) => command('Modify failed', () => client().broker.modifyOrder(id, changes), `Order ${id} modified`);
  const cancelOrder = (id: string) => command('Cancel failed', () => client().broker.cancelOrder(id), `Order ${id} canceled`);
  const cancelAll = () => command('Cancel all failed', () => client().broker.cancelOrders({}));
  const closePosition = (id: string, amount?: number) => command('Close failed', () => client().broker.closePosition(id, amount));
  const reversePosition = (id: string) => command('Reverse failed', () => client().broker.reversePosition(id));
  async function editBrackets(id: string, brackets: PositionBrackets): Promise<void> {
    await command('Brackets not saved', () => client().broker.editPositionBrackets(id, brackets), `Brackets of ${id} saved`);
    // Not every server publishes the position after a bracket edit: read it back so the table is right either way.
    await reloadPositionsAndOrders().catch(() => undefined);
  }

  return {
    orders,
    positions,
    executions,
    account,
    loaded,
    orderList,
    workingOrders,
    historyOrders,
    positionList,
    start,
    stop,
    refresh,
    bracketsOf,
    flattenAll,
    placeOrder,
    previewOrder,
    modifyOrder,
    cancelOrder,
    cancelAll,
    closePosition,
    reversePosition,
    editBrackets,
  };
});
