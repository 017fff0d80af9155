/** Market data for the terminal: the selected symbol and its instrument rules, the chart resolution, live quotes. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QuoteData, QuoteValues, SearchResult, SymbolInfo, Unsubscribe } from '@trading-pro/sdk';
import { useLayoutStore } from './layout.ts';
import { useSessionStore } from './session.ts';

export const RESOLUTIONS = ['1', '5', '15', '60', '1D'] as const;
const STORAGE_KEY = 'trading-pro.symbol';

function storedSymbol(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'BTCUSD';
  } catch {
    return 'BTCUSD';
  }
}

export const useMarketStore = defineStore('market', () => {
  const symbol = ref(storedSymbol());
  const info = ref<SymbolInfo | null>(null);
  const infos = ref<Record<string, SymbolInfo>>({});
  const layout = useLayoutStore().layout;
  const resolution = ref<string>((RESOLUTIONS as readonly string[]).includes(layout.resolution) ? layout.resolution : '1');
  const quotes = ref<Record<string, QuoteValues>>({});
  const symbolError = ref<string | null>(null);
  const watches = new Map<string, { count: number; stop: Unsubscribe }>();

  const quote = computed<QuoteValues | undefined>(() => quotes.value[symbol.value]);
  const tickSize = computed(() => info.value?.tickSize ?? 0.01);
  const qtyStep = computed(() => info.value?.qtyStep ?? 1);
  const minQty = computed(() => info.value?.minQty ?? qtyStep.value);

  function applyQuote(data: QuoteData): void {
    if (data.s === 'ok') quotes.value = { ...quotes.value, [data.n]: data.v };
  }

  /** Follows a symbol's quotes; returns the function that stops following (reference-counted). */
  function watchQuote(name: string): Unsubscribe {
    const session = useSessionStore();
    const client = session.requireClient();
    const existing = watches.get(name);
    if (existing !== undefined) existing.count += 1;
    else {
      watches.set(name, { count: 1, stop: client.stream.quotes(name, applyQuote) });
      client.datafeed.quotes([name]).then((list) => list.forEach(applyQuote), () => undefined);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const watch = watches.get(name);
      if (watch === undefined) return;
      watch.count -= 1;
      if (watch.count === 0) {
        watch.stop();
        watches.delete(name);
      }
    };
  }

  /** Instrument rules of any symbol (cached), for rows of other symbols in the tables. */
  async function symbolInfo(name: string): Promise<SymbolInfo> {
    const cached = infos.value[name];
    if (cached !== undefined) return cached;
    const loaded = await useSessionStore().requireClient().datafeed.resolveSymbol(name);
    infos.value = { ...infos.value, [name]: loaded };
    return loaded;
  }

  async function selectSymbol(name: string): Promise<void> {
    try {
      const loaded = await symbolInfo(name);
      info.value = loaded;
      symbol.value = loaded.name;
      symbolError.value = null;
      globalThis.localStorage?.setItem(STORAGE_KEY, loaded.name);
      useLayoutStore().addRecent(loaded.name);
    } catch (error) {
      symbolError.value = error instanceof Error ? error.message : String(error);
      if (info.value === null && name !== 'BTCUSD') await selectSymbol('BTCUSD');
    }
  }

  async function search(query: string): Promise<SearchResult[]> {
    return useSessionStore().requireClient().datafeed.search({ query, limit: 20 });
  }

  function setResolution(next: string): void {
    resolution.value = next;
    layout.resolution = next;
  }

  function stopAll(): void {
    for (const watch of watches.values()) watch.stop();
    watches.clear();
  }

  return { symbol, info, infos, resolution, quotes, quote, tickSize, qtyStep, minQty, symbolError, watchQuote, symbolInfo, selectSymbol, search, setResolution, stopAll };
});
