/**
 * Order modification at Alpaca: PATCH /v2/orders/{id} replaces the order with a new one (new id, the old
 * one ends as `replaced`); bracket prices are changed by replacing the matching leg.
 */
import { ErrorCode, TradingError, fixedToString, toFixed } from '@trading-pro/contracts';
import type { ModifyOrder, Order } from '@trading-pro/contracts';
import type { BrokerEvent, CommandResult } from '../broker.ts';
import type { AlpacaHttpClient } from './alpaca-http.ts';
import { checkAlpacaPrice } from './alpaca-order-request.ts';
import type { AlpacaSync } from './alpaca-sync.ts';
import type { AlpacaOrderWire, AlpacaReplaceRequest } from './alpaca-types.ts';

const decimal = (value: number) => fixedToString(toFixed(value));

function validate(changes: ModifyOrder): void {
  if (changes.takeProfit === null || changes.stopLoss === null) {
    throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'Alpaca cannot remove one leg of a bracket; cancel the order instead');
  }
  if (changes.qty !== undefined && !(changes.qty > 0)) {
    throw new TradingError(ErrorCode.VALIDATION_ERROR, 'qty must be positive', { details: [{ path: '/qty', message: 'must be positive' }] });
  }
  checkAlpacaPrice(changes.limitPrice, '/limitPrice');
  checkAlpacaPrice(changes.stopPrice, '/stopPrice');
  checkAlpacaPrice(changes.takeProfit ?? undefined, '/takeProfit');
  checkAlpacaPrice(changes.stopLoss ?? undefined, '/stopLoss');
}

function legOf(parent: AlpacaOrderWire, which: 'takeProfit' | 'stopLoss'): AlpacaOrderWire {
  const leg = (parent.legs ?? []).find((l) => (which === 'takeProfit' ? l.type === 'limit' : l.type === 'stop' || l.type === 'stop_limit'));
  if (!leg) throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `order ${parent.id} has no ${which === 'takeProfit' ? 'take-profit' : 'stop-loss'} leg to change`);
  return leg;
}

export async function modifyAlpacaOrder(
  http: AlpacaHttpClient,
  sync: AlpacaSync,
  current: Order,
  changes: ModifyOrder,
): Promise<CommandResult> {
  validate(changes);
  const events: BrokerEvent[] = [];
  let id = current.id;
  const body: AlpacaReplaceRequest = {};
  if (changes.qty !== undefined) body.qty = decimal(changes.qty);
  if (changes.limitPrice !== undefined) body.limit_price = decimal(changes.limitPrice);
  if (changes.stopPrice !== undefined) body.stop_price = decimal(changes.stopPrice);
  if (Object.keys(body).length > 0) {
    const venueId = sync.venueId(id) ?? id;
    const replacement = await http.replaceOrder(venueId, body);
    events.push(...sync.applyOrderTree(replacement), ...sync.applyOrderTree(await http.getOrder(venueId)));
    id = replacement.id;
  }
  if (typeof changes.takeProfit === 'number' || typeof changes.stopLoss === 'number') {
    const parent = await http.getOrder(id);
    if (typeof changes.takeProfit === 'number') await http.replaceOrder(legOf(parent, 'takeProfit').id, { limit_price: decimal(changes.takeProfit) });
    if (typeof changes.stopLoss === 'number') await http.replaceOrder(legOf(parent, 'stopLoss').id, { stop_price: decimal(changes.stopLoss) });
    events.push(...sync.applyOrderTree(await http.getOrder(id)));
  }
  return { events };
}
