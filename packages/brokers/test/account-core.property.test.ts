/**
 * A model test of the account core over the paper broker: random orders, modifies, cancels, closes, reverses,
 * leverage and bracket changes and price moves, with the journal refusing commits at random. Whatever happens,
 * the account in memory is the account the journal holds (a restart sees the same), every acknowledged order
 * is journaled once, every refused one is absent, and the positions are the net of the executions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorCode, OrderType, TradingError, type PreOrder } from '@trading-pro/contracts';
import { PaperBroker } from '../src/paper/paper-broker.ts';
import { parsePaperOptions } from '../src/paper/paper-options.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { FaultyStore } from './conformance/faulty-store.ts';
import { ControlledFeed } from './fakes/controlled-feed.ts';

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('place' as const), type: fc.constantFrom(OrderType.Market, OrderType.Limit, OrderType.Stop), side: fc.constantFrom(1 as const, -1 as const), lots: fc.integer({ min: 1, max: 40 }), offset: fc.integer({ min: -300, max: 300 }), bracket: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), delta: fc.integer({ min: -400, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), lots: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), lots: fc.option(fc.integer({ min: 1, max: 40 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leverage' as const), leverage: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('brackets' as const), tp: fc.integer({ min: 50, max: 500 }), sl: fc.option(fc.integer({ min: 50, max: 500 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), commits: fc.integer({ min: 1, max: 3 }) }) },
);

describe('account core model', () => {
  it('keeps memory equal to the journal through random commands, price moves and refused commits', async () => {
    const seen = { acked: 0, refused: 0, fills: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 30, maxLength: 80 }), async (steps) => {
        const faults = new FaultyStore();
        let failNext = 0;
        faults.failWhen = () => failNext > 0 && failNext-- > 0;
        const feed = new ControlledFeed('50000');
        const harness = accountHarness({ accountId: 'MODEL', initialBalance: 100_000, store: faults });
        const broker = new PaperBroker(harness.context, feed, parsePaperOptions({ clockIntervalMs: 60_000 }));
        const { core } = harness;
        await core.load(broker);
        await broker.connect();
        let price = 50_000;
        const acked = new Set<string>();
        const refused = new Set<string>();
        try {
          for (const [i, s] of steps.entries()) {
            const live = core.state.liveOrders();
            const picked = 'pick' in s && live.length > 0 ? live[s.pick % live.length] : undefined;
            try {
              switch (s.kind) {
                case 'place': {
                  const clientOrderId = `c${i}`;
                  const at = Math.max(100, price + s.offset);
                  const order: PreOrder = { symbol: 'BTCUSD', type: s.type, side: s.side, qty: s.lots / 1000, clientOrderId };
                  if (s.type === OrderType.Limit) order.limitPrice = at;
                  if (s.type === OrderType.Stop) order.stopPrice = s.side === 1 ? price + Math.abs(s.offset) + 1 : Math.max(100, price - Math.abs(s.offset) - 1);
                  if (s.bracket && s.type === OrderType.Limit) order.takeProfit = s.side === 1 ? at + 500 : Math.max(10, at - 500);
                  try {
                    await core.placeOrder(order);
                    acked.add(clientOrderId);
                  } catch (error) {
                    if (error instanceof TradingError && error.code === ErrorCode.STORAGE_UNAVAILABLE) refused.add(clientOrderId);
                    throw error;
                  }
                  break;
                }
                case 'move':
                  price = Math.max(1_000, price + s.delta);
                  feed.setPrice(price);
                  break;
                case 'modify':
                  if (picked !== undefined && picked.type !== OrderType.Market && picked.parentType === undefined) await core.modifyOrder(picked.id, { qty: s.lots / 1000 });
                  break;
                case 'cancel':
                  if (picked !== undefined) await core.cancelOrder(picked.id);
                  break;
                case 'close':
                  await core.closePosition('BTCUSD', s.lots === null ? undefined : s.lots / 1000);
                  break;
                case 'reverse':
                  await core.reversePosition('BTCUSD');
                  break;
                case 'leverage':
                  await core.setLeverage('BTCUSD', s.leverage);
                  break;
                case 'brackets': {
                  const position = core.state.position('BTCUSD');
                  if (position === undefined) break;
                  const up = position.side === 1 ? 1 : -1;
                  await core.editPositionBrackets('BTCUSD', { takeProfit: price + up * s.tp, ...(s.sl === null ? {} : { stopLoss: Math.max(10, price - up * s.sl) }) });
                  break;
                }
                case 'fail':
                  failNext = s.commits;
                  break;
              }
            } catch (error) {
              if (!(error instanceof TradingError)) throw error;
            }
            await core.settled();
          }
          failNext = 0;
          await core.settled();

          seen.acked += acked.size;
          seen.refused += refused.size + faults.refused;
          seen.fills += harness.events.filter((e) => e.route === 'executions').length;
          // Acknowledged orders are journaled once; refused ones are not there at all.
          const journaled = (await core.orders({ limit: 1_000 })).value.items.flatMap((o) => (o.clientOrderId === undefined ? [] : [o.clientOrderId]));
          expect(new Set(journaled).size).toBe(journaled.length);
          for (const id of acked) expect(journaled).toContain(id);
          for (const id of refused) expect(journaled).not.toContain(id);

          // Positions are the net of the executions.
          const executions = (await core.executions({ symbol: 'BTCUSD', limit: 1_000 })).value.items;
          const net = executions.reduce((sum, e) => sum + Math.round(e.qty * 1000) * e.side, 0);
          const position = core.state.position('BTCUSD');
          expect(position === undefined ? 0 : Math.round(position.qty * 1000) * position.side).toBe(net);

          // A restart sees the same account.
          const again = accountHarness({ accountId: 'MODEL', initialBalance: 100_000, store: faults.inner });
          const reloaded = new PaperBroker(again.context, feed, parsePaperOptions({}));
          await again.core.load(reloaded);
          expect(again.core.positions().value).toEqual(core.positions().value);
          expect(again.core.account().value).toEqual(core.account().value);
          expect(again.core.state.liveOrders()).toEqual(core.state.liveOrders());
          expect(reloaded.engine.orders()).toEqual(broker.engine.orders());
        } finally {
          await broker.disconnect();
        }
      }),
      { seed: 20_261_202, numRuns: 60 },
    );
    // The runs did trade, fill and meet refused commits.
    expect(seen.acked).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(20);
    expect(seen.fills).toBeGreaterThan(50);
  });
});
