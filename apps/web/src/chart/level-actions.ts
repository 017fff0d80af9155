/** What dragging a chart level or pressing its ✕ does, through the same store commands as the tables; every move can be undone. */
import type { ChartLevel, LevelTarget } from './levels.ts';
import { formatPrice } from '../lib/format.ts';
import { useAlertsStore } from '../stores/alerts.ts';
import { useMarketStore } from '../stores/market.ts';
import { useNotificationsStore } from '../stores/notifications.ts';
import { useTradingStore } from '../stores/trading.ts';
import { useTradeActions } from '../composables/use-trade-actions.ts';

// Failures are already reported as toasts by the trading store.
const ignore = (): void => undefined;
/** The last chart move, for the undo hotkey (one chart per page). */
let lastUndo: (() => void) | null = null;

export function useLevelActions() {
  const trading = useTradingStore();
  const market = useMarketStore();
  const notes = useNotificationsStore();
  const alerts = useAlertsStore();
  const actions = useTradeActions();

  async function applyPrice(target: LevelTarget, price: number | null): Promise<boolean> {
    switch (target.kind) {
      case 'order':
        if (price === null) return false;
        await trading.modifyOrder(target.orderId, target.field === 'limitPrice' ? { limitPrice: price } : { stopPrice: price });
        return true;
      case 'order-bracket':
        await trading.modifyOrder(target.orderId, target.field === 'takeProfit' ? { takeProfit: price } : { stopLoss: price });
        return true;
      case 'position-bracket':
        // Only the dragged leg is sent: the other one stays exactly as it is.
        await trading.editBrackets(target.positionId, target.field === 'takeProfit' ? { takeProfit: price } : { stopLoss: price });
        return true;
      default:
        return false;
    }
  }

  /** Moves a level to `price`; the toast offers Undo (as does the undo hotkey). */
  async function move(level: ChartLevel, price: number): Promise<void> {
    const before = level.price;
    if (price === before) return;
    const done = await applyPrice(level.target, price).catch(() => false);
    if (!done) return;
    const tick = market.tickSize;
    const undo = () => {
      lastUndo = null;
      void applyPrice(level.target, before).catch(ignore);
    };
    lastUndo = undo;
    notes.push('info', `${level.title} moved to ${formatPrice(price, tick)}`, `Was ${formatPrice(before, tick)} (${level.owner}).`, { label: 'Undo', run: undo });
  }

  /** The ✕ of a level: cancel the order, remove that bracket leg, close the position, or delete the alert. */
  async function remove(level: ChartLevel): Promise<void> {
    const target = level.target;
    if (target.kind === 'order') {
      const order = trading.orders[target.orderId];
      if (order !== undefined) await actions.cancelOrder(order);
    } else if (target.kind === 'order-bracket' || target.kind === 'position-bracket') {
      await applyPrice(target, null).catch(ignore);
    } else if (target.kind === 'position') {
      const position = trading.positions[target.positionId];
      if (position !== undefined) await actions.closePosition(position);
    } else if (target.kind === 'alert') {
      alerts.remove(target.alertId);
    }
  }

  return { move, remove };
}

/** Undoes the last chart move (the undo hotkey). */
export function undoLastChartMove(): void {
  lastUndo?.();
}
