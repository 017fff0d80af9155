/**
 * The order ticket's state and its one send path, shared by the ticket panel, the hotkeys and the chart: the draft,
 * its errors and warnings, the preview step (skipped in one-click mode), and what happened to the last send.
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';
import { OrderType, Side, type OrderPreview, type PreOrder, type TimeInForce } from '@trading-pro/sdk';
import { marketStatus, serverMarketStatus } from '../lib/market-hours.ts';
import { baseUnit } from '../lib/sizes.ts';
import { isOnStep, roundToStep } from '../lib/steps.ts';
import { bracketPrice, buyingPowerWarning, orderValueError, riskReward, ticketWarnings } from '../lib/ticket-checks.ts';
import { entryPrice, needsLimitPrice, needsStopPrice, toPreOrder, validateTicket, type InstrumentRules, type TicketDraft, type TicketErrors } from '../lib/ticket.ts';
import { useLayoutStore } from './layout.ts';
import { useMarketStore } from './market.ts';
import { useNotificationsStore } from './notifications.ts';
import { useSessionStore } from './session.ts';
import { useSettingsStore } from './settings.ts';
import { errorMessage, useTradingStore } from './trading.ts';

export interface TicketState {
  side: Side;
  type: OrderType;
  qty: number | null;
  limitPrice: number | null;
  stopPrice: number | null;
  duration: TimeInForce;
  takeProfitOn: boolean;
  takeProfit: number | null;
  stopLossOn: boolean;
  stopLoss: number | null;
}

const TYPES = [OrderType.Market, OrderType.Limit, OrderType.Stop, OrderType.StopLimit] as const;
const DURATIONS = ['GTC', 'DAY', 'IOC', 'FOK'] as const;

export const useTicketStore = defineStore('ticket', () => {
  const market = useMarketStore();
  const session = useSessionStore();
  const trading = useTradingStore();
  const { settings, rememberSize } = useSettingsStore();
  const { layout } = useLayoutStore();

  const draft = reactive<TicketState>({
    side: layout.ticketSide === Side.Sell ? Side.Sell : Side.Buy,
    type: (TYPES as readonly number[]).includes(layout.ticketType) ? (layout.ticketType as OrderType) : OrderType.Market,
    qty: null,
    limitPrice: null,
    stopPrice: null,
    duration: (DURATIONS as readonly string[]).includes(layout.ticketDuration) ? (layout.ticketDuration as TimeInForce) : 'GTC',
    takeProfitOn: false,
    takeProfit: null,
    stopLossOn: false,
    stopLoss: null,
  });
  const touched = ref(false);
  const failure = ref<string | null>(null);
  const preview = ref<OrderPreview | null>(null);
  const pendingOrder = ref<PreOrder | null>(null);
  const busy = ref(false);
  /** Bracket prices the user typed (not prefilled) are left alone when the entry moves. */
  const bracketEdited = reactive({ takeProfit: false, stopLoss: false });
  /** The size was set by the terminal (not typed), so it may be re-sized once the price is known. */
  const qtyAuto = ref(true);

  watch(
    () => [draft.side, draft.type, draft.duration] as const,
    ([side, type, duration]) => Object.assign(layout, { ticketSide: side, ticketType: type, ticketDuration: duration }),
  );

  const rules = computed<InstrumentRules>(() => ({ symbol: market.symbol, tickSize: market.tickSize, qtyStep: market.qtyStep, minQty: market.minQty }));
  const marketPrice = computed(() => (draft.side === Side.Buy ? market.quote?.ask : market.quote?.bid));
  const current = computed<TicketDraft>(() => ({
    side: draft.side,
    type: draft.type,
    qty: draft.qty,
    limitPrice: draft.limitPrice,
    stopPrice: draft.stopPrice,
    duration: draft.duration,
    takeProfit: draft.takeProfitOn ? draft.takeProfit : null,
    stopLoss: draft.stopLossOn ? draft.stopLoss : null,
  }));
  const entry = computed(() => entryPrice(current.value, marketPrice.value));
  const fieldErrors = computed(() => validateTicket(current.value, rules.value, marketPrice.value));
  const errors = computed<TicketErrors>(() => (touched.value ? fieldErrors.value : {}));
  const notional = computed(() => (entry.value === undefined || draft.qty === null || !Number.isFinite(draft.qty) ? undefined : entry.value * draft.qty));
  const currency = computed(() => session.account?.currency ?? '');
  /** An order over the configured maximum value is refused before it is sent. */
  const valueError = computed(() => orderValueError(notional.value, settings.maxOrderValue, currency.value));
  const warnings = computed(() => {
    const list = ticketWarnings(current.value, market.tickSize, { ...(market.quote ? { bid: market.quote.bid, ask: market.quote.ask } : {}) });
    const power = buyingPowerWarning(notional.value, trading.account?.buyingPower, currency.value);
    if (power !== undefined) list.push(power);
    const info = market.info;
    const now = Date.now();
    if (info !== null && !(serverMarketStatus([market.quote, info], now) ?? marketStatus(info.session, info.timezone, now)).open) {
      list.push(`${info.name}'s market is closed: the order works from the next open, and a market order fills at the opening price, not at the last one shown.`);
    }
    return list;
  });
  const reward = computed(() => riskReward(draft.side, entry.value, draft.qty, current.value.takeProfit, current.value.stopLoss));

  /** A price near the market to start from, on the tick: the near side for limits, the far side for stops. */
  function suggestedPrice(kind: 'limit' | 'stop'): number | null {
    const quote = market.quote;
    if (quote === undefined) return null;
    const buy = draft.side === Side.Buy;
    const price = kind === 'limit' ? (buy ? quote.bid : quote.ask) : buy ? quote.ask + market.tickSize * 10 : quote.bid - market.tickSize * 10;
    return roundToStep(price, market.tickSize);
  }

  function prefillBracket(kind: 'takeProfit' | 'stopLoss'): void {
    const from = entry.value;
    draft[kind] = from === undefined ? null : bracketPrice(kind, draft.side, from, market.tickSize);
    bracketEdited[kind] = false;
  }

  function defaultQty(): number {
    const remembered = settings.sizes[market.symbol];
    if (remembered !== undefined && remembered >= market.minQty && isOnStep(remembered, market.qtyStep)) return remembered;
    return baseUnit(market.quote?.lp, { qtyStep: market.qtyStep, minQty: market.minQty });
  }

  // A new symbol starts from its own size and fresh prices: nothing carries over from the last one.
  watch(
    () => [market.symbol, market.info] as const,
    () => {
      touched.value = false;
      failure.value = null;
      draft.qty = market.info === null ? null : defaultQty();
      qtyAuto.value = true;
      Object.assign(draft, { limitPrice: null, stopPrice: null, takeProfit: null, stopLoss: null, takeProfitOn: false, stopLossOn: false });
    },
  );
  // Until the first quote arrives the base unit is unknown; size it then (unless the user typed one).
  watch(
    () => market.quote !== undefined,
    (known) => {
      if (!known) return;
      if (draft.qty === null || qtyAuto.value) draft.qty = defaultQty();
      if (needsLimitPrice(draft.type) && draft.limitPrice === null) draft.limitPrice = suggestedPrice('limit');
      if (needsStopPrice(draft.type) && draft.stopPrice === null) draft.stopPrice = suggestedPrice('stop');
    },
  );
  watch(
    () => draft.type,
    (type) => {
      if (needsLimitPrice(type) && draft.limitPrice === null) draft.limitPrice = suggestedPrice('limit');
      if (needsStopPrice(type) && draft.stopPrice === null) draft.stopPrice = suggestedPrice('stop');
    },
  );
  watch(
    () => draft.takeProfitOn,
    (on) => {
      if (on && (draft.takeProfit === null || !bracketEdited.takeProfit)) prefillBracket('takeProfit');
    },
  );
  watch(
    () => draft.stopLossOn,
    (on) => {
      if (on && (draft.stopLoss === null || !bracketEdited.stopLoss)) prefillBracket('stopLoss');
    },
  );
  // Brackets the user has not typed follow a change of side or entry type, so they stay on the right side.
  watch(
    () => [draft.side, draft.type, draft.limitPrice, draft.stopPrice] as const,
    () => {
      if (draft.takeProfitOn && !bracketEdited.takeProfit) prefillBracket('takeProfit');
      if (draft.stopLossOn && !bracketEdited.stopLoss) prefillBracket('stopLoss');
    },
  );
  // A failure from before an outage no longer describes the ticket once the connection is back.
  watch(
    () => session.reconnects,
    () => {
      failure.value = null;
    },
  );

  if (market.info !== null) draft.qty = defaultQty();
  if (needsLimitPrice(draft.type)) draft.limitPrice = suggestedPrice('limit');
  if (needsStopPrice(draft.type)) draft.stopPrice = suggestedPrice('stop');

  function setQty(value: number | null): void {
    draft.qty = value;
    qtyAuto.value = false;
  }

  function editBracket(kind: 'takeProfit' | 'stopLoss', value: number | null): void {
    draft[kind] = value;
    bracketEdited[kind] = true;
  }

  async function send(order: PreOrder): Promise<boolean> {
    busy.value = true;
    try {
      await trading.placeOrder(order);
      failure.value = null;
      rememberSize(order.symbol, order.qty);
      return true;
    } catch (error) {
      failure.value = errorMessage(error);
      return false;
    } finally {
      busy.value = false;
      preview.value = null;
      pendingOrder.value = null;
    }
  }

  /** Validates, then previews (or sends at once in one-click mode). Returns false when the draft is not sendable. */
  async function submit(): Promise<boolean> {
    if (busy.value) return false;
    touched.value = true;
    failure.value = null;
    if (!session.canTrade) {
      failure.value = 'Order NOT sent: the terminal is not connected to the server.';
      // A hotkey may fire while the ticket is out of sight (phones): say it where it is seen.
      useNotificationsStore().push('error', 'Order NOT sent', 'The terminal is not connected to the server.');
      return false;
    }
    if (Object.keys(fieldErrors.value).length > 0) return false;
    if (valueError.value !== undefined) {
      failure.value = valueError.value;
      return false;
    }
    const order = toPreOrder(current.value, rules.value);
    if (!settings.confirmPlace || !session.can('supportPlaceOrderPreview')) return send(order);
    busy.value = true;
    try {
      preview.value = await trading.previewOrder(order);
      pendingOrder.value = order;
    } catch (error) {
      failure.value = `Preview failed, order NOT sent: ${errorMessage(error)}`;
    } finally {
      busy.value = false;
    }
    return true;
  }

  /** A market order of the ticket's size on `side` (the Buy and Sell hotkeys). */
  async function quickOrder(side: Side): Promise<boolean> {
    draft.side = side;
    draft.type = OrderType.Market;
    return submit();
  }

  /** A limit or stop order at a chart price, through the same preview or one-click path. */
  async function orderAt(side: Side, type: OrderType, price: number): Promise<boolean> {
    draft.side = side;
    draft.type = type;
    if (type === OrderType.Limit) draft.limitPrice = price;
    else draft.stopPrice = price;
    return submit();
  }

  function confirmPreview(): void {
    if (pendingOrder.value !== null && !(preview.value?.errors?.length ?? 0)) void send(pendingOrder.value);
  }

  function cancelPreview(): void {
    preview.value = null;
    pendingOrder.value = null;
  }

  return {
    draft,
    touched,
    failure,
    preview,
    pendingOrder,
    busy,
    rules,
    marketPrice,
    current,
    entry,
    errors,
    fieldErrors,
    notional,
    valueError,
    warnings,
    reward,
    editBracket,
    setQty,
    submit,
    quickOrder,
    orderAt,
    confirmPreview,
    cancelPreview,
  };
});
