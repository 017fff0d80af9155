/**
 * `trading-pro account | orders [list|place|cancel] | positions [list|close]`: a running server's account from the
 * shell, through the SDK (`TRADING_PRO_URL` = the server root, `TRADING_PRO_TOKEN`, `TRADING_PRO_ACCOUNT`).
 * Prints aligned text (full order ids), or JSON with `--json`; a refused request is one line on stderr and exit 1.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { OrderStatus, OrderType, Side, TradingProClient, isTradingProError, type Order, type Position, type PreOrder } from '@trading-pro/sdk';

export const CLIENT_USAGE = `  account                        the account: id, balance, equity, buying power
  orders [list] [--status N]     orders, newest first (--limit N, default 50)
  orders place --symbol S --side buy|sell --qty Q [--type market|limit|stop|stop-limit]
               [--limit-price P] [--stop-price P] [--client-order-id ID]
  orders cancel ORDER_ID         cancel a working order
  positions [list]               open positions
  positions close SYMBOL [--amount Q]
                                 close a position, or Q of it
  (client commands: TRADING_PRO_URL, default http://127.0.0.1:8000; TRADING_PRO_TOKEN; --json for JSON)`;

/** A mistake in the command line itself: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Env = Readonly<Record<string, string | undefined>>;
type Out = (line: string) => void;

const SIDES: Readonly<Record<string, Side>> = { buy: Side.Buy, '1': Side.Buy, sell: Side.Sell, '-1': Side.Sell };
const TYPES: Readonly<Record<string, OrderType>> = {
  limit: OrderType.Limit,
  '1': OrderType.Limit,
  market: OrderType.Market,
  '2': OrderType.Market,
  stop: OrderType.Stop,
  '3': OrderType.Stop,
  'stop-limit': OrderType.StopLimit,
  '4': OrderType.StopLimit,
};

const nameOf = (members: Readonly<Record<string, number>>, value: number): string => Object.entries(members).find(([, v]) => v === value)?.[0] ?? String(value);

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

function orderRows(orders: readonly Order[]): string[] {
  const head = ['ID', 'SYMBOL', 'SIDE', 'TYPE', 'QTY', 'FILLED', 'PRICE', 'STATUS'];
  const rows = orders.map((o) => [
    o.id,
    o.symbol,
    nameOf(Side, o.side).toLowerCase(),
    nameOf(OrderType, o.type).toLowerCase(),
    String(o.qty),
    String(o.filledQty),
    String(o.avgPrice ?? o.limitPrice ?? o.stopPrice ?? ''),
    nameOf(OrderStatus, o.status).toLowerCase(),
  ]);
  return table([head, ...rows]);
}

function positionRows(positions: readonly Position[]): string[] {
  const rows = positions.map((p) => [p.symbol, nameOf(Side, p.side).toLowerCase(), String(p.qty), String(p.avgPrice), String(p.pl)]);
  return table([['SYMBOL', 'SIDE', 'QTY', 'AVG PRICE', 'P&L'], ...rows]);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`--${name} must be a number, not "${value}"`);
  return number;
}

type Values = Readonly<Record<string, string | boolean | undefined>>;

function parse(args: readonly string[], options: ParseArgsOptionsConfig): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options: { ...options, json: { type: 'boolean' } }, allowPositionals: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function preOrder(values: Values): PreOrder {
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const symbol = text('symbol');
  if (symbol === undefined) throw new UsageError('orders place needs --symbol');
  const sideText = text('side');
  const side = sideText === undefined ? undefined : SIDES[sideText.toLowerCase()];
  if (side === undefined) throw new UsageError('side must be 1 (buy) or -1 (sell)');
  const type = TYPES[(text('type') ?? 'market').toLowerCase()];
  if (type === undefined) throw new UsageError('type must be 1 (limit), 2 (market), 3 (stop) or 4 (stop-limit)');
  const qty = numberOption(text('qty'), 'qty');
  if (qty === undefined) throw new UsageError('orders place needs --qty');
  const limitPrice = numberOption(text('limit-price'), 'limit-price');
  const stopPrice = numberOption(text('stop-price'), 'stop-price');
  const clientOrderId = text('client-order-id');
  return {
    symbol,
    side,
    type,
    qty,
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
  };
}

async function orders(client: TradingProClient, args: readonly string[], out: Out): Promise<void> {
  const { values, positionals } = parse(args, {
    status: { type: 'string' },
    limit: { type: 'string' },
    symbol: { type: 'string' },
    side: { type: 'string' },
    qty: { type: 'string' },
    type: { type: 'string' },
    'limit-price': { type: 'string' },
    'stop-price': { type: 'string' },
    'client-order-id': { type: 'string' },
  });
  const [action = 'list', id] = positionals;
  const json = values.json === true;
  switch (action) {
    case 'list': {
      const status = numberOption(values.status as string | undefined, 'status') as OrderStatus | undefined;
      const limit = numberOption(values.limit as string | undefined, 'limit') ?? 50;
      const page = await client.broker.ordersPage({ limit, ...(status === undefined ? {} : { status }) });
      return json ? out(JSON.stringify(page.items)) : orderRows(page.items).forEach(out);
    }
    case 'place': {
      const result = await client.broker.placeOrder(preOrder(values));
      return out(json ? JSON.stringify(result) : `placed ${result.orderId}`);
    }
    case 'cancel': {
      if (id === undefined) throw new UsageError('orders cancel needs an order id');
      await client.broker.cancelOrder(id);
      return out(json ? JSON.stringify({ canceled: id }) : `canceled ${id}`);
    }
    default:
      throw new UsageError(`orders ${action}: expected list, place or cancel`);
  }
}

async function positions(client: TradingProClient, args: readonly string[], out: Out): Promise<void> {
  const { values, positionals } = parse(args, { amount: { type: 'string' } });
  const [action = 'list', symbol] = positionals;
  const json = values.json === true;
  switch (action) {
    case 'list': {
      const open = await client.broker.positions();
      return json ? out(JSON.stringify(open)) : positionRows(open).forEach(out);
    }
    case 'close': {
      if (symbol === undefined) throw new UsageError('positions close needs a symbol');
      await client.broker.closePosition(symbol, numberOption(values.amount as string | undefined, 'amount'));
      return out(json ? JSON.stringify({ closed: symbol }) : `closing ${symbol}`);
    }
    default:
      throw new UsageError(`positions ${action}: expected list or close`);
  }
}

async function account(client: TradingProClient, args: readonly string[], out: Out): Promise<void> {
  const { values } = parse(args, {});
  const a = await client.broker.account();
  if (values.json === true) return out(JSON.stringify(a));
  out(`${a.id}  ${a.name}`);
  table([
    ['balance', String(a.balance), a.currency],
    ['equity', String(a.equity), a.currency],
    ['unrealized P&L', String(a.unrealizedPL), a.currency],
    ['realized P&L', String(a.realizedPL), a.currency],
    ['margin used', String(a.marginUsed), a.currency],
    ['buying power', String(a.buyingPower), a.currency],
  ]).forEach(out);
}

export const CLIENT_COMMANDS = { account, orders, positions } as const;

export function isClientCommand(command: string): command is keyof typeof CLIENT_COMMANDS {
  return Object.hasOwn(CLIENT_COMMANDS, command);
}

/** Runs a client command; returns the exit code (0, 1 when the server refused or was unreachable, 2 for usage). */
export async function runClientCommand(command: keyof typeof CLIENT_COMMANDS, args: readonly string[], env: Env, out: Out, err: Out): Promise<number> {
  const baseUrl = env.TRADING_PRO_URL ?? 'http://127.0.0.1:8000';
  const client = new TradingProClient({
    baseUrl,
    ...(env.TRADING_PRO_TOKEN ? { token: env.TRADING_PRO_TOKEN } : {}),
    ...(env.TRADING_PRO_ACCOUNT ? { accountId: env.TRADING_PRO_ACCOUNT } : {}),
  });
  try {
    await CLIENT_COMMANDS[command](client, args, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(error.message);
      return 2;
    }
    if (isTradingProError(error)) {
      err(error.code === 'NETWORK_ERROR' ? `cannot reach ${baseUrl}: ${error.message}` : `${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    client.close();
  }
}
