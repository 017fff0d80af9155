/** Price alerts, kept per browser: "BTCUSD at or above 70,000" fires once with a toast, a chime and a desktop notification. */
import { defineStore } from 'pinia';
import { computed, reactive, watch } from 'vue';
import type { Unsubscribe } from '@trading-pro/sdk';
import { chime, notifyDesktop } from '../lib/attention.ts';
import { loadStored, saveStored } from '../lib/persisted.ts';
import { useMarketStore } from './market.ts';
import { useNotificationsStore } from './notifications.ts';
import { useSessionStore } from './session.ts';
import { useSettingsStore } from './settings.ts';

export interface PriceAlert {
  readonly id: string;
  readonly symbol: string;
  readonly price: number;
  /** Fires when the last price reaches the level from below ('above') or from above ('below'). */
  readonly direction: 'above' | 'below';
  readonly triggeredAt?: number;
}

const STORAGE_KEY = 'trading-pro.alerts';

export const useAlertsStore = defineStore('alerts', () => {
  const state = reactive(loadStored<{ alerts: PriceAlert[] }>(STORAGE_KEY, { alerts: [] }));
  watch(state, (value) => saveStored(STORAGE_KEY, value), { deep: true });
  const market = useMarketStore();
  const session = useSessionStore();
  const watches = new Map<string, Unsubscribe>();

  const active = computed(() => state.alerts.filter((alert) => alert.triggeredAt === undefined));

  watch(
    () => (session.client === null ? [] : [...new Set(active.value.map((alert) => alert.symbol))]),
    (symbols) => {
      for (const [symbol, stop] of watches) {
        if (!symbols.includes(symbol)) {
          stop();
          watches.delete(symbol);
        }
      }
      for (const symbol of symbols) if (!watches.has(symbol)) watches.set(symbol, market.watchQuote(symbol));
    },
    { immediate: true },
  );

  watch(
    () => market.quotes,
    (quotes) => {
      for (const alert of active.value) {
        const last = quotes[alert.symbol]?.lp;
        if (last === undefined) continue;
        if (alert.direction === 'above' ? last >= alert.price : last <= alert.price) fire(alert, last);
      }
    },
  );

  function fire(alert: PriceAlert, last: number): void {
    state.alerts = state.alerts.map((known) => (known.id === alert.id ? { ...known, triggeredAt: Date.now() } : known));
    const title = `Alert: ${alert.symbol} ${alert.direction === 'above' ? '≥' : '≤'} ${alert.price}`;
    const body = `Last price ${last}`;
    useNotificationsStore().push('warning', title, body);
    const { settings } = useSettingsStore();
    if (settings.sound) chime('alert');
    if (settings.desktop) notifyDesktop(title, body);
  }

  /** Adds an alert; its direction follows from where the price is now. */
  function add(symbol: string, price: number): PriceAlert {
    const last = market.quotes[symbol]?.lp;
    const alert: PriceAlert = { id: `A${Date.now().toString(36)}${state.alerts.length}`, symbol, price, direction: last !== undefined && price < last ? 'below' : 'above' };
    state.alerts = [...state.alerts, alert];
    return alert;
  }

  function remove(id: string): void {
    state.alerts = state.alerts.filter((alert) => alert.id !== id);
  }

  function stop(): void {
    for (const unsubscribe of watches.values()) unsubscribe();
    watches.clear();
  }

  return { state, active, add, remove, stop };
});
