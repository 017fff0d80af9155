/**
 * The TWS socket protocol as a fake server speaks it, for server version 100 (the lowest V100+ version, so
 * no optional fields): the `API\0` handshake, 4-byte big-endian length prefixes around NUL-separated fields,
 * and the incoming messages in the exact field order @stoqey/ib's decoder reads at that version.
 */
export const FAKE_SERVER_VERSION = 100;

/** Incoming (server → client) message ids. */
export const IN = {
  ORDER_STATUS: 3,
  PORTFOLIO_VALUE: 7,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  NEXT_VALID_ID: 9,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  OPEN_ORDER_END: 53,
  ACCT_DOWNLOAD_END: 54,
  EXECUTION_DATA_END: 55,
  COMMISSION_REPORT: 59,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
} as const;

/** Outgoing (client → server) message ids the fake understands. */
export const OUT = {
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
} as const;

export type Field = string | number | boolean | undefined;

/** One length-prefixed message of NUL-terminated fields. */
export function frame(fields: readonly Field[]): Buffer {
  const text = fields.map((f) => (f === undefined ? '' : typeof f === 'boolean' ? (f ? '1' : '0') : String(f))).join('\0') + '\0';
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** Splits a client byte stream: the handshake first, then framed messages; returns what is left over. */
export function readMessages(buffer: Buffer, handshakeDone: boolean): { messages: string[][]; rest: Buffer; handshake?: string } {
  let offset = 0;
  let handshake: string | undefined;
  const messages: string[][] = [];
  if (!handshakeDone) {
    if (buffer.length < 8) return { messages, rest: buffer };
    if (buffer.subarray(0, 4).toString('latin1') !== 'API\0') throw new Error('client did not start with API\\0');
    const size = buffer.readUInt32BE(4);
    if (buffer.length < 8 + size) return { messages, rest: buffer };
    handshake = buffer.subarray(8, 8 + size).toString('utf8');
    offset = 8 + size;
  }
  while (buffer.length - offset >= 4) {
    const size = buffer.readUInt32BE(offset);
    if (buffer.length - offset < 4 + size) break;
    const fields = buffer.subarray(offset + 4, offset + 4 + size).toString('utf8').split('\0');
    fields.pop();
    messages.push(fields);
    offset += 4 + size;
  }
  return { messages, rest: buffer.subarray(offset), ...(handshake === undefined ? {} : { handshake }) };
}

export interface FakeContract {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly lastTradeDateOrContractMonth: string;
  readonly exchange: string;
  readonly currency: string;
  readonly localSymbol: string;
}

export interface FakeIbOrder {
  readonly orderId: number;
  readonly contract: FakeContract;
  readonly action: 'BUY' | 'SELL';
  totalQuantity: number;
  readonly orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  readonly tif: string;
  readonly orderRef: string;
  readonly parentId: number;
  readonly transmit: boolean;
  readonly clientId: number;
  readonly permId: number;
  status: string;
  filled: number;
  avgFillPrice: number;
}

const contractFields = (c: FakeContract): Field[] => [c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', '', c.exchange, c.currency, c.localSymbol, c.symbol];

/** OPEN_ORDER, message version 34: every field up to the randomize flags. */
export function openOrderMessage(o: FakeIbOrder, account: string): Field[] {
  return [
    IN.OPEN_ORDER, 34, o.orderId, ...contractFields(o.contract),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice ?? '', o.auxPrice ?? '', o.tif, '', account, 'O', 0, o.orderRef,
    o.clientId, o.permId, 0, 0, 0, '', '', '', '', '', '', '', '', '', '',
    0, '', -1, 0, '', '', '', '', '', '', false, false, false, '', 0, false, false, '',
    o.parentId, 0,
    '', 0, '', '', 0, 0,
    '', '',
    '', '',
    '', 0, 0,
    0,
    '', '', '',
    '',
    false,
    '', '',
    false,
    false,
    '',
    false,
    false, o.status, '', '', '', '', '', '', '', '',
    false, false,
  ];
}

export function orderStatusMessage(o: FakeIbOrder, lastFillPrice = 0): Field[] {
  return [IN.ORDER_STATUS, 6, o.orderId, o.status, o.filled, o.totalQuantity - o.filled, o.avgFillPrice, o.permId, o.parentId, lastFillPrice, o.clientId, ''];
}

export function execDetailsMessage(reqId: number, o: FakeIbOrder, exec: { execId: string; time: string; shares: number; price: number; cumQty: number; avgPrice: number }, account: string): Field[] {
  const c = o.contract;
  return [
    IN.EXECUTION_DATA, 10, reqId, o.orderId,
    c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', '', c.exchange, c.currency, c.localSymbol, c.symbol,
    exec.execId, exec.time, account, c.exchange, o.action === 'BUY' ? 'BOT' : 'SLD', exec.shares, exec.price,
    o.permId, o.clientId, 0, exec.cumQty, exec.avgPrice, o.orderRef, '', '',
  ];
}

export function commissionMessage(execId: string, commission: number): Field[] {
  return [IN.COMMISSION_REPORT, 1, execId, commission, 'USD', '', '', ''];
}

export function positionMessage(account: string, c: FakeContract, pos: number, avgCost: number): Field[] {
  return [IN.POSITION, 3, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', '', c.exchange, c.currency, c.localSymbol, c.symbol, pos, avgCost];
}

/** PORTFOLIO_VALUE version 8 (reqAccountUpdates): the position with TWS's market price and P&L. */
export function portfolioMessage(account: string, c: FakeContract, pos: number, price: number, avgCost: number): Field[] {
  const value = pos * price;
  return [IN.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', '', '', c.currency, c.localSymbol, c.symbol, pos, price, value, avgCost, value - pos * avgCost, 0, account];
}

export function errorMessage(id: number, code: number, message: string): Field[] {
  return [IN.ERR_MSG, 2, id, code, message];
}
