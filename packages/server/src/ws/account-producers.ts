/**
 * Producers for the account routes: journaled events of one account from the bus, filtered by route
 * (and symbol for executions), with their seq. Equity also follows market moves, at most 4 times a second;
 * those values are not journal events, so they carry no seq (a resuming client never mistakes them for one).
 * broker-connection starts every subscriber with the current status.
 */
import type { EquityData, WsRoute } from '@trading-pro/contracts';
import type { AccountService } from '../accounts/account-service.ts';
import { accountSubject, type Bus } from '../bus/bus.ts';
import type { JournalRecord } from '../journal/journal.ts';
import type { Emit, Producer } from './topics.ts';

export const EQUITY_INTERVAL_MS = 250;

/** Does a journaled record belong to a subscription of `route` with `params`? */
export function matchesRoute(record: JournalRecord, route: WsRoute, params: Readonly<Record<string, unknown>>): boolean {
  if (record.route !== route) return false;
  if (route === 'executions' && params.symbol !== undefined) return (record.data as { symbol?: string }).symbol === params.symbol;
  return true;
}

export function accountProducer(bus: Bus, account: AccountService, route: WsRoute, params: Readonly<Record<string, unknown>>, emit: Emit): Producer {
  const unsubscribe = bus.subscribe<JournalRecord>(accountSubject(account.id), (record) => {
    if (matchesRoute(record, route, params)) emit(record.data, record.seq);
  });
  if (route === 'broker-connection') return { stop: unsubscribe, snapshot: () => account.broker.connectionStatus() };
  if (route !== 'equity') return { stop: unsubscribe };

  // Mark-to-market: unrealized P&L moves with every quote; poll the account and send only changes.
  let last = '';
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    account.broker
      .account()
      .then((a) => {
        const data: EquityData = { balance: a.balance, equity: a.equity, unrealizedPL: a.unrealizedPL, realizedPL: a.realizedPL };
        const key = JSON.stringify(data);
        if (key !== last) {
          last = key;
          emit(data);
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, EQUITY_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
