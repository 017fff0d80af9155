/** Interactive Brokers: what TWS says is read as IB documents it (client ids, order types, notices, contracts, time zones, pacing). */
import { describe, expect, it, type TestContext } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import { IbBroker } from '../src/ib/ib-broker.ts';
import { parseIbConfig } from '../src/ib/ib-config.ts';
import { symbolOfContract, toIbContract } from '../src/ib/ib-contracts.ts';
import { isIbNotice, parseIbOrderType, parseIbStatus, parseIbTime } from '../src/ib/ib-parse.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventually } from './conformance/eventually.ts';
import { IbFakeTws } from './fakes/ib-fake-tws.ts';
import { errorMessage, openOrderMessage, orderStatusMessage } from './fakes/ib-fake-wire.ts';

const contractOptions = { contracts: {}, futuresExchanges: {}, now: () => Date.UTC(2026, 0, 15) };

describe('ib configuration', () => {
  it('uses a non-zero client id by default and refuses 0 (client 0 binds manual TWS orders)', () => {
    expect(parseIbConfig({}).clientId).toBe(1);
    expect(parseIbConfig({ clientId: 17 }).clientId).toBe(17);
    expect(() => parseIbConfig({ clientId: 0 })).toThrow(/clientId/);
  });

  it('refuses an unknown time zone and a malformed conId', () => {
    expect(() => parseIbConfig({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
    expect(() => parseIbConfig({ contracts: { X: { secType: 'STK', conId: -3 } } })).toThrow(/conId/);
  });
});

describe('ib order types and statuses (mapped or read without crashing)', () => {
  it('maps every TWS order type to the nearest of ours', () => {
    expect(parseIbOrderType('MKT')).toBe(OrderType.Market);
    expect(parseIbOrderType('MOC')).toBe(OrderType.Market);
    expect(parseIbOrderType('REL', true)).toBe(OrderType.Limit);
    expect(parseIbOrderType('LOC')).toBe(OrderType.Limit);
    expect(parseIbOrderType('MIT')).toBe(OrderType.Stop);
    expect(parseIbOrderType('TRAIL LIMIT')).toBe(OrderType.StopLimit);
    expect(parseIbOrderType('SOMETHING NEW', true)).toBe(OrderType.Limit);
    expect(parseIbOrderType('SOMETHING NEW', false)).toBe(OrderType.Market);
  });

  it('reads an unknown order status as unknown (the caller keeps the last one) instead of throwing', () => {
    expect(parseIbStatus('Submitted', false)).toBe(OrderStatus.Working);
    expect(parseIbStatus('PreSubmitted', true)).toBe(OrderStatus.Inactive);
    expect(parseIbStatus('SomeFutureStatus', false)).toBeUndefined();
  });
});

describe('ib notices vs rejections (TWS message codes)', () => {
  it('treats 404 (shares being located), 399, 202 and 2100-2169 warnings as notices', () => {
    for (const code of [202, 399, 404, 2104, 2109, 2168, 10167, 10349]) expect(isIbNotice(code)).toBe(true);
  });

  it('treats 110 (price increment), 201 (margin), 103 (duplicate id) and 200 (no contract) as refusals', () => {
    for (const code of [103, 110, 200, 201]) expect(isIbNotice(code)).toBe(false);
  });
});

describe('ib contracts', () => {
  it('resolves a configured conId alone, and names it back by its conId', () => {
    const options = { ...contractOptions, contracts: { VOD: { secType: 'STK' as const, conId: 7_654, exchange: 'LSE' } } };
    expect(toIbContract('VOD', options)).toEqual({ conId: 7_654, exchange: 'LSE', secType: 'STK' });
    expect(symbolOfContract({ conId: 7_654, symbol: 'VOD', secType: 'STK' as never }, options)).toBe('VOD');
  });

  it('sends CME FX futures by IB names (6EZ6 is symbol EUR, local symbol 6EZ6) and reads them back', () => {
    const contract = toIbContract('6EZ6', contractOptions);
    expect(contract).toMatchObject({ symbol: 'EUR', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '202612', localSymbol: '6EZ6' });
    expect(symbolOfContract({ symbol: 'EUR', secType: 'FUT' as never, localSymbol: '6EZ6', lastTradeDateOrContractMonth: '20261214' }, contractOptions)).toBe('6EZ6');
    expect(symbolOfContract({ symbol: 'EUR', secType: 'FUT' as never, lastTradeDateOrContractMonth: '202612' }, contractOptions)).toBe('6EZ6');
    expect(toIbContract('ESZ6', contractOptions)).toMatchObject({ symbol: 'ES', localSymbol: 'ESZ6' });
  });
});

describe('ib time zones', () => {
  it('honours the zone TWS writes after a time (US/Eastern in summer is UTC-4)', () => {
    expect(parseIbTime('20240603  10:00:01 US/Eastern', 0)).toBe(Date.UTC(2024, 5, 3, 14, 0, 1));
    expect(parseIbTime('20240103 10:00:01 EST', 0)).toBe(Date.UTC(2024, 0, 3, 15, 0, 1));
    expect(parseIbTime('20240603 16:00:00 MET', 0)).toBe(Date.UTC(2024, 5, 3, 14, 0, 0));
  });

  it('reads the dash form as UTC and a zoneless time in the configured zone', () => {
    expect(parseIbTime('20240603-14:00:01', 0)).toBe(Date.UTC(2024, 5, 3, 14, 0, 1));
    expect(parseIbTime('20240603 10:00:01', 0, 'America/New_York')).toBe(Date.UTC(2024, 5, 3, 14, 0, 1));
    expect(parseIbTime('not a time', 42)).toBe(42);
  });
});

describe.concurrent('ib adapter against the fake TWS', () => {
  const rig = async (context: TestContext, config: Record<string, unknown> = {}) => {
    const tws = await new IbFakeTws().start();
    const harness = accountHarness({ accountId: 'IB-1', accountName: 'IB paper' });
    const broker = new IbBroker(harness.context, parseIbConfig({ port: tws.port, clientId: 5, requestTimeoutMs: 400, reconnectMinMs: 30, reconcileIntervalMs: 0, ...config }));
    await harness.core.load(broker);
    context.onTestFinished(async () => {
      await broker.disconnect();
      await tws.stop();
      // Every message the fake sent decoded to its last field at the negotiated server version.
      expect(broker.unreadableMessages()).toEqual([]);
    });
    await broker.connect();
    return { tws, broker, core: harness.core, events: harness.events };
  };

  it('keeps a short sale that gets notice 404 (shares being located) alive until it fills', async (context) => {
    const { tws, core } = await rig(context);
    const result = await core.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: Side.Sell, qty: 5 });
    expect(result.rejection).toBeUndefined();
    expect(tws.received.some((message) => message[0] === '3')).toBe(true);
    await eventually(async () => (await core.order(result.orderId)).value.status === OrderStatus.Filled);
    await eventually(() => core.positions().value.find((position) => position.symbol === 'AAPL' && position.side === Side.Sell));
  });

  it('adopts a manual TWS order of an unmapped type (REL) and an unknown status without throwing', async (context) => {
    const { tws, broker, core } = await rig(context);
    tws.placeManualOrder('AAPL', 'BUY', 5, 150, 'REL');
    await broker.disconnect();
    await broker.connect();
    const adopted = await eventually(async () => (await core.orders({ limit: 10 })).value.items.find((order) => order.external === true));
    expect(adopted).toMatchObject({ type: OrderType.Limit, status: OrderStatus.Working, symbol: 'AAPL' });
    const fake = tws.order(-1);
    if (fake === undefined) throw new Error('the manual order is missing');
    tws.push(orderStatusMessage({ ...fake, status: 'SomethingNew' }));
    tws.push(openOrderMessage({ ...fake, orderType: 'NEWTYPE' }, tws.account));
    tws.push(errorMessage(4_242, 2_109, 'Order Event Warning: Attribute "Outside Regular Trading Hours" is ignored'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await core.order(adopted.id)).value.status).toBe(OrderStatus.Working);
    expect(broker.connectionStatus().status).toBe(1);
  });

  it('refuses to cancel an order placed in TWS (only its owner may) with a 422', async (context) => {
    const { tws, broker, core } = await rig(context);
    tws.placeManualOrder('AAPL', 'BUY', 5, 150);
    await broker.disconnect();
    await broker.connect();
    const adopted = await eventually(async () => (await core.orders({ limit: 10 })).value.items.find((order) => order.external === true));
    await expect(core.cancelOrder(adopted.id)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_ORDER });
  });

  it('reports execution times in UTC from the TWS zone suffix (not 4 h off)', async (context) => {
    const { core } = await rig(context);
    const result = await core.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 5 });
    const executions = await eventually(async () => {
      const items = (await core.executions({ symbol: 'AAPL', limit: 10 })).value.items.filter((execution) => execution.orderId === result.orderId);
      return items.length > 0 ? items : undefined;
    });
    expect(executions[0]?.time).toBe(Date.UTC(2024, 5, 3, 14, 0, 1));
  });
});
