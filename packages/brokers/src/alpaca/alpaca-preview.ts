/** Order preview for Alpaca: what would be sent, its estimated cost against buying power; nothing is placed. */
import { OrderType, Side, fixedToString, mulFixed, toFixed } from '@trading-pro/contracts';
import type { OrderPreview, PreOrder } from '@trading-pro/contracts';
import type { AlpacaAccountWire } from './alpaca-types.ts';
import { fixedOf } from './alpaca-parse.ts';

const TYPE_NAMES: Readonly<Record<OrderType, string>> = {
  [OrderType.Market]: 'Market',
  [OrderType.Limit]: 'Limit',
  [OrderType.Stop]: 'Stop',
  [OrderType.StopLimit]: 'Stop limit',
};

export interface PreviewFindings {
  readonly unsupported: string | undefined;
  readonly closedReason: string | undefined;
  readonly confirmId: string;
}

export function buildAlpacaPreview(order: PreOrder, account: AlpacaAccountWire, findings: PreviewFindings): OrderPreview {
  const rows = [
    { title: 'Symbol', value: order.symbol },
    { title: 'Side', value: order.side === Side.Buy ? 'Buy' : 'Sell' },
    { title: 'Type', value: TYPE_NAMES[order.type] },
    { title: 'Quantity', value: String(order.qty) },
    { title: 'Time in force', value: order.duration?.type ?? 'GTC' },
  ];
  if (order.limitPrice !== undefined) rows.push({ title: 'Limit price', value: String(order.limitPrice) });
  if (order.stopPrice !== undefined) rows.push({ title: 'Stop price', value: String(order.stopPrice) });
  if (order.takeProfit !== undefined) rows.push({ title: 'Take profit', value: String(order.takeProfit) });
  if (order.stopLoss !== undefined) rows.push({ title: 'Stop loss', value: String(order.stopLoss) });
  const buyingPower = fixedOf(account.buying_power);
  const accountRows = [{ title: 'Buying power', value: fixedToString(buyingPower) }, { title: 'Commission', value: '0' }];
  const warnings: string[] = [];
  const errors: string[] = [];
  const price = order.limitPrice ?? order.stopPrice;
  if (price !== undefined) {
    const cost = mulFixed(toFixed(order.qty), toFixed(price));
    accountRows.push({ title: 'Estimated cost', value: fixedToString(cost) });
    if (order.side === Side.Buy && cost > buyingPower) errors.push('The order exceeds the buying power');
  } else {
    warnings.push('A market order fills at the prevailing price; its cost is not known in advance');
  }
  if (findings.closedReason) errors.push(findings.closedReason);
  if (findings.unsupported) errors.push(findings.unsupported);
  return {
    confirmId: findings.confirmId,
    sections: [
      { header: 'Order', rows },
      { header: 'Account', rows: accountRows },
    ],
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(errors.length > 0 ? { errors } : {}),
  };
}
