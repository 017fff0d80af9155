/** The brackets dialog starts from the live legs and sends only what changed; an outage disables trading and says NOT sent. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { OrderStatus, OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import PositionBracketsDialog from '../../src/components/position-brackets-dialog.vue';
import { useSessionStore } from '../../src/stores/session.ts';
import { useTicketStore } from '../../src/stores/ticket.ts';
import { useTradingStore } from '../../src/stores/trading.ts';
import { startOfflineTerminal, type OfflineTerminal } from '../support/offline-terminal.ts';

let terminal: OfflineTerminal;

beforeEach(async () => {
  terminal = await startOfflineTerminal('BTCUSD');
});

afterEach(() => {
  terminal.close();
  document.body.innerHTML = '';
});

const position: Position = { id: 'BTCUSD', symbol: 'BTCUSD', qty: 0.01, side: Side.Buy, avgPrice: 65000, pl: 0, updateTime: 1 };
const leg = (id: string, type: OrderType, price: number): Order => ({
  id,
  symbol: 'BTCUSD',
  type,
  side: Side.Sell,
  qty: 0.01,
  status: OrderStatus.Working,
  filledQty: 0,
  commission: 0,
  createTime: 1,
  updateTime: 1,
  parentId: 'BTCUSD',
  parentType: ParentType.Position,
  ...(type === OrderType.Limit ? { limitPrice: price } : { stopPrice: price }),
});

describe('brackets dialog', () => {
  it('opens with the live take-profit and stop-loss, and a new take-profit leaves the stop-loss alone', async () => {
    const trading = useTradingStore();
    // The position as a stream update carries it: without its brackets, which live in the child orders.
    trading.orders = { O2: leg('O2', OrderType.Limit, 70000), O3: leg('O3', OrderType.Stop, 60000) };
    const wrapper = mount(PositionBracketsDialog, { props: { position }, global: { plugins: [terminal.pinia] }, attachTo: document.body });
    await flushPromises();
    const takeProfit = document.body.querySelector<HTMLInputElement>('#brackets-tp');
    const stopLoss = document.body.querySelector<HTMLInputElement>('#brackets-sl');
    expect(takeProfit?.value).toBe('70000.00');
    expect(stopLoss?.value).toBe('60000.00');

    if (takeProfit === null) throw new Error('no take-profit field');
    takeProfit.value = '71000';
    takeProfit.dispatchEvent(new Event('input'));
    document.body.querySelector<HTMLFormElement>('#position-brackets form')?.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(wrapper.emitted('save')?.[0]).toEqual([{ takeProfit: 71000 }]);
    wrapper.unmount();
  });
});

describe('outage', () => {
  it('disables trading while the stream reconnects, and a send says NOT sent', async () => {
    const session = useSessionStore();
    const ticket = useTicketStore();
    expect(session.canTrade).toBe(true);
    // As a server-backed client whose socket dropped.
    session.offline = false;
    session.streamState = 'reconnecting';
    expect(session.outage).toBe('Reconnecting');
    expect(session.canTrade).toBe(false);
    expect(await ticket.submit()).toBe(false);
    expect(ticket.failure).toContain('NOT sent');
    expect(useTradingStore().orderList).toHaveLength(0);
  });
});
