/**
 * OKX v5 wire formats for the fake venue: instruments, tickers, balances, positions, orders and fills as the
 * documented REST answers and `orders` channel pushes carry them (strings everywhere, contracts for SWAP).
 */
import { divFixed, mulFixed, parseFixed, type Fixed } from '@trading-pro/contracts';
import { isOpen, text, unrealized, type BookMarket, type BookOrder, type BookPosition, type BookTrade, type VenueBook } from './venue-book.ts';

export type OkxInstType = 'SPOT' | 'SWAP';

/** The book counts base units; an OKX BTC-USDT-SWAP contract is 0.01 BTC. */
export const SWAP_CONTRACT_VALUE = '0.01';

export const OKX_SPOT: BookMarket = { id: 'BTC-USDT', base: 'BTC', quote: 'USDT', tick: '0.1', step: '0.00000001', minQty: '0.00001', kind: 'spot' };
export const OKX_SWAP: BookMarket = { id: 'BTC-USDT-SWAP', base: 'BTC', quote: 'USDT', tick: '0.1', step: '0.0001', minQty: '0.0001', kind: 'swap' };

export function contractsOf(market: BookMarket, baseQty: Fixed): Fixed {
  return market.kind === 'swap' ? divFixed(baseQty, parseFixed(SWAP_CONTRACT_VALUE)) : baseQty;
}

export function baseOf(market: BookMarket, size: string): string {
  return market.kind === 'swap' ? text(mulFixed(parseFixed(size), parseFixed(SWAP_CONTRACT_VALUE))) : size;
}

export function instrumentJson(market: BookMarket): Record<string, string> {
  const swap = market.kind === 'swap';
  return {
    alias: '', auctionEndTime: '', baseCcy: swap ? '' : 'BTC', category: '1', ctMult: swap ? '1' : '', ctType: swap ? 'linear' : '',
    ctVal: swap ? SWAP_CONTRACT_VALUE : '', ctValCcy: swap ? 'BTC' : '', expTime: '', instFamily: swap ? 'BTC-USDT' : '', instId: market.id,
    instType: swap ? 'SWAP' : 'SPOT', lever: swap ? '100' : '10', listTime: '1606468572000', lotSz: swap ? '0.01' : market.step,
    maxIcebergSz: '9999999999', maxLmtAmt: '20000000', maxLmtSz: '9999999999', maxMktAmt: '1000000', maxMktSz: swap ? '12000' : '1000000',
    maxStopSz: '1000000', maxTriggerSz: '9999999999', maxTwapSz: '9999999999', minSz: swap ? '0.01' : market.minQty, optType: '',
    quoteCcy: swap ? '' : 'USDT', settleCcy: swap ? 'USDT' : '', state: 'live', stk: '', tickSz: market.tick, uly: swap ? 'BTC-USDT' : '',
  };
}

export function tickerJson(market: BookMarket, last: string): Record<string, string> {
  return {
    instType: market.kind === 'swap' ? 'SWAP' : 'SPOT', instId: market.id, last, lastSz: '0.1', askPx: last, askSz: '11', bidPx: last, bidSz: '5',
    open24h: last, high24h: last, low24h: last, volCcy24h: '2222', vol24h: '2222', sodUtc0: last, sodUtc8: last, ts: String(Date.now()),
  };
}

export function balanceJson(book: VenueBook, market: BookMarket): Record<string, unknown> {
  const position = book.positions.get(market.id);
  const upl = position === undefined ? 0n : unrealized(position, book.price(market));
  const now = String(Date.now());
  const details = [...book.balances.keys()].map((ccy) => {
    const cash = book.balance(ccy);
    const pnl = ccy === market.quote ? upl : 0n;
    return {
      availBal: text(book.free(ccy)), availEq: market.kind === 'swap' ? text(book.free(ccy)) : '', borrowFroz: '', cashBal: text(cash), ccy, crossLiab: '',
      disEq: text(cash + pnl), eq: text(cash + pnl), eqUsd: text(cash + pnl), fixedBal: '0', frozenBal: text(book.locked(ccy) + book.marginUsed(ccy)),
      imr: '', interest: '', isoEq: '0', isoLiab: '', isoUpl: '0', liab: '', maxLoan: '', mgnRatio: '', mmr: '', notionalLever: '',
      ordFrozen: text(book.locked(ccy)), rewardBal: '0', spotInUseAmt: '', clSpotInUseAmt: '', maxSpotInUse: '', spotIsoBal: '0',
      stgyEq: '0', twap: '0', uTime: now, upl: text(pnl), uplLiab: '', spotBal: '', openAvgPx: '', accAvgPx: '', spotUpl: '', spotUplRatio: '', totalPnl: '', totalPnlRatio: '',
    };
  });
  const total = details.reduce((sum, detail) => sum + parseFixed(detail.eq), 0n);
  return {
    adjEq: '', borrowFroz: '', details, imr: '', isoEq: '0', mgnRatio: '', mmr: '', notionalUsd: '', notionalUsdForBorrow: '', notionalUsdForFutures: '',
    notionalUsdForOption: '', notionalUsdForSwap: '', ordFroz: '', totalEq: text(total), uTime: now, upl: text(upl),
  };
}

export function positionJson(market: BookMarket, position: BookPosition, last: Fixed): Record<string, unknown> {
  const contracts = contractsOf(market, position.qty);
  const margin = divFixed(mulFixed(position.qty < 0n ? -position.qty : position.qty, position.entry), BigInt(position.leverage) * 100_000_000n);
  return {
    adl: '1', availPos: '', avgPx: text(position.entry), cTime: '1619507758793', ccy: 'USDT', deltaBS: '', deltaPA: '', gammaBS: '', gammaPA: '',
    imr: text(margin), instId: market.id, instType: 'SWAP', interest: '', idxPx: text(last), last: text(last), usdPx: '', bePx: text(position.entry),
    lever: String(position.leverage), liab: '', liabCcy: '', liqPx: '', markPx: text(last), margin: '', mgnMode: 'cross', mgnRatio: '', mmr: '0',
    notionalUsd: text(mulFixed(position.qty < 0n ? -position.qty : position.qty, last)), optVal: '', pendingCloseOrdLiabVal: '', pnl: '0', pos: text(contracts),
    baseBorrowed: '', baseInterest: '', quoteBorrowed: '', quoteInterest: '', posCcy: '', posId: '307173036051017730', posSide: 'net', spotInUseAmt: '',
    spotInUseCcy: '', clSpotInUseAmt: '', maxSpotInUseAmt: '', bizRefId: '', bizRefType: '', thetaBS: '', thetaPA: '', tradeId: '', uTime: String(Date.now()),
    upl: text(unrealized(position, last)), uplLastPx: text(unrealized(position, last)), uplRatio: '0', vegaBS: '', vegaPA: '', realizedPnl: '0', fee: '0', fundingFee: '0', liqPenalty: '0', closeOrderAlgo: [],
  };
}

const STATE: Record<BookOrder['status'], string> = {
  new: 'live', partially_filled: 'partially_filled', filled: 'filled', canceled: 'canceled', rejected: 'canceled', expired: 'canceled',
};

/** Brackets OKX keeps on an order it placed with `attachAlgoOrds`. */
export interface AttachedAlgo {
  readonly tpTriggerPx: string;
  readonly slTriggerPx: string;
}

export function orderJson(order: BookOrder, attached: AttachedAlgo | undefined, trade?: BookTrade): Record<string, unknown> {
  const market = order.market;
  const swap = market.kind === 'swap';
  const average = order.filled === 0n ? 0n : (order.cost * 100_000_000n) / order.filled;
  const ordType = order.price === undefined ? 'market' : order.tif === 'IOC' ? 'ioc' : order.tif === 'FOK' ? 'fok' : 'limit';
  return {
    instType: swap ? 'SWAP' : 'SPOT', instId: market.id, tgtCcy: swap ? '' : 'base_ccy', ccy: '', ordId: order.orderId, clOrdId: order.clientOrderId, tag: '',
    px: order.price === undefined ? '' : text(order.price), pxUsd: '', pxVol: '', pxType: '', sz: text(contractsOf(market, order.qty)), pnl: '0', ordType,
    side: order.side, posSide: swap ? 'net' : '', tdMode: swap ? 'cross' : 'cash', accFillSz: text(contractsOf(market, order.filled)),
    fillPx: trade === undefined ? '' : text(trade.price), tradeId: trade === undefined ? '' : trade.id, fillSz: trade === undefined ? '0' : text(contractsOf(market, trade.qty)),
    fillTime: trade === undefined ? '' : String(trade.time), fillFee: trade === undefined ? '0' : okxFee(trade.fee), fillFeeCcy: 'USDT', execType: trade === undefined ? '' : 'T',
    avgPx: order.filled === 0n ? '' : text(average), state: STATE[order.status], stpId: '', stpMode: 'cancel_maker', lever: swap ? '1' : '',
    attachAlgoClOrdId: '', tpTriggerPx: attached?.tpTriggerPx ?? '', tpTriggerPxType: '', tpOrdPx: '', slTriggerPx: attached?.slTriggerPx ?? '',
    slTriggerPxType: '', slOrdPx: '', attachAlgoOrds: [], feeCcy: 'USDT', fee: '0', rebateCcy: 'USDT', rebate: '0', source: '', category: 'normal',
    reduceOnly: 'false', isTpLimit: 'false', cancelSource: '', quickMgnType: '', algoClOrdId: '', algoId: '',
    uTime: String(order.updateTime), cTime: String(order.createTime), amendResult: '', code: '0', msg: '', reqId: '', amendSource: '',
  };
}

/** OKX reports a charged fee as a negative number (a rebate is positive). */
function okxFee(fee: bigint): string {
  return fee === 0n ? '0' : `-${text(fee)}`;
}

export function fillJson(trade: BookTrade): Record<string, string> {
  const order = trade.order;
  const swap = order.market.kind === 'swap';
  return {
    instType: swap ? 'SWAP' : 'SPOT', instId: order.market.id, tradeId: trade.id, ordId: order.orderId, clOrdId: order.clientOrderId, billId: `b${trade.id}`,
    subType: '1', tag: '', fillPx: text(trade.price), fillSz: text(contractsOf(order.market, trade.qty)), fillIdxPx: text(trade.price), fillPnl: '0',
    fillPxVol: '', fillPxUsd: '', fillMarkVol: '', fillFwdPx: '', fillMarkPx: '', side: order.side, posSide: swap ? 'net' : '', execType: 'T',
    feeCcy: 'USDT', fee: okxFee(trade.fee), ts: String(trade.time), fillTime: String(trade.time),
  };
}

/** Orders of the book in OKX's listing order (newest first). */
export function listOrders(book: VenueBook, keep: (order: BookOrder) => boolean, attached: ReadonlyMap<string, AttachedAlgo>): unknown[] {
  return book.orders.filter(keep).reverse().map((order) => orderJson(order, attached.get(order.clientOrderId)));
}

export { isOpen };
