/**
 * The account's live trading state: orders, positions, executions and account figures, loaded from REST
 * snapshots and kept current by the WebSocket streams; commands go through the SDK and report in toasts.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
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
import { formatPrice, formatQty } from '../lib/format.ts';
import { isActiveOrder, sideLabel } from '../lib/labels.ts';
import { useMarketStore } from './market.ts';
import { useNotificationsStore } from './notifications.ts';
import { useSessionStore } from './session.ts';

const MAX_EXECUTIONS = 500;

/** The human reason of a failed command: the server's message (a 422 carries the rejection reason). */
export function errorMessage(error: unknown): string {
  if (isTradingProError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export const useTradingStore = defineStore('trading', () => {
  const orders = ref<Record<string, Order>>({});
  const positions = ref<Record<string, Position>>({});
  const executions = ref<Execution[]>([]);
  const account = ref<Account | null>(null);
  const loaded = ref(false);
  const stops: Unsubscribe[] = [];
  // Fills and rejections already announced (a resumed stream replays events; each is announced once).
  const announced = new Set<string>();
  let accountTimer: ReturnType<typeof setTimeout> | undefined;

  const orderList = computed(() => Object.values(orders.value).sort((a, b) => b.createTime - a.createTime || b.id.localeCompare(a.id)));
  const workingOrders = computed(() => orderList.value.filter(isActiveOrder));
  const historyOrders = computed(() => orderList.value.filter((order) => !isActiveOrder(order)));
  const positionList = computed(() => Object.values(positions.value).sort((a, b) => a.symbol.localeCompare(b.symbol)));

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
      useNotificationsStore().push('success', 'Order filled', formatFill(execution));
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
    const lists = await Promise.all([...new Set(symbols)].map((symbol) => client().broker.executions(symbol).catch(() => [] as Execution[])));
    const byId = new Map(executions.value.map((execution) => [execution.id, execution]));
    for (const execution of lists.flat()) byId.set(execution.id, execution);
    for (const id of byId.keys()) announced.add(`fill:${id}`);
    executions.value = [...byId.values()].sort((a, b) => b.time - a.time).slice(0, MAX_EXECUTIONS);
  }

  /** Replaces the state with REST snapshots (at start and after every reconnect). */
  async function refresh(): Promise<void> {
    const broker = client().broker;
    const [orderList, positionList, accountNow] = await Promise.all([broker.orders(), broker.positions(), broker.account()]);
    for (const order of orderList) if (order.status === OrderStatus.Rejected) announced.add(`reject:${order.id}`);
    orders.value = Object.fromEntries(orderList.map((order) => [order.id, order]));
    positions.value = Object.fromEntries(positionList.map((position) => [position.id, position]));
    account.value = accountNow;
    const traded = orderList.filter((order) => order.filledQty > 0).map((order) => order.symbol);
    await loadExecutions([...traded, ...positionList.map((position) => position.symbol)]);
    loaded.value = true;
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
      useNotificationsStore().push('error', title, errorMessage(error));
      throw error;
    }
  }

  const placeOrder = (order: PreOrder) => command(`Order rejected: ${sideLabel(order.side)} ${order.symbol}`, () => client().broker.placeOrder(order));
  const previewOrder = (order: PreOrder): Promise<OrderPreview> => client().broker.previewOrder(order);
  const modifyOrder = (id: string, changes: ModifyOrder) => command('Modify failed', () => client().broker.modifyOrder(id, changes), `Order ${id} modified`);
  const cancelOrder = (id: string) => command('Cancel failed', () => client().broker.cancelOrder(id), `Order ${id} canceled`);
  const cancelAll = () => command('Cancel all failed', () => client().broker.cancelOrders({}));
  const closePosition = (id: string, amount?: number) => command('Close failed', () => client().broker.closePosition(id, amount));
  const reversePosition = (id: string) => command('Reverse failed', () => client().broker.reversePosition(id));
  const editBrackets = (id: string, brackets: PositionBrackets) =>
    command('Brackets not saved', () => client().broker.editPositionBrackets(id, brackets), `Brackets of ${id} saved`);

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
