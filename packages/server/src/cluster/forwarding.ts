/**
 * What crosses NATS when a process forwards an account's request to its owner: the method and its arguments out,
 * the value or the contract error back. Errors keep their code, message and details, so a client gets the same
 * answer from any process.
 */
import { ErrorCode, TradingError, type ErrorDetail } from '@trading-pro/contracts';
import type { PlaceOutcome } from '@trading-pro/brokers';
import type { AccountHandle } from '../accounts/account-handle.ts';

/** Commands change the account: they need its broker connected, as on the route. */
const COMMAND_METHODS = ['placeOrder', 'modifyOrder', 'cancelOrder', 'cancelOrders', 'closePosition', 'reversePosition', 'editPositionBrackets', 'setLeverage'] as const;

/** The methods a non-owner forwards: reads that need the owner's live state, and every command. */
export const FORWARDED = ['account', 'positions', 'leverage', 'previewOrder', ...COMMAND_METHODS] as const satisfies readonly (keyof AccountHandle)[];
export type ForwardedMethod = (typeof FORWARDED)[number];

export const COMMANDS: ReadonlySet<ForwardedMethod> = new Set(COMMAND_METHODS);

export interface ForwardRequest {
  readonly method: ForwardedMethod;
  readonly args: readonly unknown[];
}

interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  readonly retryAfterS?: number;
}

export type ForwardReply = { readonly ok: unknown } | { readonly error: WireError };

export function isForwardRequest(value: unknown): value is ForwardRequest {
  if (value === null || typeof value !== 'object') return false;
  const { method, args } = value as { method?: unknown; args?: unknown };
  return typeof method === 'string' && (FORWARDED as readonly string[]).includes(method) && Array.isArray(args);
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof TradingError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }) };
  }
  return { code: ErrorCode.INTERNAL_ERROR, message: 'the owning process failed to handle the request' };
}

export function errorFromWire(wire: WireError): TradingError {
  return new TradingError(wire.code, wire.message, { ...(wire.details ? { details: wire.details } : {}), ...(wire.retryAfterS === undefined ? {} : { retryAfterS: wire.retryAfterS }) });
}

/** A placement's outcome carries its rejection (a TradingError) as data. */
export function valueToWire(method: ForwardedMethod, value: unknown): unknown {
  if (method !== 'placeOrder') return value ?? null;
  const outcome = value as PlaceOutcome;
  return outcome.rejection === undefined ? { orderId: outcome.orderId } : { orderId: outcome.orderId, rejection: errorToWire(outcome.rejection) };
}

export function valueFromWire(method: ForwardedMethod, value: unknown): unknown {
  if (method !== 'placeOrder') return value;
  const outcome = value as { orderId: string; rejection?: WireError };
  return outcome.rejection === undefined ? { orderId: outcome.orderId } : { orderId: outcome.orderId, rejection: errorFromWire(outcome.rejection) };
}

/** The answer a client gets when no process runs the account right now: safe to retry with the same clientOrderId. */
export function ownerUnavailable(accountId: string, why: string): TradingError {
  return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `account ${accountId} is unavailable: ${why}; retry (with the same clientOrderId) in a moment`);
}
