/** One fill: the order's progress, the execution, the position, the balance, then the brackets. */
import { OrderStatus, mulFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { netFill } from './accounting.ts';
import { afterFill } from './brackets.ts';
import type { EngineCore } from './core.ts';
import type { OrderRecord } from './records.ts';

export function executionIdOf(seq: number): string {
  return `E${seq}`;
}

export function fillOrder(core: EngineCore, order: OrderRecord, qty: Fixed, price: Fixed, time: number): OrderRecord {
  const notional = mulFixed(qty, price);
  const unit = core.moneyUnit(order.symbol);
  const commission = core.commission.commission(notional, order.commission, unit, qty);
  const filledQty = order.filledQty + qty;
  const filled = core.update(
    order,
    {
      filledQty,
      filledNotional: order.filledNotional + notional,
      commission: order.commission + commission,
      status: filledQty >= order.qty ? OrderStatus.Filled : order.status,
    },
    time,
  );
  const seq = core.state.executionSeq + 1;
  core.emit({
    type: 'execution',
    execution: { id: executionIdOf(seq), seq, orderId: order.id, symbol: order.symbol, side: order.side, price, qty, commission, time },
  });
  const change = netFill(core.state.positions.get(order.symbol), order.symbol, order.side, qty, price, time, unit);
  core.emit({ type: 'position', position: change.position });
  const balance = core.state.balance;
  core.emit({
    type: 'balance',
    balance: {
      balance: balance.balance + change.realized - commission,
      realizedPL: balance.realizedPL + change.realized,
      commissionPaid: balance.commissionPaid + commission,
      time,
    },
  });
  afterFill(core, filled, time);
  return filled;
}
