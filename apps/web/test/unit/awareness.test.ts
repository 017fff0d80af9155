/** Awareness: price alerts fire once, everything announced lands in the log, the watchlist shows live prices, the market status names the next open. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import WatchList from '../../src/components/watch-list.vue';
import { useAlertsStore } from '../../src/stores/alerts.ts';
import { useMarketStore } from '../../src/stores/market.ts';
import { useNotificationsStore } from '../../src/stores/notifications.ts';
import { useSettingsStore } from '../../src/stores/settings.ts';
import { eventually, startOfflineTerminal, type OfflineTerminal } from '../support/offline-terminal.ts';

let terminal: OfflineTerminal;

beforeEach(async () => {
  terminal = await startOfflineTerminal('BTCUSD');
  useSettingsStore().settings.sound = false;
});

afterEach(() => {
  useAlertsStore().stop();
  terminal.close();
  document.body.innerHTML = '';
});

describe('price alerts', () => {
  it('fires once when the price reaches the level from below, with a toast and a log entry', async () => {
    const market = useMarketStore();
    const alerts = useAlertsStore();
    const notes = useNotificationsStore();
    const quote = market.quotes.BTCUSD;
    if (quote === undefined) throw new Error('no BTCUSD quote');
    const alert = alerts.add('BTCUSD', Math.round(quote.lp + 100));
    expect(alert.direction).toBe('above');

    market.quotes = { ...market.quotes, BTCUSD: { ...quote, lp: quote.lp + 50 } };
    await flushPromises();
    expect(alerts.active.map((entry) => entry.id)).toContain(alert.id);

    market.quotes = { ...market.quotes, BTCUSD: { ...quote, lp: quote.lp + 150 } };
    await flushPromises();
    expect(alerts.active.map((entry) => entry.id)).not.toContain(alert.id);
    expect(notes.toasts.map((toast) => toast.title)).toContain(`Alert: BTCUSD ≥ ${alert.price}`);

    market.quotes = { ...market.quotes, BTCUSD: { ...quote, lp: quote.lp + 160 } };
    await flushPromises();
    expect(notes.entries.filter((entry) => entry.title.startsWith('Alert: BTCUSD'))).toHaveLength(1);
  });
});

describe('watchlist', () => {
  it('lists the default symbols with live prices and charts one on click', async () => {
    const wrapper = mount(WatchList, { global: { plugins: [terminal.pinia] }, attachTo: document.body });
    terminal.client.tick();
    await eventually(() => expect(wrapper.findAll('tbody tr').length).toBeGreaterThanOrEqual(3));
    await eventually(() => expect(wrapper.get('tr[data-symbol="ETHUSD"] [data-col="last"]').text()).toMatch(/^[\d,]+\.\d+$/));
    expect(wrapper.attributes('aria-labelledby')).toBe('watchlist-title');
    await wrapper.get('tr[data-symbol="ETHUSD"] button.sym').trigger('click');
    await eventually(() => expect(useMarketStore().symbol).toBe('ETHUSD'));
    wrapper.unmount();
  });
});
