/**
 * Order submission that never resends. The client_order_id is journaled before the POST; when the POST gets no
 * answer (timeout, reset, 5xx) its effect is unknown: the order is looked up by that id once, and when Alpaca does
 * not have it (yet) the order is held as unknown (Placing) and settled later by Alpaca's own word: the trade
 * stream, client-id lookups over the unknown-order window, or a reconciliation.
 */
import type { AlpacaHttpClient } from './alpaca-http.ts';
import { isAmbiguous } from './alpaca-http.ts';
import type { AlpacaOrderRequest, AlpacaOrderWire } from './alpaca-types.ts';

export type SubmitOutcome = { readonly kind: 'placed'; readonly wire: AlpacaOrderWire } | { readonly kind: 'unknown'; readonly cause: unknown };

export async function submitOnce(http: AlpacaHttpClient, body: AlpacaOrderRequest): Promise<SubmitOutcome> {
  try {
    return { kind: 'placed', wire: await http.submitOrder(body) };
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    const found = await http.getOrderByClientId(body.client_order_id).catch(() => undefined);
    return found ? { kind: 'placed', wire: found } : { kind: 'unknown', cause: error };
  }
}
