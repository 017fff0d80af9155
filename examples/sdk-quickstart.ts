/**
 * The SDK's first steps (packages/sdk/README.md shows this file): stream an account, wait until the server has
 * confirmed the subscriptions, place a market order and print its own order and position events, then the order and
 * the account. Exits once the fill and the position have been seen.
 *
 *   npm start                                 # in one terminal
 *   npx node examples/sdk-quickstart.ts       # in another (TRADING_PRO_URL, TRADING_PRO_TOKEN, TRADING_PRO_ACCOUNT)
 */
import { OrderStatus, OrderType, Side, TradingProClient } from '@trading-pro/sdk';

const client = new TradingProClient({ baseUrl: process.env.TRADING_PRO_URL ?? 'http://127.0.0.1:8000', token: process.env.TRADING_PRO_TOKEN });
const accountId = process.env.TRADING_PRO_ACCOUNT ?? 'DEMO-001';
const clientOrderId = `quickstart-${Date.now()}`;

let filled = false;
let positioned = false;
let finish = (): void => undefined;
const done = new Promise<void>((resolve) => (finish = resolve));

const subscriptions = [
  client.stream.orders(accountId, (order) => {
    console.log('order', order.id, order.status, order.filledQty);
    filled ||= order.clientOrderId === clientOrderId && order.status === OrderStatus.Filled;
    if (filled && positioned) finish();
  }),
  client.stream.positions(accountId, (position) => {
    console.log('position', position.symbol, position.qty, position.pl);
    positioned ||= position.symbol === 'BTCUSD';
    if (filled && positioned) finish();
  }),
];
client.stream.onStateChange((state) => console.log('stream', state)); // connecting | connected | disconnected | reconnecting
// Once the server has confirmed both subscriptions, every event of the order below reaches the listeners.
await Promise.all(subscriptions.map((subscription) => subscription.ready));

const { orderId } = await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 0.01, clientOrderId });
await done;
console.log(await client.broker.order(orderId), await client.broker.account());
client.close();
