/**
 * Order submission without blind retries. The client_order_id is journaled before the POST; when the POST
 * gets no answer (timeout, reset, 5xx) its effect is unknown, so the order is looked up by that id first and
 * sent again only when Alpaca has provably never seen it. Alpaca also refuses a reused client_order_id,
 * which makes the resend safe even if the lookup raced the original request.
 */
import { ErrorCode, TradingError, isTradingError } from '@trading-pro/contracts';
import type { AlpacaHttpClient } from './alpaca-http.ts';
import { isAmbiguous } from './alpaca-http.ts';
import type { AlpacaOrderRequest, AlpacaOrderWire } from './alpaca-types.ts';

/** The order could not be confirmed either way; reconciliation will settle it. */
export class SubmissionUnknownError extends TradingError {
  readonly clientOrderId: string;

  constructor(clientOrderId: string, cause: unknown) {
    super(
      ErrorCode.BROKER_UNAVAILABLE,
      `Alpaca did not confirm order ${clientOrderId}; it is reconciled by client_order_id once Alpaca answers`,
      { cause },
    );
    this.clientOrderId = clientOrderId;
  }
}

export async function submitWithoutDuplicates(
  http: AlpacaHttpClient,
  body: AlpacaOrderRequest,
  lookupAttempts: number,
): Promise<AlpacaOrderWire> {
  let lastError: unknown;
  try {
    return await http.submitOrder(body);
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    lastError = error;
  }
  for (let attempt = 1; attempt <= lookupAttempts; attempt += 1) {
    let found: AlpacaOrderWire | undefined;
    try {
      found = await http.getOrderByClientId(body.client_order_id);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      lastError = error;
      continue;
    }
    if (found) return found;
    try {
      return await http.submitOrder(body);
    } catch (error) {
      // A refusal of the reused client_order_id proves the first request arrived: look it up again.
      if (!isAmbiguous(error) && !isDuplicateClientId(error)) throw error;
      lastError = error;
    }
  }
  throw new SubmissionUnknownError(body.client_order_id, lastError);
}

function isDuplicateClientId(error: unknown): boolean {
  return isTradingError(error) && /client_order_id/i.test(error.message);
}
