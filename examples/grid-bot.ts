/**
 * A grid bot on BTCUSD built on @trading-pro/sdk: buys a small inventory, rests buy limits below and sell limits above
 * the fill price, and re-quotes the opposite side one step away after every fill. It prints what it does, survives a
 * server restart without reconnection code of its own, and stops after --minutes (default 2) or on Ctrl-C,
 * canceling its orders.
 *
 *   npm start                                   # in one terminal
 *   npx node examples/grid-bot.ts               # in another; --minutes 5 --levels 3 --step 0.05 --qty 0.001
 *   npx node examples/grid-bot.ts --offline     # no server: the SDK's in-process simulation
 */
import { parseArgs } from 'node:util';
import { OrderStatus, OrderType, Side, TradingProClient, createFallbackClient, isTradingProError, type Order, type TradingClient } from '@trading-pro/sdk';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    levels: { type: 'string', default: '3' },
    step: { type: 'string', default: '0.05' },
    qty: { type: 'string', default: '0.001' },
    symbol: { type: 'string', default: 'BTCUSD' },
    offline: { type: 'boolean', default: false },
  },
});
const SYMBOL = values.symbol;
const LEVELS = Number(values.levels);
const STEP_PCT = Number(values.step) / 100;
const QTY = Number(values.qty);
const BASE_URL = process.env.TRADING_PRO_URL ?? 'http://127.0.0.1:8000';
const ACCOUNT = process.env.TRADING_PRO_ACCOUNT ?? 'DEMO-001';

const client: TradingClient = values.offline
  ? await createFallbackClient({ accountId: ACCOUNT, tickMs: 250 })
  : new TradingProClient({ baseUrl: BASE_URL, accountId: ACCOUNT, ...(process.env.TRADING_PRO_TOKEN ? { token: process.env.TRADING_PRO_TOKEN } : {}) });

const log = (message: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${message}\n`);
const cents = (price: number) => Math.round(price * 100) / 100;

/** Grid orders this bot placed, so fills of other orders on the account are left alone. */
const mine = new Set<string>();
const handled = new Set<string>();
let fills = 0;
let stepSize = 0;

async function place(side: Side, price: number): Promise<void> {
  try {
    const { orderId } = await client.broker.placeOrder({ symbol: SYMBOL, type: OrderType.Limit, side, qty: QTY, limitPrice: cents(price) });
    mine.add(orderId);
    log(`placed ${side === Side.Buy ? 'buy ' : 'sell'} ${QTY} @ ${cents(price)} (${orderId})`);
  } catch (error) {
    log(`could not place ${side === Side.Buy ? 'buy' : 'sell'} @ ${cents(price)}: ${isTradingProError(error) ? `${error.code} ${error.message}` : String(error)}`);
  }
}

function onOrder(order: Order): void {
  if (!mine.has(order.id) || order.status !== OrderStatus.Filled || handled.has(order.id)) return;
  handled.add(order.id);
  fills += 1;
  const price = order.limitPrice ?? order.avgPrice ?? 0;
  log(`filled ${order.side === Side.Buy ? "buy " : "sell"} ${order.qty} @ ${order.avgPrice ?? price} (level ${price}) → re-quote the other side`);
  void place(order.side === Side.Buy ? Side.Sell : Side.Buy, order.side === Side.Buy ? price + stepSize : price - stepSize);
}

async function main(): Promise<void> {
  const account = await client.broker.account();
  log(`${client.offline ? 'OFFLINE simulation' : BASE_URL}: account ${account.id}, equity ${account.equity} ${account.currency}`);
  client.stream.onStateChange((state) => log(`stream ${state}`));
  client.stream.orders(ACCOUNT, onOrder);
  client.stream.positions(ACCOUNT, (p) => p.symbol === SYMBOL && log(`position ${p.side === Side.Buy ? 'long' : 'short'} ${p.qty} @ ${p.avgPrice}, P&L ${p.pl}`));

  const { orderId } = await client.broker.placeOrder({ symbol: SYMBOL, type: OrderType.Market, side: Side.Buy, qty: QTY * LEVELS });
  const center = await waitForFill(orderId);
  stepSize = cents(center * STEP_PCT);
  log(`inventory bought at ${center}; grid of ${LEVELS} levels each side, step ${stepSize}`);
  for (let level = 1; level <= LEVELS; level++) {
    await place(Side.Buy, center - level * stepSize);
    await place(Side.Sell, center + level * stepSize);
  }
}

async function waitForFill(orderId: string): Promise<number> {
  for (;;) {
    const order = await client.broker.order(orderId);
    if (order.status === OrderStatus.Filled && order.avgPrice !== undefined) return order.avgPrice;
    if (order.status === OrderStatus.Rejected || order.status === OrderStatus.Canceled) throw new Error(`initial order ended with status ${order.status}: ${order.rejectReason ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason}): canceling the grid`);
  try {
    const canceled = mine.size === 0 ? [] : await client.broker.cancelOrders({ orderIds: [...mine] });
    const account = await client.broker.account();
    const position = (await client.broker.positions()).find((p) => p.symbol === SYMBOL);
    log(`canceled ${canceled.length} orders; ${fills} grid fills; position ${position ? `${position.side === Side.Buy ? 'long' : 'short'} ${position.qty}` : 'flat'}`);
    log(`equity ${account.equity} ${account.currency} (realized ${account.realizedPL}, unrealized ${account.unrealizedPL})`);
  } catch (error) {
    log(`cleanup failed: ${String(error)}`);
  }
  client.close();
  process.exit(0);
}

process.once('SIGINT', () => void stop('Ctrl-C'));
process.once('SIGTERM', () => void stop('SIGTERM'));
setTimeout(() => void stop(`${values.minutes} minutes elapsed`), Number(values.minutes) * 60_000);

main().catch((error: unknown) => {
  log(`failed: ${isTradingProError(error) ? `${error.code} ${error.message}` : String(error)}`);
  if (isTradingProError(error) && error.code === 'NETWORK_ERROR') log(`is the server running? start it with: npm start (or pass --offline)`);
  client.close();
  process.exit(1);
});
