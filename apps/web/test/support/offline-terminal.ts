/** Component-test setup: fresh Pinia stores running on the SDK's in-process offline client, with a manual clock of ticks. */
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { FallbackTradingClient } from '@trading-pro/sdk/fallback';
import { useMarketStore } from '../../src/stores/market.ts';
import { useSessionStore } from '../../src/stores/session.ts';
import { useTradingStore } from '../../src/stores/trading.ts';

export interface OfflineTerminal {
  readonly pinia: Pinia;
  readonly client: FallbackTradingClient;
  close(): void;
}

export async function startOfflineTerminal(symbol = 'BTCUSD'): Promise<OfflineTerminal> {
  // Settings and layout are kept per browser: every spec starts from a fresh one.
  globalThis.localStorage?.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  // Every reading of the clock moves it on a quarter second, like the live market's steps, so ticks move prices.
  let clock = Date.now();
  const client = new FallbackTradingClient({ tickMs: 0, now: () => (clock += 250) });
  const session = useSessionStore();
  await session.start(client);
  const market = useMarketStore();
  await market.selectSymbol(symbol);
  const stopQuote = market.watchQuote(symbol);
  const trading = useTradingStore();
  await trading.start(client.accountId);
  client.tick();
  return {
    pinia,
    client,
    close() {
      stopQuote();
      trading.stop();
      market.stopAll();
      session.stop();
    },
  };
}

/** Polls until `check` passes (returns without throwing), for state that arrives through async streams. */
export async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
