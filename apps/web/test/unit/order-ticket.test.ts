/** The order ticket: validation against the instrument's lot and tick, stepping, sizes per symbol, guards, and the preview step before sending. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { OrderStatus, OrderType, Side } from '@trading-pro/sdk';
import OrderTicket from '../../src/components/order-ticket.vue';
import { baseUnit } from '../../src/lib/sizes.ts';
import { useMarketStore } from '../../src/stores/market.ts';
import { useSessionStore } from '../../src/stores/session.ts';
import { useSettingsStore } from '../../src/stores/settings.ts';
import { useTicketStore } from '../../src/stores/ticket.ts';
import { useTradingStore } from '../../src/stores/trading.ts';
import { eventually, startOfflineTerminal, type OfflineTerminal } from '../support/offline-terminal.ts';

let terminal: OfflineTerminal;
let wrapper: VueWrapper;

async function mountTicket(): Promise<VueWrapper> {
  wrapper = mount(OrderTicket, { global: { plugins: [terminal.pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function type(selector: string, value: string): Promise<void> {
  await wrapper.get(selector).setValue(value);
}

function dialog() {
  return document.body.querySelector('[role="dialog"]');
}

beforeEach(async () => {
  terminal = await startOfflineTerminal('BTCUSD');
});

afterEach(() => {
  wrapper?.unmount();
  terminal.close();
  document.body.innerHTML = '';
});

describe('order ticket', () => {
  it('refuses a quantity off the lot step and names the step', async () => {
    await mountTicket();
    const { qtyStep } = useMarketStore();
    await type('#ticket-qty', String(qtyStep * 1.5));
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#ticket-qty-error').text()).toContain('lot step');
    expect(wrapper.get('#ticket-qty').attributes('aria-invalid')).toBe('true');
    expect(dialog()).toBeNull();
  });

  it('refuses a limit price off the tick and a take-profit on the wrong side of the entry', async () => {
    await mountTicket();
    await wrapper.get('#ticket-type').setValue(String(OrderType.Limit));
    await type('#ticket-limit', '50000.005');
    await type('#ticket-tp', '40000');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#ticket-limit-error').text()).toContain('tick');
    await type('#ticket-limit', '50000');
    await flushPromises();
    expect(wrapper.find('#ticket-limit-error').exists()).toBe(false);
    expect(wrapper.get('#ticket-tp-error').text()).toContain('above the entry price 50,000.00');
  });

  it('prefills a limit price on the tick and steps it by one tick', async () => {
    await mountTicket();
    const market = useMarketStore();
    await wrapper.get('#ticket-type').setValue(String(OrderType.Limit));
    await flushPromises();
    const input = wrapper.get<HTMLInputElement>('#ticket-limit');
    const start = Number(input.element.value);
    expect(start).toBeGreaterThan(0);
    expect(input.element.value).toBe(start.toFixed(2));
    await wrapper.get('#ticket-limit').element.closest('.stepper')?.querySelector<HTMLButtonElement>('[data-step="up"]')?.click();
    await flushPromises();
    expect(Number(input.element.value)).toBeCloseTo(start + market.tickSize, 8);
    await input.trigger('keydown', { key: 'ArrowDown' });
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(Number(input.element.value)).toBeCloseTo(start - market.tickSize, 8);
  });

  it('steps the quantity by a useful increment on the lot, never below the minimum', async () => {
    await mountTicket();
    const market = useMarketStore();
    const unit = baseUnit(market.quote?.lp, { qtyStep: market.qtyStep, minQty: market.minQty });
    const stepper = wrapper.get('#ticket-qty').element.closest('.stepper');
    await type('#ticket-qty', String(market.minQty));
    stepper?.querySelector<HTMLButtonElement>('[data-step="down"]')?.click();
    await flushPromises();
    expect(Number(wrapper.get<HTMLInputElement>('#ticket-qty').element.value)).toBe(market.minQty);
    stepper?.querySelector<HTMLButtonElement>('[data-step="up"]')?.click();
    await flushPromises();
    expect(Number(wrapper.get<HTMLInputElement>('#ticket-qty').element.value)).toBeCloseTo(market.minQty + unit, 10);
  });

  it('starts each symbol from its own size: a size never carries over to another symbol', async () => {
    await mountTicket();
    const market = useMarketStore();
    const ticket = useTicketStore();
    await market.selectSymbol('EURUSD');
    await flushPromises();
    await type('#ticket-qty', '100000');
    useSettingsStore().rememberSize('EURUSD', 100000);
    await market.selectSymbol('BTCUSD');
    await flushPromises();
    expect(ticket.draft.qty).toBeLessThan(1);
    await market.selectSymbol('EURUSD');
    await flushPromises();
    expect(ticket.draft.qty).toBe(100000);
  });

  it('refuses an order above the maximum order value before sending it', async () => {
    await mountTicket();
    await type('#ticket-qty', '100000');
    await flushPromises();
    expect(wrapper.get('[data-testid="ticket-value-error"]').text()).toContain('above your maximum');
    expect(wrapper.get('[data-testid="ticket-submit"]').attributes('disabled')).toBeDefined();
  });

  it('prefills take-profit and stop-loss as offsets from the entry, with reward and risk', async () => {
    await mountTicket();
    const ticket = useTicketStore();
    const market = useMarketStore();
    const checks = wrapper.findAll('input[type="checkbox"]').filter((box) => box.attributes('role') !== 'switch');
    await checks[0]?.setValue(true);
    await checks[1]?.setValue(true);
    await flushPromises();
    const ask = market.quote?.ask ?? 0;
    expect(ticket.draft.takeProfit).toBeGreaterThan(ask);
    expect(ticket.draft.stopLoss).toBeLessThan(ask);
    expect(wrapper.get('[data-testid="ticket-reward"]').text()).toMatch(/Reward \+[\d,.]+ USD \(\+1\.\d\d%\)/);
    expect(wrapper.get('[data-testid="ticket-risk"]').text()).toMatch(/Risk -[\d,.]+ USD/);
    ticket.draft.side = Side.Sell;
    await flushPromises();
    expect(ticket.draft.takeProfit).toBeLessThan(market.quote?.bid ?? 0);
  });

  it('warns that a buy stop below the ask triggers at once', async () => {
    await mountTicket();
    const market = useMarketStore();
    await wrapper.get('#ticket-type').setValue(String(OrderType.Stop));
    await type('#ticket-stop', String(Math.floor((market.quote?.ask ?? 0) - 100)));
    await flushPromises();
    expect(wrapper.get('[data-testid="ticket-warnings"]').text()).toContain('triggers at once');
  });

  it('previews margin and buying power after, then sends the order on confirm', async () => {
    await mountTicket();
    await type('#ticket-qty', '0.5');
    await wrapper.get('form').trigger('submit');
    await eventually(() => expect(dialog()).not.toBeNull());
    expect(dialog()?.textContent).toContain('Buying power after');
    expect(dialog()?.textContent).toContain('Buy 0.5 BTCUSD Market');
    expect(useTradingStore().orderList).toHaveLength(0);

    const send = [...(dialog()?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.includes('Send order'));
    send?.click();
    await eventually(() => expect(useTradingStore().orderList.map((order) => order.status)).toContain(OrderStatus.Filled));
    expect(useTradingStore().orderList[0]?.qty).toBe(0.5);
    await eventually(() => expect(dialog()).toBeNull());
  });

  it('closes the preview with Escape without sending', async () => {
    await mountTicket();
    await wrapper.get('form').trigger('submit');
    await eventually(() => expect(dialog()).not.toBeNull());
    dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await eventually(() => expect(dialog()).toBeNull());
    expect(useTradingStore().orderList).toHaveLength(0);
  });

  it('disables Send order and focuses Cancel while the preview has a blocking error', async () => {
    useSettingsStore().settings.maxOrderValue = 0;
    await mountTicket();
    await type('#ticket-qty', '1000');
    await wrapper.get('form').trigger('submit');
    await eventually(() => expect(dialog()).not.toBeNull());
    await eventually(() => expect(dialog()?.querySelector('[data-testid="preview-errors"]')).not.toBeNull());
    const send = [...(dialog()?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.includes('Send order'));
    expect(send?.disabled).toBe(true);
    await eventually(() => expect(document.activeElement?.textContent?.trim()).toBe('Cancel'));
  });

  it('shows the rejection reason when the broker refuses the order in one-click mode', async () => {
    useSettingsStore().settings.maxOrderValue = 0;
    useSettingsStore().oneClick = true;
    await mountTicket();
    await type('#ticket-qty', '1000');
    await wrapper.get('form').trigger('submit');
    await eventually(() => expect(wrapper.find('[data-testid="ticket-error"]').exists()).toBe(true));
    expect(dialog()).toBeNull();
    expect(wrapper.get('[data-testid="ticket-error"]').attributes('role')).toBe('alert');
    expect(wrapper.get('[data-testid="ticket-error"]').text().length).toBeGreaterThan(10);
  });

  it('hides what the broker cannot do', async () => {
    const session = useSessionStore();
    const config = session.brokerConfig;
    if (config === null) throw new Error('broker config not loaded');
    session.brokerConfig = { ...config, supportOrderBrackets: false, supportStopLimitOrders: false, supportPlaceOrderPreview: false };
    await mountTicket();
    expect(wrapper.find('#ticket-tp').exists()).toBe(false);
    expect(wrapper.findAll('#ticket-type option').map((option) => option.text())).toEqual(['Market', 'Limit', 'Stop']);
    expect(wrapper.get('[data-testid="ticket-submit"]').text()).toBe('Place');
  });
});
