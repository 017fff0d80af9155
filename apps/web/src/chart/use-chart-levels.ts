/** The levels the chart draws for the charted symbol, from the stores: orders and position, the ticket's draft, price alerts; and the position's live P&L note. */
import { computed } from 'vue';
import { chartLevels, draftLevels, type ChartLevel } from './levels.ts';
import { formatQty, formatSignedMoney } from '../lib/format.ts';
import { useAlertsStore } from '../stores/alerts.ts';
import { useMarketStore } from '../stores/market.ts';
import { usePnlStore } from '../stores/pnl.ts';
import { useSessionStore } from '../stores/session.ts';
import { useTicketStore } from '../stores/ticket.ts';
import { useTradingStore } from '../stores/trading.ts';

export function useChartLevels() {
  const market = useMarketStore();
  const trading = useTradingStore();
  const ticket = useTicketStore();
  const alerts = useAlertsStore();
  const pnl = usePnlStore();
  const session = useSessionStore();
  const qtyText = (qty: number) => formatQty(qty, market.qtyStep);

  const levels = computed<ChartLevel[]>(() => {
    const position = trading.positions[market.symbol];
    const own = chartLevels({
      symbol: market.symbol,
      orders: trading.workingOrders,
      position,
      positionBrackets: position === undefined ? {} : trading.bracketsOf(position),
      qtyText,
    });
    const d = ticket.draft;
    const draft = draftLevels({
      side: d.side,
      type: d.type,
      qtyText: d.qty === null ? '' : qtyText(d.qty),
      limitPrice: d.limitPrice,
      stopPrice: d.stopPrice,
      takeProfit: d.takeProfitOn ? d.takeProfit : null,
      stopLoss: d.stopLossOn ? d.stopLoss : null,
    });
    const alertLevels = alerts.active
      .filter((alert) => alert.symbol === market.symbol)
      .map<ChartLevel>((alert) => ({
        key: `alert:${alert.id}`,
        price: alert.price,
        kind: 'alert',
        title: `Alert ${alert.direction === 'above' ? '≥' : '≤'}`,
        owner: 'a price alert',
        dashed: true,
        draggable: false,
        target: { kind: 'alert', alertId: alert.id },
      }));
    return [...own, ...draft, ...alertLevels];
  });

  /** Extra text per level: the position's live P&L, from the same source as the tables. */
  const notes = computed(() => {
    const position = trading.positions[market.symbol];
    const out: Record<string, string> = {};
    if (position !== undefined) out.position = `${formatSignedMoney(pnl.plOf(position))} ${session.account?.currency ?? ''}`;
    return out;
  });

  return { levels, notes, qtyText };
}
