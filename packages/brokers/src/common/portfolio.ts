/**
 * A venue's account report (positions and figures, read at the account's request budget) against the account
 * state: what changed for the books — a position opened, resized, re-priced or closed, cash or realized P&L —
 * becomes journal events; marks (P&L, equity at the last price) are served as the valuation without journaling.
 * Comparing with the committed state, not a copy of its own, means a report the journal refused is sent again.
 */
import type { EquityData, Position } from '@trading-pro/contracts';
import type { AccountView } from '../account/account-state.ts';
import type { BrokerEvent, Valuation } from '../broker.ts';

export type AccountFigures = Valuation['account'];

export function portfolioEvents(view: AccountView | undefined, positions: readonly Position[], figures: AccountFigures, now: number): BrokerEvent[] {
  const events: BrokerEvent[] = [];
  const seen = new Set<string>();
  for (const position of positions) {
    seen.add(position.id);
    const known = view?.position(position.id);
    if (known === undefined || known.qty !== position.qty || known.side !== position.side || known.avgPrice !== position.avgPrice) {
      events.push({ route: 'positions', data: position });
    }
  }
  for (const known of view?.positions() ?? []) {
    if (!seen.has(known.id)) events.push({ route: 'positions', data: { ...known, qty: 0, pl: 0, updateTime: now } });
  }
  const equity = view?.equity();
  if (equity === undefined || equity.balance !== figures.balance || equity.realizedPL !== figures.realizedPL) {
    events.push({ route: 'equity', data: equityOf(figures) });
  }
  return events;
}

export function equityOf(figures: AccountFigures): EquityData {
  const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = figures;
  return { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
}
