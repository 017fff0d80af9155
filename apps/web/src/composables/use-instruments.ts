/** Instrument rules (tick, lot) for any symbol shown in a table, loaded on demand and cached in the market store. */
import type { SymbolInfo } from '@trading-pro/sdk';
import { useMarketStore } from '../stores/market.ts';
import { useSessionStore } from '../stores/session.ts';

export interface Rules {
  readonly tickSize: number;
  readonly qtyStep: number;
  readonly minQty: number;
}

// Until a symbol's info arrives its numbers show with cents and up to 8 decimals of quantity.
const PROVISIONAL: Rules = { tickSize: 0.01, qtyStep: 0.00000001, minQty: 0.00000001 };

export function useInstruments(): { rulesOf(symbol: string): Rules } {
  const market = useMarketStore();
  const session = useSessionStore();
  const requested = new Set<string>();

  function rulesOf(symbol: string): Rules {
    const info: SymbolInfo | undefined = market.infos[symbol];
    if (info !== undefined) return info;
    if (!requested.has(symbol) && session.client !== null) {
      requested.add(symbol);
      market.symbolInfo(symbol).catch(() => undefined);
    }
    return PROVISIONAL;
  }

  return { rulesOf };
}
