/** The account manager's tables: orders with tick-aligned prices and actions, positions with live P&L, executions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { OrderStatus, OrderType, Side, type Order } from '@trading-pro/sdk';
import AccountManager from '../../src/components/account-manager.vue';
import OrdersTable from '../../src/components/orders-table.vue';
import PositionsTable from '../../src/components/positions-table.vue';
import { useMarketStore } from '../../src/stores/market.ts';
import { useTradingStore } from '../../src/stores/trading.ts';
import { eventually, startOfflineTerminal, type OfflineTerminal } from '../support/offline-terminal.ts';

let terminal: OfflineTerminal;

beforeEach(async () => {
  terminal = await startOfflineTerminal('BTCUSD');
});

afterEach(() => {
  terminal.close();
  document.body.innerHTML = '';
});

const working: Order = {
  id: 'O7',
  symbol: 'BTCUSD',
  type: OrderType.Limit,
  side: Side.Buy,
  qty: 0.25,
  status: OrderStatus.Working,
  limitPrice: 61234.5,
  filledQty: 0,
  commission: 0,
  createTime: Date.UTC(2026, 0, 2, 3, 4, 5),
  updateTime: Date.UTC(2026, 0, 2, 3, 4, 5),
};

describe('orders table', () => {
  it('shows prices on the tick with grouped thousands and emits modify and cancel', async () => {
    const wrapper = mount(OrdersTable, { props: { orders: [working], mode: 'working', canModify: true }, global: { plugins: [terminal.pinia] } });
    await flushPromises();
    const row = wrapper.get('tr[data-order-id="O7"]');
    expect(row.get('[data-col="limit"]').text()).toBe('61,234.50');
    expect(row.text()).toContain('0.25');
    expect(row.text()).toContain('2026-01-02 03:04:05');
    await row.findAll('button').find((button) => button.text() === 'Modify')?.trigger('click');
    await row.findAll('button').find((button) => button.text() === 'Cancel')?.trigger('click');
    expect(wrapper.emitted('modify')?.[0]).toEqual([working]);
    expect(wrapper.emitted('cancel')?.[0]).toEqual([working]);
  });

  it('shows the rejection reason in the history', () => {
    const rejected: Order = { ...working, id: 'O8', status: OrderStatus.Rejected, rejectReason: 'not enough buying power' };
    const wrapper = mount(OrdersTable, { props: { orders: [rejected], mode: 'history' }, global: { plugins: [terminal.pinia] } });
    const row = wrapper.get('tr[data-order-id="O8"]');
    expect(row.get('[data-col="status"]').text()).toBe('Rejected');
    expect(row.text()).toContain('not enough buying power');
    expect(row.find('button').exists()).toBe(false);
  });

  it('says so when there are no orders', () => {
    const wrapper = mount(OrdersTable, { props: { orders: [], mode: 'working' }, global: { plugins: [terminal.pinia] } });
    expect(wrapper.text()).toContain('No working orders');
  });
});

describe('positions table', () => {
  it('shows a bought position whose P&L follows the market, and emits close', async () => {
    const trading = useTradingStore();
    await trading.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.5 });
    await eventually(() => expect(trading.positionList).toHaveLength(1));
    const wrapper = mount(PositionsTable, { props: { positions: trading.positionList }, global: { plugins: [terminal.pinia] } });
    await flushPromises();
    const row = () => wrapper.get('tr[data-symbol="BTCUSD"]');
    expect(row().get('[data-col="qty"]').text()).toBe('0.5');

    const market = useMarketStore();
    const readings = new Set<string>();
    for (let i = 0; i < 20 && readings.size < 2; i += 1) {
      terminal.client.tick();
      await eventually(() => expect(market.quotes.BTCUSD).toBeDefined());
      await flushPromises();
      readings.add(row().get('[data-col="pl"]').text());
    }
    expect(readings.size).toBeGreaterThan(1);
    for (const reading of readings) expect(reading).toMatch(/^[+-]?[\d,]+\.\d{2}$/);

    await row().findAll('button').find((button) => button.text() === 'Close')?.trigger('click');
    expect(wrapper.emitted('close')?.[0]?.[0]).toMatchObject({ symbol: 'BTCUSD' });
  });
});

describe('account manager', () => {
  it('closes a position from its row and the row goes away', async () => {
    const trading = useTradingStore();
    await trading.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.5 });
    await eventually(() => expect(trading.positionList).toHaveLength(1));
    const wrapper = mount(AccountManager, { global: { plugins: [terminal.pinia] }, attachTo: document.body });
    await flushPromises();
    await wrapper.get('tr[data-symbol="BTCUSD"]').findAll('button').find((button) => button.text() === 'Close')?.trigger('click');
    await eventually(() => expect(trading.positionList).toHaveLength(0));
    await flushPromises();
    expect(wrapper.text()).toContain('No open positions');
    wrapper.unmount();
  });

  it('modifies a working limit order through the dialog, then cancels it', async () => {
    const trading = useTradingStore();
    const market = useMarketStore();
    const bid = market.quotes.BTCUSD?.bid ?? 0;
    const price = Math.round(bid * 0.9);
    const { orderId } = await trading.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.1, limitPrice: price });
    await eventually(() => expect(trading.workingOrders.map((order) => order.id)).toContain(orderId));
    const wrapper = mount(AccountManager, { global: { plugins: [terminal.pinia] }, attachTo: document.body });
    await wrapper.get('#tab-working').trigger('click');
    const buttonOf = (label: string) => wrapper.get(`tr[data-order-id="${orderId}"]`).findAll('button').find((button) => button.text() === label);
    await buttonOf('Modify')?.trigger('click');
    // The dialog is loaded on demand.
    await eventually(() => expect(document.body.querySelector('#modify-limit')).not.toBeNull());
    const input = document.body.querySelector<HTMLInputElement>('#modify-limit');
    if (input === null) throw new Error('the modify dialog has no limit price');
    input.value = String(price - 100);
    input.dispatchEvent(new Event('input'));
    document.body.querySelector<HTMLFormElement>('[role="dialog"] form')?.dispatchEvent(new Event('submit'));
    await eventually(() => expect(trading.orders[orderId]?.limitPrice).toBe(price - 100));

    await buttonOf('Cancel')?.trigger('click');
    await eventually(() => expect(trading.orders[orderId]?.status).toBe(OrderStatus.Canceled));
    await flushPromises();
    expect(wrapper.text()).toContain('No working orders');
    wrapper.unmount();
  });
});
