/**
 * A contract `PreOrder` as IB orders: MKT, LMT, STP, STP LMT with DAY/GTC/IOC/FOK, and brackets the way TWS
 * wants them: the parent and its take-profit child sent with `transmit: false`, the stop-loss child last
 * with `transmit: true`, so TWS releases the group at once and cancels the remaining child when one fills.
 */
import { OrderAction, OrderType as IbOrderType, TimeInForce } from '@stoqey/ib';
import type { Order as IbOrder } from '@stoqey/ib';
import { ErrorCode, OrderType, Side, TradingError } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';

const TYPES: Readonly<Record<OrderType, IbOrderType>> = {
  [OrderType.Market]: IbOrderType.MKT,
  [OrderType.Limit]: IbOrderType.LMT,
  [OrderType.Stop]: IbOrderType.STP,
  [OrderType.StopLimit]: IbOrderType.STP_LMT,
};

function invalid(message: string, path: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
}

/** Malformed orders: VALIDATION_ERROR, nothing is sent. */
export function validateIbPreOrder(order: PreOrder): void {
  if (!(order.qty > 0)) throw invalid('qty must be positive', '/qty');
  if ((order.type === OrderType.Limit || order.type === OrderType.StopLimit) && order.limitPrice === undefined) {
    throw invalid('a limit order needs limitPrice', '/limitPrice');
  }
  if ((order.type === OrderType.Stop || order.type === OrderType.StopLimit) && order.stopPrice === undefined) {
    throw invalid('a stop order needs stopPrice', '/stopPrice');
  }
}

export interface IbOrderLeg {
  readonly role: 'entry' | 'takeProfit' | 'stopLoss';
  readonly orderId: number;
  readonly order: IbOrder;
}

/** The entry and its exits, in sending order; `ids` hands out consecutive order ids. */
export function buildIbOrders(preOrder: PreOrder, ids: () => number, account: string | undefined, clientOrderId: string | undefined): IbOrderLeg[] {
  const tif = preOrder.duration?.type ?? 'GTC';
  const action = preOrder.side === Side.Buy ? OrderAction.BUY : OrderAction.SELL;
  const exit = preOrder.side === Side.Buy ? OrderAction.SELL : OrderAction.BUY;
  const common = { totalQuantity: preOrder.qty, tif, ...(account ? { account } : {}) };
  const bracket = preOrder.takeProfit !== undefined || preOrder.stopLoss !== undefined;
  const entryId = ids();
  const legs: IbOrderLeg[] = [
    {
      role: 'entry',
      orderId: entryId,
      order: {
        ...common,
        action,
        orderType: TYPES[preOrder.type],
        ...(preOrder.limitPrice !== undefined && TYPES[preOrder.type] !== IbOrderType.MKT && TYPES[preOrder.type] !== IbOrderType.STP ? { lmtPrice: preOrder.limitPrice } : {}),
        ...(preOrder.stopPrice !== undefined && (preOrder.type === OrderType.Stop || preOrder.type === OrderType.StopLimit) ? { auxPrice: preOrder.stopPrice } : {}),
        ...(clientOrderId ? { orderRef: clientOrderId } : {}),
        transmit: !bracket,
      },
    },
  ];
  // Exits live until filled or canceled: a DAY entry's brackets still guard the position overnight.
  const exitCommon = { ...common, tif: TimeInForce.GTC, parentId: entryId, action: exit };
  if (preOrder.takeProfit !== undefined) {
    legs.push({ role: 'takeProfit', orderId: ids(), order: { ...exitCommon, orderType: IbOrderType.LMT, lmtPrice: preOrder.takeProfit, transmit: false } });
  }
  if (preOrder.stopLoss !== undefined) {
    legs.push({ role: 'stopLoss', orderId: ids(), order: { ...exitCommon, orderType: IbOrderType.STP, auxPrice: preOrder.stopLoss, transmit: false } });
  }
  const last = legs[legs.length - 1];
  if (last) last.order.transmit = true;
  return legs;
}
