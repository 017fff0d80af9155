/**
 * One P&L source for the whole screen: each position's unrealized P&L at the live closing mark, its percent of the
 * cost, the header's total as the sum of the same rows, and the day P&L per symbol and in total.
 */
import { defineStore } from 'pinia';
import { computed, watch } from 'vue';
import type { Position, Unsubscribe } from '@trading-pro/sdk';
import { dayPL } from '../lib/day-pl.ts';
import { livePL } from '../lib/live-pl.ts';
import { tradingDayStart } from '../lib/market-hours.ts';
import { useMarketStore } from './market.ts';
import { useSessionStore } from './session.ts';
import { useTradingStore } from './trading.ts';

export const usePnlStore = defineStore('pnl', () => {
  const market = useMarketStore();
  const trading = useTradingStore();
  const session = useSessionStore();
  const watches = new Map<string, Unsubscribe>();

  const recentlyTraded = computed(() => {
    const since = Date.now() - 86_400_000;
    return trading.executions.filter((execution) => execution.time > since).map((execution) => execution.symbol);
  });
  // Follow the quotes of every open position (and of today's trades) so P&L moves with the market, whichever panel is shown.
  const followed = computed(() => (session.client === null ? [] : [...new Set([...trading.positionList.map((position) => position.symbol), ...recentlyTraded.value])]));
  watch(
    followed,
    (symbols) => {
      for (const symbol of symbols) if (market.infos[symbol] === undefined) market.symbolInfo(symbol).catch(() => undefined);
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

  function stop(): void {
    for (const unsubscribe of watches.values()) unsubscribe();
    watches.clear();
  }

  function plOf(position: Position): number {
    return livePL(position, market.quotes[position.symbol]);
  }

  /** P&L as a percent of what the position cost. */
  function plPercentOf(position: Position): number | undefined {
    const cost = position.avgPrice * position.qty;
    return cost > 0 ? (plOf(position) / cost) * 100 : undefined;
  }

  /** The sum of the rows, so header and table always agree. */
  const unrealizedPL = computed(() => Math.round(trading.positionList.reduce((total, position) => total + plOf(position), 0) * 100) / 100);

  function dayPLOf(symbol: string): number | undefined {
    const info = market.infos[symbol];
    const quote = market.quotes[symbol];
    if (info === undefined) return undefined;
    const start = tradingDayStart(info.session, info.timezone, Date.now());
    const position = trading.positions[symbol];
    const signed = position === undefined ? 0 : position.side === 1 ? position.qty : -position.qty;
    const mark = quote === undefined ? undefined : signed >= 0 ? quote.bid : quote.ask;
    return dayPL({
      position: signed,
      fills: trading.executions.filter((execution) => execution.symbol === symbol && execution.time >= start),
      mark,
      previousClose: quote?.prev_close_price,
    });
  }

  /** Day P&L over every symbol held or traded today; undefined until their prices are known. */
  const dayPLTotal = computed(() => {
    let total = 0;
    for (const symbol of followed.value) {
      const value = dayPLOf(symbol);
      if (value === undefined) return undefined;
      total += value;
    }
    return Math.round(total * 100) / 100;
  });

  return { plOf, plPercentOf, unrealizedPL, dayPLOf, dayPLTotal, stop };
});
