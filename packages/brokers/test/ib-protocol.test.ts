/**
 * Interactive Brokers: the fake TWS speaks the protocol TWS / IB Gateway 10.x negotiate with a current client, and
 * @stoqey/ib reads every message of it to the last field (a missing or extra field is a decoding error).
 */
import { createConnection } from 'node:net';
import { describe, expect, it, type TestContext } from 'vitest';
import { EventName, IBApi, MIN_SERVER_VER, OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { CommissionReport, Contract, ContractDetails, Execution, Order, OrderState } from '@stoqey/ib';
import { eventually } from './conformance/eventually.ts';
import { IbFakeTws } from './fakes/ib-fake-tws.ts';
import { FAKE_SERVER_VERSION, errorMessage } from './fakes/ib-fake-wire.ts';

interface Client {
  readonly tws: IbFakeTws;
  readonly api: IBApi;
  /** Every error event: [code, reqId, message, advancedOrderReject]. */
  readonly errors: [number, number, string, unknown][];
  readonly nextValidId: number;
}

/** A bare @stoqey/ib client connected to a fresh fake, both closed when the case ends. */
async function connectClient(context: TestContext): Promise<Client> {
  const tws = await new IbFakeTws().start();
  const api = new IBApi({ host: '127.0.0.1', port: tws.port, clientId: 5 });
  const errors: [number, number, string, unknown][] = [];
  api.on(EventName.error, (error: Error, code: number, reqId: number, advanced?: unknown) => errors.push([code, reqId, error.message, advanced]));
  let nextValidId: number | undefined;
  api.once(EventName.nextValidId, (id: number) => (nextValidId = id));
  context.onTestFinished(async () => {
    api.disconnect();
    await tws.stop();
  });
  api.connect();
  await eventually(() => nextValidId !== undefined);
  return { tws, api, errors, nextValidId: nextValidId ?? 0 };
}

/** Errors @stoqey/ib raises when a message has fields left over or runs out of them. */
const decodingErrors = (client: Client) => client.errors.filter(([, , message]) => /unprocessed data|Underrun|No parser/i.test(message));

const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

describe('ib protocol (fake TWS at the current server version)', () => {
  it('negotiates server version 193 with @stoqey/ib, the newest the client offers, as TWS 10.x does', async (context) => {
    const client = await connectClient(context);
    expect(FAKE_SERVER_VERSION).toBe(193);
    // @stoqey/ib's newest version: CME tagging fields in openOrder (IB's MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER).
    expect(MIN_SERVER_VER.CME_TAGGING_FIELDS_IN_OPEN_ORDER).toBe(193);
    expect(client.api.serverVersion).toBe(193);
    expect(client.tws.handshakes).toEqual([{ offered: 'v100..193', answered: 193 }]);
    expect(decodingErrors(client)).toEqual([]);
  });

  it('refuses a client whose version range ends below the one it speaks (the socket is closed)', async (context) => {
    const tws = await new IbFakeTws().start();
    context.onTestFinished(() => tws.stop());
    const socket = createConnection({ host: '127.0.0.1', port: tws.port });
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    const offer = Buffer.from('v100..151', 'utf8');
    const size = Buffer.alloc(4);
    size.writeUInt32BE(offer.length);
    socket.write(Buffer.concat([Buffer.from('API\0', 'latin1'), size, offer]));
    await eventually(() => closed);
    expect(tws.handshakes).toEqual([{ offered: 'v100..151', answered: undefined }]);
  });

  it('sends openOrder, orderStatus, execDetails and commissionReport in their 193 encoding, read to the last field', async (context) => {
    const client = await connectClient(context);
    const { api, tws } = client;
    const opened: { contract: Contract; order: Order; state: OrderState }[] = [];
    const statuses: unknown[][] = [];
    const executions: { contract: Contract; execution: Execution }[] = [];
    const commissions: CommissionReport[] = [];
    api.on(EventName.openOrder, (_id, contract, order, state) => opened.push({ contract, order, state }));
    api.on(EventName.orderStatus, (...args: unknown[]) => statuses.push(args));
    api.on(EventName.execDetails, (_reqId, contract, execution) => executions.push({ contract, execution }));
    api.on(EventName.commissionReport, (report) => commissions.push(report));

    const orderId = client.nextValidId;
    api.placeOrder(orderId, aapl, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 3, lmtPrice: 185, tif: 'GTC', orderRef: 'ref-193', transmit: true });
    await eventually(() => opened.some((o) => o.state.status === 'Submitted'));
    tws.setPrice('AAPL', 184);
    await eventually(() => commissions.length === 1 && opened.some((o) => o.state.status === 'Filled'));

    expect(decodingErrors(client)).toEqual([]);
    const submitted = opened.find((o) => o.state.status === 'Submitted');
    expect(submitted?.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS' });
    expect(submitted?.order).toMatchObject({
      orderId,
      action: 'BUY',
      totalQuantity: 3,
      orderType: 'LMT',
      lmtPrice: 185,
      auxPrice: undefined,
      tif: 'GTC',
      account: tws.account,
      orderRef: 'ref-193',
      clientId: 5,
      permId: 900_000 + orderId,
      parentId: 0,
      ocaType: 3,
      exemptCode: -1,
      displaySize: undefined,
      clearingIntent: 'IB',
      dontUseAutoPriceForHedge: true,
      autoCancelParent: false,
      includeOvernight: false,
      professionalCustomer: false,
      extOperator: '',
      manualOrderIndicator: undefined,
    });
    expect(submitted?.state).toMatchObject({ status: 'Submitted', commission: undefined, initMarginAfter: undefined, commissionCurrency: '' });
    // orderStatus without a version field: id, status, filled, remaining, avgFillPrice, permId, parentId,
    // lastFillPrice, clientId, whyHeld, mktCapPrice.
    expect(statuses.at(-1)).toEqual([orderId, 'Filled', 3, 0, 185, 900_000 + orderId, 0, 185, 5, '', 0]);
    expect(executions).toHaveLength(1);
    expect(executions[0]?.contract).toMatchObject({ conId: submitted?.contract.conId, tradingClass: 'NMS', localSymbol: 'AAPL' });
    expect(executions[0]?.execution).toMatchObject({
      orderId,
      time: '20240603  10:00:01 US/Eastern',
      acctNumber: tws.account,
      exchange: 'ISLAND',
      side: 'BOT',
      shares: 3,
      price: 185,
      permId: 900_000 + orderId,
      clientId: 5,
      cumQty: 3,
      avgPrice: 185,
      orderRef: 'ref-193',
      lastLiquidity: 1,
      pendingPriceRevision: false,
    });
    expect(commissions[0]).toMatchObject({ execId: executions[0]?.execution.execId, commission: 1, currency: 'USD', realizedPNL: undefined });
  });

  it('carries the advanced order-reject JSON on an error message, as TWS does from version 166', async (context) => {
    const client = await connectClient(context);
    const reject = { rejectReason: 'Order size exceeds the limit', rejectCode: 'OSZ' };
    client.tws.push(errorMessage(42, 201, 'Order rejected - reason:size', JSON.stringify(reject)));
    client.tws.push(errorMessage(43, 404, 'Order held while securities are located.'));
    await eventually(() => client.errors.length >= 2);
    expect(client.errors).toEqual([
      [201, 42, 'Order rejected - reason:size', reject],
      [404, 43, 'Order held while securities are located.', undefined],
    ]);
  });

  it('answers reqContractDetails by conId with the full 193 contractData, and 200 for a conId it does not know', async (context) => {
    const client = await connectClient(context);
    const details: ContractDetails[] = [];
    let ended = false;
    client.api.on(EventName.contractDetails, (_reqId, d) => details.push(d));
    client.api.on(EventName.contractDetailsEnd, () => (ended = true));
    client.api.reqContractDetails(7, { conId: 620_730_945, exchange: 'CME' });
    await eventually(() => ended);
    expect(decodingErrors(client)).toEqual([]);
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({
      contract: { conId: 620_730_945, symbol: 'EUR', secType: 'FUT', lastTradeDateOrContractMonth: '20240617', lastTradeDate: '20240617', localSymbol: '6EM4', multiplier: 125_000, exchange: 'CME' },
      longName: 'European Monetary Union Euro',
      minTick: 0.00005,
      timeZoneId: 'US/Central',
      minSize: 1,
      sizeIncrement: 1,
      ineligibilityReasonList: [],
    });
    client.api.reqContractDetails(8, { conId: 1 });
    await eventually(() => client.errors.some(([code, reqId]) => code === 200 && reqId === 8));
  });

  it('answers reqContractDetails for a stock with its ISIN in the security id list', async (context) => {
    const client = await connectClient(context);
    const details: ContractDetails[] = [];
    client.api.on(EventName.contractDetails, (_reqId, d) => details.push(d));
    client.api.reqContractDetails(9, aapl);
    await eventually(() => details.length === 1);
    expect(decodingErrors(client)).toEqual([]);
    expect(details[0]).toMatchObject({ contract: { conId: 265_598, tradingClass: 'NMS', primaryExch: 'NASDAQ' }, stockType: 'COMMON', secIdList: [{ tag: 'ISIN', value: 'US0378331005' }], marketRuleIds: '26,26' });
  });
});
