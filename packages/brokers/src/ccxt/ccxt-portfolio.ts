/**
 * Positions and account state from the venue. Spot: every non-zero base-asset balance with a market against
 * the account's quote currency is a long position valued at the last price, with its entry price from our
 * fills (or the last price for holdings we never saw bought). Swap: the venue's positions.
 */
import type { Balances } from 'ccxt';
import { FIXED_ZERO, Side, fromFixed, mulFixed, toFixed, type Fixed, type Position } from '@trading-pro/contracts';
import type { CcxtClient } from './ccxt-client.ts';
import { parseCcxtPosition } from './ccxt-parse.ts';
import { marketOf } from './market-rules.ts';
import type { OrderLedger } from './order-ledger.ts';

export interface AccountFigures {
  readonly balance: number;
  readonly equity: number;
  readonly unrealizedPL: number;
  readonly realizedPL: number;
  readonly marginUsed: number;
  readonly buyingPower: number;
}

export interface PortfolioSnapshot {
  readonly positions: Position[];
  readonly figures: AccountFigures;
}

export async function fetchPortfolio(client: CcxtClient, ledger: OrderLedger, quote: string, now: number): Promise<PortfolioSnapshot> {
  const balances = await client.read((exchange) => exchange.fetchBalance());
  return client.options.market === 'spot' ? spotPortfolio(client, ledger, balances, quote, now) : swapPortfolio(client, ledger, balances, quote, now);
}

async function spotPortfolio(client: CcxtClient, ledger: OrderLedger, balances: Balances, quote: string, now: number): Promise<PortfolioSnapshot> {
  const cash = amountOf(balances, 'total', quote);
  const positions: Position[] = [];
  let cost = FIXED_ZERO;
  let unrealized = FIXED_ZERO;
  for (const [currency, total] of Object.entries(balances.total ?? {})) {
    const symbol = `${currency}/${quote}`;
    if (currency === quote || !(Number(total) > 0) || marketOf(client.exchange, symbol) === undefined) continue;
    const ticker = await client.read((exchange) => exchange.fetchTicker(symbol));
    const last = ticker.last ?? ticker.close ?? 0;
    const basis = ledger.basis(symbol);
    const avgPrice = basis !== undefined && basis.qty > 0 ? basis.avgPrice : last;
    const qty = toFixed(Number(total));
    const pl = mulFixed(toFixed(last) - toFixed(avgPrice), qty);
    cost += mulFixed(toFixed(avgPrice), qty);
    unrealized += pl;
    positions.push({ id: symbol, symbol, qty: fromFixed(qty), side: Side.Buy, avgPrice, pl: fromFixed(pl), updateTime: now });
  }
  const balance = cash + cost;
  return {
    positions,
    figures: {
      balance: fromFixed(balance),
      equity: fromFixed(balance + unrealized),
      unrealizedPL: fromFixed(unrealized),
      realizedPL: ledger.realizedPL(),
      marginUsed: 0,
      buyingPower: fromFixed(amountOf(balances, 'free', quote)),
    },
  };
}

async function swapPortfolio(client: CcxtClient, ledger: OrderLedger, balances: Balances, quote: string, now: number): Promise<PortfolioSnapshot> {
  const raw = await client.read((exchange) => exchange.fetchPositions());
  const positions = raw.map((position) => parseCcxtPosition(position, now)).filter((position): position is Position => position !== undefined);
  let unrealized = FIXED_ZERO;
  let margin = FIXED_ZERO;
  for (const position of raw) {
    if (parseCcxtPosition(position, now) === undefined) continue;
    unrealized += toFixed(position.unrealizedPnl ?? 0);
    margin += toFixed(position.initialMargin ?? position.collateral ?? 0);
  }
  const cash = client.spec.cashBalance?.(balances.info, quote);
  const wallet = cash === undefined ? amountOf(balances, 'total', quote) : toFixed(cash);
  return {
    positions,
    figures: {
      balance: fromFixed(wallet),
      equity: fromFixed(wallet + unrealized),
      unrealizedPL: fromFixed(unrealized),
      realizedPL: ledger.realizedPL(),
      marginUsed: fromFixed(margin),
      buyingPower: fromFixed(amountOf(balances, 'free', quote)),
    },
  };
}

function amountOf(balances: Balances, kind: 'total' | 'free', currency: string): Fixed {
  const table = balances[kind] as unknown as Record<string, number | undefined> | undefined;
  const value = table?.[currency];
  return value === undefined || !Number.isFinite(value) ? FIXED_ZERO : toFixed(value);
}
