/**
 * Producers for the account routes: committed events of one account, filtered by route (and symbol for
 * executions), with their seq. Equity also follows the market through the account's shared marks (not journal
 * events: no seq, so a resuming client never mistakes them for one). broker-connection starts every subscriber
 * with the current status.
 */
import type { WsRoute } from '@trading-pro/contracts';
import type { JournalRecord } from '@trading-pro/brokers';
import type { AccountHandle } from '../accounts/account-handle.ts';
import type { Emit, Producer } from './topics.ts';

/** Does a journaled record belong to a subscription of `route` with `params`? */
export function matchesRoute(record: JournalRecord, route: WsRoute, params: Readonly<Record<string, unknown>>): boolean {
  if (record.route !== route) return false;
  if (route === 'executions' && params.symbol !== undefined) return (record.data as { symbol?: string }).symbol === params.symbol;
  return true;
}

export function accountProducer(account: AccountHandle, route: WsRoute, params: Readonly<Record<string, unknown>>, emit: Emit): Producer {
  const unsubscribe = account.subscribe((record) => {
    if (matchesRoute(record, route, params)) emit(record.data, record.seq);
  });
  if (route === 'broker-connection') return { stop: unsubscribe, snapshot: () => account.connectionStatus() };
  if (route !== 'equity') return { stop: unsubscribe };
  const stopMarks = account.marks((equity) => emit(equity));
  return {
    stop() {
      stopMarks();
      unsubscribe();
    },
  };
}
