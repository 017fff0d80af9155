/** What the screen looked like last time, kept per browser: manager tab, chart resolution, ticket choices, panel sizes. */
import { defineStore } from 'pinia';
import { reactive, watch } from 'vue';
import { loadStored, saveStored } from '../lib/persisted.ts';

const STORAGE_KEY = 'trading-pro.layout';

export interface Layout {
  managerTab: string;
  resolution: string;
  ticketSide: number;
  ticketType: number;
  ticketDuration: string;
  /** Height of the account manager in CSS px (desktop layouts). */
  managerHeight: number;
  watchlist: string[];
  recent: string[];
}

export const DEFAULT_WATCHLIST = ['BTCUSD', 'ETHUSD', 'AAPL', 'SPY', 'EURUSD'];

export const useLayoutStore = defineStore('layout', () => {
  const layout = reactive<Layout>(
    loadStored<Layout>(STORAGE_KEY, {
      managerTab: 'positions',
      resolution: '1',
      ticketSide: 1,
      ticketType: 2,
      ticketDuration: 'GTC',
      managerHeight: 260,
      watchlist: [...DEFAULT_WATCHLIST],
      recent: [],
    }),
  );
  watch(layout, (value) => saveStored(STORAGE_KEY, value), { deep: true });

  function addRecent(symbol: string): void {
    layout.recent = [symbol, ...layout.recent.filter((known) => known !== symbol)].slice(0, 8);
  }

  return { layout, addRecent };
});
