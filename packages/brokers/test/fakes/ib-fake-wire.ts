/**
 * The TWS socket protocol as a fake server speaks it, at server version 193 (IB's
 * MIN_SERVER_VER_CME_TAGGING_FIELDS_IN_OPEN_ORDER, the newest version @stoqey/ib accepts, as TWS / IB Gateway 10.x
 * negotiate it): the `API\0` handshake, 4-byte big-endian length prefixes around NUL-separated fields, and every
 * message in the field order IB's EDecoder reads at that version (the version field dropped where the protocol
 * dropped it: openOrder, orderStatus, execDetails, contractData, historicalData).
 */
export const FAKE_SERVER_VERSION = 193;
/** The lowest client version range the fake accepts: V100+ framing is required. */
const MIN_CLIENT_VERSION = 100;

/** Server versions at which a message's encoding changed (IB's MIN_SERVER_VER_* constants). */
export const SERVER_VER = {
  ORDER_CONTAINER: 145,
  SYNT_REALTIME_BARS: 124,
  CME_TAGGING_FIELDS: 192,
  ERROR_TIME: 194,
} as const;

/** Incoming (server → client) message ids. */
export const IN = {
  ORDER_STATUS: 3,
  PORTFOLIO_VALUE: 7,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  CONTRACT_DATA_END: 52,
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
  REQ_CONTRACT_DATA: 9,
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

/**
 * The server version answered to a client's `v<min>..<max>` handshake: the fake's own version when the client's
 * range holds it, undefined otherwise (TWS then closes the connection).
 */
export function negotiateVersion(handshake: string): number | undefined {
  const match = /^v(\d+)(?:\.\.(\d+))?/.exec(handshake);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (max < MIN_CLIENT_VERSION || min > FAKE_SERVER_VERSION || max < FAKE_SERVER_VERSION) return undefined;
  return FAKE_SERVER_VERSION;
}

/** The fields of a client's placeOrder the fake acts on, read at the negotiated version. */
export interface PlacedOrderFields {
  readonly orderId: number;
  readonly conId: string;
  readonly symbol: string;
  readonly secType: string;
  readonly lastTradeDateOrContractMonth: string;
  readonly exchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly action: string;
  readonly totalQuantity: string;
  readonly orderType: string;
  readonly lmtPrice: string;
  readonly auxPrice: string;
  readonly tif: string;
  readonly orderRef: string;
  readonly transmit: string;
  readonly parentId: string;
}

/**
 * Reads PLACE_ORDER as EClient.placeOrder writes it: from ORDER_CONTAINER (145) on there is no message version, so
 * the order id follows the message id; then conId, symbol, secType, expiry, strike, right, multiplier, exchange,
 * primaryExch, currency, localSymbol, tradingClass, secIdType, secId, action, quantity, type, lmtPrice, auxPrice, tif,
 * ocaGroup, account, openClose, origin, orderRef, transmit, parentId, …
 */
export function readPlaceOrder(m: readonly string[], serverVersion = FAKE_SERVER_VERSION): PlacedOrderFields {
  const at = serverVersion < SERVER_VER.ORDER_CONTAINER ? 2 : 1;
  const f = (offset: number): string => m[at + offset] ?? '';
  return {
    orderId: Number(f(0)),
    conId: f(1),
    symbol: f(2),
    secType: f(3),
    lastTradeDateOrContractMonth: f(4),
    exchange: f(8),
    currency: f(10),
    localSymbol: f(11),
    action: f(15),
    totalQuantity: f(16),
    orderType: f(17),
    lmtPrice: f(18),
    auxPrice: f(19),
    tif: f(20),
    orderRef: f(25),
    transmit: f(26),
    parentId: f(27),
  };
}

/** CANCEL_ORDER's order id: from CME_TAGGING_FIELDS (192) on the message has no version field. */
export function readCancelOrderId(m: readonly string[], serverVersion = FAKE_SERVER_VERSION): number {
  return Number(m[serverVersion < SERVER_VER.CME_TAGGING_FIELDS ? 2 : 1]);
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

/** Unset doubles travel as Java's Double.MAX_VALUE, unset ints as Integer.MAX_VALUE (EClient's UNSET_*). */
export const UNSET_DOUBLE = '1.7976931348623157E308';
export const UNSET_INTEGER = '2147483647';

/** Trading class and multiplier per security type, as TWS reports them in contract fields. */
const tradingClassOf = (c: FakeContract): string => (c.secType === 'CASH' ? `${c.symbol}.${c.currency}` : c.secType === 'FUT' ? c.symbol : 'NMS');
const multiplierOf = (c: FakeContract): string => (c.secType === 'FUT' ? '125000' : '');

/** The contract as openOrder and execDetails carry it: conId … localSymbol, with multiplier and trading class. */
const contractFields = (c: FakeContract): Field[] => [
  c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', multiplierOf(c), c.exchange, c.currency, c.localSymbol, tradingClassOf(c),
];

/**
 * OPEN_ORDER at server version 193 (no message version: from ORDER_CONTAINER on, the server version is the
 * version), in EOrderDecoder's order: 11 contract fields, then 100+ order fields and the order state. Unset prices
 * travel empty or as UNSET_DOUBLE where TWS sends them so; the what-if margins are unset for a live order.
 */
export function openOrderMessage(o: FakeIbOrder, account: string): Field[] {
  const whatIf = [UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE];
  return [
    IN.OPEN_ORDER, o.orderId, ...contractFields(o.contract),
    // action, quantity, type, lmtPrice, auxPrice, tif, ocaGroup, account, openClose, origin, orderRef, clientId, permId
    o.action, o.totalQuantity, o.orderType, o.lmtPrice ?? '', o.auxPrice ?? '', o.tif, '', account, 'O', 0, o.orderRef, o.clientId, o.permId,
    // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation (skipped), faGroup, faMethod, faPercentage
    false, false, 0, '', '', '', '', '',
    // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
    '', '', '', '', '', 0, '', -1,
    // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize
    0, '', '', '', '', '', UNSET_INTEGER,
    // blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
    false, false, false, UNSET_INTEGER, 3, false, false, UNSET_DOUBLE,
    // parentId, triggerMethod
    o.parentId, 0,
    // volatility, volatilityType, deltaNeutralOrderType (empty: no delta-neutral leg fields follow),
    // deltaNeutralAuxPrice, continuousUpdate, referencePriceType
    '', 0, '', '', 0, 0,
    // trailStopPrice, trailingPercent, basisPoints, basisPointsType
    '', '', '', '',
    // comboLegsDescription, comboLegs count, orderComboLegs count, smartComboRoutingParams count
    '', 0, 0, 0,
    // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement (unset: no further scale fields)
    '', '', '',
    // hedgeType ('' : no hedgeParam), optOutSmartRouting, clearingAccount, clearingIntent, notHeld
    '', false, '', 'IB', false,
    // deltaNeutralContract present, algoStrategy ('' : no params), solicited
    false, '', false,
    // whatIf, status, initMargin/maintMargin/equityWithLoan before, change and after, commission, min, max,
    // commissionCurrency, warningText
    false, o.status, ...whatIf, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, '', '',
    // randomizeSize, randomizePrice (no PEG BENCH fields for these types), conditions count
    false, false, 0,
    // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice,
    // adjustedTrailingAmount, adjustableTrailingUnit
    'None', UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, 0,
    // softDollarTier name, value, displayName; cashQty
    '', '', '', UNSET_DOUBLE,
    // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
    true, false, false, false,
    // duration, postToAts, autoCancelParent
    UNSET_INTEGER, UNSET_INTEGER, false,
    // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
    UNSET_INTEGER, UNSET_INTEGER, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE,
    // customerAccount, professionalCustomer, bondAccruedInterest, includeOvernight
    '', false, '', false,
    // extOperator, manualOrderIndicator (CME tagging, 193)
    '', UNSET_INTEGER,
  ];
}

/** ORDER_STATUS at 193 (no version since MARKET_CAP_PRICE): …, clientId, whyHeld, mktCapPrice. */
export function orderStatusMessage(o: FakeIbOrder, lastFillPrice = 0): Field[] {
  return [IN.ORDER_STATUS, o.orderId, o.status, o.filled, o.totalQuantity - o.filled, o.avgFillPrice, o.permId, o.parentId, lastFillPrice, o.clientId, '', 0];
}

export interface FakeExecutionFields {
  readonly execId: string;
  /** `yyyyMMdd  HH:mm:ss <zone>`, the time in TWS's own zone with the zone named (as TWS 10.x sends it). */
  readonly time: string;
  readonly shares: number;
  readonly price: number;
  readonly cumQty: number;
  readonly avgPrice: number;
  /** IB's liquidity code: 1 added, 2 removed, 3 routed out. */
  readonly lastLiquidity?: number;
}

/**
 * EXECUTION_DATA at 193 (no version since LAST_LIQUIDITY): reqId, orderId, the contract with multiplier and trading
 * class, execId, time, account, exchange, side, shares, price, permId, clientId, liquidation, cumQty, avgPrice,
 * orderRef, evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision.
 */
export function execDetailsMessage(reqId: number, o: FakeIbOrder, exec: FakeExecutionFields, account: string): Field[] {
  return [
    IN.EXECUTION_DATA, reqId, o.orderId, ...contractFields(o.contract),
    exec.execId, exec.time, account, o.contract.exchange === 'SMART' ? 'ISLAND' : o.contract.exchange, o.action === 'BUY' ? 'BOT' : 'SLD', exec.shares, exec.price,
    o.permId, o.clientId, 0, exec.cumQty, exec.avgPrice, o.orderRef, '', '', '', exec.lastLiquidity ?? (o.orderType === 'LMT' ? 1 : 2), false,
  ];
}

/** COMMISSION_REPORT version 1: realized P&L and yield unset (Double.MAX_VALUE) on an opening fill. */
export function commissionMessage(execId: string, commission: number): Field[] {
  return [IN.COMMISSION_REPORT, 1, execId, commission, 'USD', UNSET_DOUBLE, UNSET_DOUBLE, ''];
}

export function positionMessage(account: string, c: FakeContract, pos: number, avgCost: number): Field[] {
  return [IN.POSITION, 3, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', multiplierOf(c), c.exchange, c.currency, c.localSymbol, tradingClassOf(c), pos, avgCost];
}

/** PORTFOLIO_VALUE version 8 (reqAccountUpdates): the position with TWS's market price and P&L. */
export function portfolioMessage(account: string, c: FakeContract, pos: number, price: number, avgCost: number): Field[] {
  const value = pos * price;
  return [IN.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, 0, '', multiplierOf(c), '', c.currency, c.localSymbol, tradingClassOf(c), pos, price, value, avgCost, value - pos * avgCost, 0, account];
}

/**
 * ERR_MSG version 2 at 193: id, code, message, then advancedOrderRejectJson (from ADVANCED_ORDER_REJECT, 166).
 * The error time (ERROR_TIME, 194) and the dropped version field come after the version the fake speaks.
 */
export function errorMessage(id: number, code: number, message: string, advancedOrderRejectJson = ''): Field[] {
  return [IN.ERR_MSG, 2, id, code, message, advancedOrderRejectJson];
}

export function nextValidIdMessage(orderId: number): Field[] {
  return [IN.NEXT_VALID_ID, 1, orderId];
}

/** What TWS knows of a contract beyond its identity, for contractDetails. */
export interface FakeContractDetails {
  readonly contract: FakeContract;
  readonly longName: string;
  readonly minTick: number;
  readonly timeZoneId: string;
  readonly tradingHours: string;
  readonly liquidHours: string;
}

/**
 * CONTRACT_DATA at 193 (no version since SIZE_RULES, 164): reqId, symbol, secType, lastTradeDateOrContractMonth,
 * lastTradeDate (182), strike, right, exchange, currency, localSymbol, marketName, tradingClass, conId, minTick,
 * multiplier, orderTypes, validExchanges, priceMagnifier, underConId, longName, primaryExch, contractMonth, industry,
 * category, subcategory, timeZoneId, tradingHours, liquidHours, evRule, evMultiplier, secIdList, aggGroup,
 * underSymbol, underSecType, marketRuleIds, realExpirationDate, stockType, minSize, sizeIncrement,
 * suggestedSizeIncrement, ineligibility reasons (186).
 */
export function contractDataMessage(reqId: number, d: FakeContractDetails): Field[] {
  const c = d.contract;
  const stock = c.secType === 'STK';
  return [
    IN.CONTRACT_DATA, reqId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.lastTradeDateOrContractMonth, 0, '', c.exchange, c.currency, c.localSymbol,
    tradingClassOf(c), tradingClassOf(c), c.conId, d.minTick, multiplierOf(c), 'ACTIVETIM,AD,ALERT,ALLOC,LMT,MKT,STP,STPLMT,TRAIL', `${c.exchange},ISLAND,ARCA`, 1, 0,
    d.longName, stock ? 'NASDAQ' : '', c.lastTradeDateOrContractMonth.slice(0, 6), stock ? 'Technology' : '', stock ? 'Computers' : '', stock ? 'Computers' : '',
    d.timeZoneId, d.tradingHours, d.liquidHours, '', '',
    stock ? 1 : 0, ...(stock ? ['ISIN', 'US0378331005'] : []),
    1, '', '', '26,26', '', stock ? 'COMMON' : '', 1, 1, 100,
    0,
  ];
}

export function contractDataEndMessage(reqId: number): Field[] {
  return [IN.CONTRACT_DATA_END, 1, reqId];
}
