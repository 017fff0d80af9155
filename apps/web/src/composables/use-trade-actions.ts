/** Position and order actions with the confirmations the trader chose in Settings (close, reverse, cancel all, flatten). */
import type { Order, Position } from '@trading-pro/sdk';
import { formatQty } from '../lib/format.ts';
import { useConfirmStore } from '../stores/confirm.ts';
import { useMarketStore } from '../stores/market.ts';
import { useNotificationsStore } from '../stores/notifications.ts';
import { useSessionStore } from '../stores/session.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { useTradingStore } from '../stores/trading.ts';

// Failures are already reported as toasts by the trading store.
const ignore = (): void => undefined;

export function useTradeActions() {
  const trading = useTradingStore();
  const session = useSessionStore();
  const market = useMarketStore();
  const settings = useSettingsStore();
  const confirm = useConfirmStore();

  function describe(position: Position): string {
    const step = market.infos[position.symbol]?.qtyStep ?? 0.00000001;
    return `${position.side === 1 ? 'long' : 'short'} ${formatQty(position.qty, step)} ${position.symbol}`;
  }

  function guard(): boolean {
    if (session.canTrade) return true;
    useNotificationsStore().push('error', 'NOT sent: not connected', 'Trading is disabled until the connection is back.');
    return false;
  }

  async function closePosition(position: Position): Promise<void> {
    if (!guard()) return;
    if (settings.confirms('close') && !(await confirm.ask('Close position', `Close the ${describe(position)} position at market?`, 'Close position'))) return;
    await trading.closePosition(position.id).catch(ignore);
  }

  async function reversePosition(position: Position): Promise<void> {
    if (!guard()) return;
    if (settings.confirms('reverse') && !(await confirm.ask('Reverse position', `Reverse the ${describe(position)} position at market?`, 'Reverse position'))) return;
    await trading.reversePosition(position.id).catch(ignore);
  }

  async function cancelOrder(order: Order): Promise<void> {
    if (!guard()) return;
    await trading.cancelOrder(order.id).catch(ignore);
  }

  async function cancelAll(): Promise<void> {
    if (!guard() || trading.workingOrders.length === 0) return;
    const count = trading.workingOrders.length;
    if (settings.confirms('cancelAll') && !(await confirm.ask('Cancel all orders', `Cancel all ${count} working orders?`, 'Cancel all orders'))) return;
    await trading.cancelAll().catch(ignore);
  }

  async function flatten(): Promise<void> {
    if (!guard()) return;
    const positions = trading.positionList.length;
    const orders = trading.workingOrders.length;
    if (positions === 0 && orders === 0) {
      useNotificationsStore().push('info', 'Nothing to flatten');
      return;
    }
    if (settings.confirms('flatten') && !(await confirm.ask('Flatten all', `Cancel ${orders} working orders and close ${positions} positions at market?`, 'Flatten all'))) return;
    await trading.flattenAll().catch(ignore);
  }

  return { closePosition, reversePosition, cancelOrder, cancelAll, flatten };
}
