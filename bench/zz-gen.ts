import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderType, Side } from '@trading-pro/contracts';
import { AccountCore, PaperBroker, parsePaperOptions, type QuoteFeed } from '@trading-pro/brokers';
import { builtinCatalog, type MarketQuote } from '@trading-pro/engine';
import { SqliteAccountStore } from '../packages/server/src/store/sqlite-account-store.ts';
const catalog = builtinCatalog();
const quote: MarketQuote = { symbol: 'BTCUSD', time: Date.now(), bid: 6_500_000_000_000n, ask: 6_500_000_000_000n, last: 6_500_000_000_000n, bidSize: 100_000_000_000n, askSize: 100_000_000_000n, volume: 0n };
const feed: QuoteFeed = { instruments: () => catalog, quote: (s) => (s === 'BTCUSD' ? quote : undefined), subscribe: () => () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'tp-gen-'));
const store = new SqliteAccountStore(join(dir, 'db.db'));
const core = new AccountCore({ accountId: 'DEMO-001', name: 'Demo', currency: 'USD', store, publish: () => undefined, now: Date.now });
const broker = new PaperBroker({ accountId: 'DEMO-001', accountName: 'Demo', currency: 'USD', initialBalance: 100_000, onEvents: core.sink, now: Date.now, account: core.state }, feed, parsePaperOptions({}));
await core.load(broker); await broker.connect();
const kind = process.argv[2] ?? 'market';
const t0 = performance.now(); let n = 0; const c0 = process.cpuUsage();
while (n < 20000) {
  await Promise.all(Array.from({ length: 32 }, (_, j) => kind === 'market' ? core.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: j % 2 ? Side.Sell : Side.Buy, qty: 0.001 }) : core.placeOrder({ symbol: 'ETHUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1 + (j % 100) })));
  n += 32;
}
const cpu = process.cpuUsage(c0);
console.log(kind, Math.round(n / ((performance.now() - t0) / 1000)), 'orders/s', core.state.seq, 'events', 'cpu µs/order', Math.round((cpu.user + cpu.system) / n), 'sys', Math.round(cpu.system / n));
