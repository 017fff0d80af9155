/**
 * A fake TWS / IB Gateway on loopback (node:net) speaking the socket protocol at server version 193 (as TWS 10.x
 * negotiates with a current client) to one or more @stoqey/ib clients: handshake, START_API → nextValidId +
 * managedAccounts, placeOrder (transmit flags, bracket children held until the parent fills, OCA siblings),
 * cancelOrder, reqOpenOrders, reqExecutions, reqPositions, reqAccountSummary, reqContractDetails; a tiny matching
 * model fills market orders and crossing limits/stops.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import {
  IN,
  OUT,
  commissionMessage,
  contractDataEndMessage,
  contractDataMessage,
  errorMessage,
  execDetailsMessage,
  frame,
  negotiateVersion,
  nextValidIdMessage,
  openOrderMessage,
  orderStatusMessage,
  portfolioMessage,
  positionMessage,
  readCancelOrderId,
  readMessages,
  readPlaceOrder,
} from './ib-fake-wire.ts';
import type { FakeContract, FakeContractDetails, FakeIbOrder, Field } from './ib-fake-wire.ts';
import { DEFAULT_CONTRACT_DETAILS } from './ib-fake-contracts.ts';

interface FakeExecution {
  readonly order: FakeIbOrder;
  readonly execId: string;
  readonly time: string;
  readonly shares: number;
  readonly price: number;
  readonly commission: number;
}

const FINAL = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

export class IbFakeTws {
  readonly account = 'DU1234567';
  readonly prices = new Map<string, number>([['AAPL', 190], ['EUR', 1.085], ['ES', 5000]]);
  cash = 100_000;
  readonly orders = new Map<number, FakeIbOrder>();
  readonly executions: FakeExecution[] = [];
  readonly positions = new Map<string, { contract: FakeContract; qty: number; cost: number }>();
  /** What reqContractDetails answers, by conId. */
  readonly contracts = new Map<number, FakeContractDetails>(DEFAULT_CONTRACT_DETAILS.map((details) => [details.contract.conId, details]));
  /** Each client's handshake (`v<min>..<max>`) and the server version answered (undefined: refused). */
  readonly handshakes: { offered: string; answered: number | undefined }[] = [];
  /** Every message received, by id, for assertions. */
  readonly received: string[][] = [];
  /** Largest quantity one match fills (the rest fills on the next price); undefined: all at once. */
  maxFillQty: number | undefined;
  /** Commission per fill as a fraction of its notional; undefined: a flat 1 USD per fill. */
  feeRate: number | undefined;
  /** While true, pushes to clients are lost (a silent gap; requests are still answered). */
  pushesPaused = false;
  /** Next placeOrder messages to mishandle: dropped unseen, or handled only after a delay. */
  readonly #orderFaults: ({ kind: 'drop' } | { kind: 'late'; delayMs: number })[] = [];
  readonly #clients = new Map<Socket, number>();
  readonly #server: Server;
  #nextOrderId = 1;
  #nextManualId = -1;
  readonly #triggered = new Set<number>();
  #nextExec = 1;
  #nextConId = 1000;

  constructor() {
    this.#server = createServer((socket) => this.#accept(socket));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get clients(): number {
    return this.#clients.size;
  }

  async stop(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Closes every API connection, as a TWS restart or a network failure would. */
  dropClients(): void {
    for (const socket of this.#clients.keys()) socket.destroy();
    this.#clients.clear();
  }

  placed(): string[][] {
    return this.received.filter((m) => Number(m[0]) === OUT.PLACE_ORDER);
  }

  /** The next placeOrder is lost before TWS sees it. */
  dropNextOrder(): void {
    this.#orderFaults.push({ kind: 'drop' });
  }

  /** The next placeOrder reaches TWS only after `delayMs` (its acknowledgement comes late). */
  delayNextOrder(delayMs: number): void {
    this.#orderFaults.push({ kind: 'late', delayMs });
  }

  /** An order entered in TWS itself (client 0), not through the API client under test. */
  placeManualOrder(symbol: string, action: 'BUY' | 'SELL', qty: number, lmtPrice: number, orderType = 'LMT'): void {
    const orderId = this.#nextManualId--;
    const contract: FakeContract = { conId: this.#nextConId++, symbol, secType: 'STK', lastTradeDateOrContractMonth: '', exchange: 'SMART', currency: 'USD', localSymbol: symbol };
    const order: FakeIbOrder = {
      orderId, contract, action, totalQuantity: qty, orderType, lmtPrice, auxPrice: undefined, tif: 'GTC', orderRef: '', parentId: 0, transmit: true,
      clientId: 0, permId: 800_000 + -orderId, status: 'Submitted', filled: 0, avgFillPrice: 0,
    };
    this.orders.set(orderId, order);
    this.#match();
  }

  /** Sends a message to every client as TWS would (a status or an error code the adapter must cope with). */
  push(fields: readonly Field[]): void {
    this.#broadcast(fields);
  }

  /** The order the fake holds under `orderId`, as its openOrder/orderStatus messages would describe it. */
  order(orderId: number): FakeIbOrder | undefined {
    return this.orders.get(orderId);
  }

  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
    this.#match();
  }

  #accept(socket: Socket): void {
    let buffer: Buffer = Buffer.alloc(0);
    let handshakeDone = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const { messages, rest, handshake } = readMessages(buffer, handshakeDone);
      buffer = rest;
      if (handshake !== undefined) {
        handshakeDone = true;
        const version = negotiateVersion(handshake);
        this.handshakes.push({ offered: handshake, answered: version });
        if (version === undefined) {
          socket.destroy();
          return;
        }
        socket.write(frame([version, '20240603 14:00:00 US/Eastern']));
      }
      for (const message of messages) this.#onMessage(socket, message);
    });
    socket.on('close', () => this.#clients.delete(socket));
    socket.on('end', () => this.#clients.delete(socket));
    socket.on('error', () => undefined);
  }

  #send(socket: Socket, fields: readonly Field[]): void {
    if (!socket.destroyed) socket.write(frame(fields));
  }

  #broadcast(fields: readonly Field[]): void {
    if (this.pushesPaused) return;
    for (const socket of this.#clients.keys()) this.#send(socket, fields);
  }

  #onMessage(socket: Socket, m: string[]): void {
    this.received.push(m);
    const id = Number(m[0]);
    if (id === OUT.START_API) {
      const clientId = Number(m[2]);
      if ([...this.#clients.values()].includes(clientId)) {
        this.#send(socket, errorMessage(-1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.'));
        socket.end();
        return;
      }
      this.#clients.set(socket, clientId);
      this.#send(socket, nextValidIdMessage(this.#nextOrderId));
      this.#send(socket, [IN.MANAGED_ACCTS, 1, this.account]);
    } else if (id === OUT.REQ_IDS) this.#send(socket, nextValidIdMessage(this.#nextOrderId));
    else if (id === OUT.PLACE_ORDER) {
      const fault = this.#orderFaults.shift();
      if (fault?.kind === 'late') setTimeout(() => this.#place(socket, m), fault.delayMs).unref();
      else if (fault?.kind !== 'drop') this.#place(socket, m);
    }
    else if (id === OUT.CANCEL_ORDER) this.#cancel(socket, readCancelOrderId(m));
    else if (id === OUT.REQ_CONTRACT_DATA) this.#contractDetails(socket, m);
    else if (id === OUT.REQ_OPEN_ORDERS) this.#openOrders(socket, this.#clients.get(socket));
    else if (id === OUT.REQ_ALL_OPEN_ORDERS) this.#openOrders(socket, undefined);
    else if (id === OUT.REQ_EXECUTIONS) this.#sendExecutions(socket, Number(m[2]));
    else if (id === OUT.REQ_POSITIONS) this.#sendPositions(socket);
    else if (id === OUT.REQ_ACCOUNT_DATA && m[2] !== '0') this.#sendPortfolio(socket);
    else if (id === OUT.REQ_ACCOUNT_SUMMARY) this.#accountSummary(socket, Number(m[2]), m[4] ?? '');
  }

  #place(socket: Socket, m: string[]): void {
    const placed = readPlaceOrder(m);
    const orderId = placed.orderId;
    this.#nextOrderId = Math.max(this.#nextOrderId, orderId + 1);
    const existing = this.orders.get(orderId);
    if (existing && !FINAL.has(existing.status)) {
      existing.totalQuantity = Number(placed.totalQuantity);
      existing.lmtPrice = placed.lmtPrice === '' ? undefined : Number(placed.lmtPrice);
      existing.auxPrice = placed.auxPrice === '' ? undefined : Number(placed.auxPrice);
      this.#report(existing);
      this.#match();
      return;
    }
    const symbol = placed.symbol;
    const price = this.prices.get(symbol);
    if (price === undefined) {
      this.#send(socket, errorMessage(orderId, 200, 'No security definition has been found for the request'));
      return;
    }
    const contract: FakeContract = {
      conId: this.#nextConId++,
      symbol,
      secType: placed.secType || 'STK',
      lastTradeDateOrContractMonth: placed.lastTradeDateOrContractMonth,
      exchange: placed.exchange || 'SMART',
      currency: placed.currency || 'USD',
      localSymbol: symbol,
    };
    const order: FakeIbOrder = {
      orderId,
      contract,
      action: placed.action === 'SELL' ? 'SELL' : 'BUY',
      totalQuantity: Number(placed.totalQuantity),
      orderType: placed.orderType || 'MKT',
      lmtPrice: placed.lmtPrice === '' ? undefined : Number(placed.lmtPrice),
      auxPrice: placed.auxPrice === '' ? undefined : Number(placed.auxPrice),
      tif: placed.tif || 'DAY',
      orderRef: placed.orderRef,
      parentId: Number(placed.parentId || 0),
      transmit: placed.transmit === '1',
      clientId: this.#clients.get(socket) ?? 0,
      permId: 900_000 + orderId,
      status: 'PendingSubmit',
      filled: 0,
      avgFillPrice: 0,
    };
    const notional = order.totalQuantity * (order.lmtPrice ?? price);
    if (order.action === 'BUY' && order.parentId === 0 && notional > this.cash) {
      const message = `Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [${this.cash} USD] MUST EXCEED THE INITIAL MARGIN [${notional} USD]`;
      this.#send(socket, errorMessage(orderId, 201, message));
      return;
    }
    this.orders.set(orderId, order);
    const held = this.positions.get(symbol)?.qty ?? 0;
    if (order.action === 'SELL' && order.parentId === 0 && held < order.totalQuantity) {
      // A notice, not a refusal: the order lives on while IB locates the shares.
      this.#send(socket, errorMessage(orderId, 404, 'Order held while securities are located.'));
    }
    if (!order.transmit) return; // held in TWS until a transmitting order of the group arrives
    const root = order.parentId === 0 ? order : this.orders.get(order.parentId);
    for (const held of this.orders.values()) {
      if (held.status !== 'PendingSubmit') continue;
      if (held === root || held === order || (root && held.parentId === root.orderId)) {
        held.status = held.parentId !== 0 && this.orders.get(held.parentId)?.status !== 'Filled' ? 'PreSubmitted' : 'Submitted';
        this.#report(held);
      }
    }
    this.#match();
  }

  #cancel(socket: Socket, orderId: number): void {
    const order = this.orders.get(orderId);
    if (!order || FINAL.has(order.status)) {
      this.#send(socket, errorMessage(orderId, 10148, `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${order?.status ?? 'Unknown'}.`));
      return;
    }
    this.#cancelled(order);
    for (const child of this.orders.values()) if (child.parentId === orderId && !FINAL.has(child.status)) this.#cancelled(child);
  }

  #cancelled(order: FakeIbOrder): void {
    order.status = 'Cancelled';
    this.#broadcast(orderStatusMessage(order));
    this.#broadcast(errorMessage(order.orderId, 202, 'Order Canceled - reason:'));
  }

  #report(order: FakeIbOrder, lastFillPrice = 0): void {
    this.#broadcast(openOrderMessage(order, this.account));
    this.#broadcast(orderStatusMessage(order, lastFillPrice));
  }

  #match(): void {
    for (const order of [...this.orders.values()]) {
      if (order.status !== 'Submitted') continue;
      const price = this.prices.get(order.contract.symbol);
      if (price === undefined) continue;
      const buy = order.action === 'BUY';
      const limit = order.lmtPrice ?? 0;
      const stop = order.auxPrice ?? 0;
      if (order.orderType === 'MKT') this.#fill(order, price);
      else if (order.orderType === 'LMT' && (buy ? price <= limit : price >= limit)) this.#fill(order, limit);
      else if (order.orderType === 'STP' && (buy ? price >= stop : price <= stop)) this.#fill(order, price);
      else if (order.orderType === 'STP LMT') {
        if (buy ? price >= stop : price <= stop) this.#triggered.add(order.orderId);
        if (this.#triggered.has(order.orderId) && (buy ? price <= limit : price >= limit)) this.#fill(order, limit);
      }
    }
  }

  #fill(order: FakeIbOrder, price: number): void {
    const remaining = order.totalQuantity - order.filled;
    const shares = this.maxFillQty !== undefined && this.maxFillQty < remaining ? this.maxFillQty : remaining;
    const signed = order.action === 'BUY' ? shares : -shares;
    const held = this.positions.get(order.contract.symbol) ?? { contract: order.contract, qty: 0, cost: 0 };
    const next = held.qty + signed;
    const average = held.qty === 0 ? 0 : held.cost / held.qty;
    // Average cost: adding averages in, reducing keeps it, crossing zero opens the rest at the fill price.
    const sameSide = held.qty === 0 || Math.sign(held.qty) === Math.sign(signed);
    const cost = sameSide ? held.cost + signed * price : Math.sign(next) === Math.sign(held.qty) ? next * average : next * price;
    this.positions.set(order.contract.symbol, { contract: held.contract, qty: next, cost });
    this.cash -= signed * price;
    order.avgFillPrice = (order.avgFillPrice * order.filled + price * shares) / (order.filled + shares);
    order.filled += shares;
    order.status = order.filled >= order.totalQuantity ? 'Filled' : 'Submitted';
    const commission = this.feeRate === undefined ? 1 : shares * price * this.feeRate;
    const execution: FakeExecution = { order, execId: `0000e0d5.${String(this.#nextExec++).padStart(8, '0')}.01.01`, time: '20240603  10:00:01 US/Eastern', shares, price, commission };
    this.executions.push(execution);
    this.#broadcast(execDetailsMessage(-1, order, { ...execution, cumQty: order.filled, avgPrice: order.avgFillPrice }, this.account));
    this.#broadcast(commissionMessage(execution.execId, execution.commission));
    this.#report(order, price);
    if (order.status !== 'Filled') return;
    const siblings = [...this.orders.values()].filter((o) => o.parentId !== 0 && o.parentId === order.parentId && o !== order);
    for (const sibling of siblings) if (!FINAL.has(sibling.status)) this.#cancelled(sibling);
    for (const child of this.orders.values()) {
      if (child.parentId === order.orderId && child.status === 'PreSubmitted') {
        child.status = 'Submitted';
        this.#report(child);
      }
    }
  }

  /** reqOpenOrders lists the client's own orders; reqAllOpenOrders (`clientId` undefined) every client's and TWS's. */
  #openOrders(socket: Socket, clientId: number | undefined): void {
    for (const order of this.orders.values()) {
      if (FINAL.has(order.status) || order.status === 'PendingSubmit') continue;
      if (clientId !== undefined && order.clientId !== clientId) continue;
      this.#send(socket, openOrderMessage(order, this.account));
      this.#send(socket, orderStatusMessage(order));
    }
    this.#send(socket, [IN.OPEN_ORDER_END, 1]);
  }

  /**
   * reqContractDetails: by conId when one is given (a conId TWS does not know is error 200), else by symbol against
   * the contracts the fake trades; then contractDetailsEnd.
   */
  #contractDetails(socket: Socket, m: string[]): void {
    const reqId = Number(m[2]);
    const conId = Number(m[3] || 0);
    const symbol = m[4] ?? '';
    const known = [...this.contracts.values()];
    const found = conId > 0 ? known.filter((d) => d.contract.conId === conId) : known.filter((d) => d.contract.symbol === symbol);
    if (found.length === 0) {
      this.#send(socket, errorMessage(reqId, 200, 'No security definition has been found for the request'));
      return;
    }
    for (const details of found) this.#send(socket, contractDataMessage(reqId, details));
    this.#send(socket, contractDataEndMessage(reqId));
  }

  #sendExecutions(socket: Socket, reqId: number): void {
    for (const e of this.executions) {
      this.#send(socket, execDetailsMessage(reqId, e.order, { ...e, cumQty: e.shares, avgPrice: e.price }, this.account));
      this.#send(socket, commissionMessage(e.execId, e.commission));
    }
    this.#send(socket, [IN.EXECUTION_DATA_END, 1, reqId]);
  }

  #sendPositions(socket: Socket): void {
    for (const p of this.positions.values()) {
      if (p.qty !== 0) this.#send(socket, positionMessage(this.account, p.contract, p.qty, p.cost / p.qty));
    }
    this.#send(socket, [IN.POSITION_END, 1]);
  }

  /** reqAccountUpdates: the portfolio at the fake's prices, then the download's end. */
  #sendPortfolio(socket: Socket): void {
    for (const [symbol, p] of this.positions) {
      if (p.qty !== 0) this.#send(socket, portfolioMessage(this.account, p.contract, p.qty, this.prices.get(symbol) ?? 0, p.cost / p.qty));
    }
    this.#send(socket, [IN.ACCT_DOWNLOAD_END, 1, this.account]);
  }

  #accountSummary(socket: Socket, reqId: number, tags: string): void {
    let market = 0;
    let unrealized = 0;
    for (const [symbol, p] of this.positions) {
      const value = p.qty * (this.prices.get(symbol) ?? 0);
      market += value;
      unrealized += value - p.cost;
    }
    const values: Record<string, number> = {
      NetLiquidation: this.cash + market,
      TotalCashValue: this.cash,
      BuyingPower: this.cash * 4,
      InitMarginReq: Math.abs(market) / 4,
      UnrealizedPnL: unrealized,
      RealizedPnL: 0,
    };
    for (const tag of tags.split(',')) {
      const value = values[tag];
      if (value !== undefined) this.#send(socket, [IN.ACCOUNT_SUMMARY, 1, reqId, this.account, tag, value.toFixed(2), 'USD']);
    }
    this.#send(socket, [IN.ACCOUNT_SUMMARY_END, 1, reqId]);
  }
}
