/**
 * Liquidation: when equity falls below the maintenance margin of the open positions, positions are closed
 * whole, largest loss first, by ordinary market orders marked `liquidation` (visible in orders and executions),
 * until the positions left are covered. Working orders of a liquidated symbol are canceled first.
 */
import { OrderStatus, isFinalStatus } from '@trading-pro/contracts';
import type { EngineCore } from './core.ts';
import { submitMarket } from './placement.ts';

/** Symbols with a liquidation order still working (they are not liquidated twice). */
function liquidating(core: EngineCore): Set<string> {
  const symbols = new Set<string>();
  for (const order of core.state.orders.values()) {
    if (order.liquidation === true && order.status === OrderStatus.Working) symbols.add(order.symbol);
  }
  return symbols;
}

export function liquidateIfNeeded(core: EngineCore, time: number): void {
  const state = core.state;
  if (!core.liquidation || state.positions.size === 0) return;
  if (core.surelyAboveMaintenance()) return;
  if (core.equity() >= core.maintenanceMargin()) return;
  const busy = liquidating(core);
  const candidates = [...state.positions.values()]
    .filter((position) => !busy.has(position.symbol) && state.books.get(position.symbol)?.quote !== undefined)
    .map((position) => ({ position, pl: core.unrealizedPLOf(position.symbol) }))
    .sort((a, b) => (a.pl < b.pl ? -1 : a.pl > b.pl ? 1 : 0));
  for (const { position } of candidates) {
    if (core.equity() >= core.maintenanceMargin(busy)) return;
    const symbol = position.symbol;
    for (const id of [...state.orders.keys()]) {
      const order = state.orders.get(id);
      if (order === undefined || order.symbol !== symbol || order.liquidation === true || isFinalStatus(order.status)) continue;
      core.cancel(order, time, 'liquidation: equity below maintenance margin');
    }
    const current = state.positions.get(symbol);
    if (current === undefined) continue;
    busy.add(symbol);
    submitMarket(core, symbol, current.side === 1 ? -1 : 1, current.qty < 0n ? -current.qty : current.qty, time, { reduceOnly: true, liquidation: true });
  }
}
