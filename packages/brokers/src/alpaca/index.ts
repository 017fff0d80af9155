/** Alpaca adapter: the broker, its factory, configuration and the pure parse functions. */
export { ALPACA_CAPABILITIES, AlpacaBroker, alpacaFactory } from './alpaca-broker.ts';
export { parseAlpacaConfig, streamUrlFor } from './alpaca-config.ts';
export type { AlpacaConfig } from './alpaca-config.ts';
export { AlpacaHttpClient } from './alpaca-http.ts';
export { mapAlpacaHttpError } from './alpaca-errors.ts';
export { buildAlpacaOrderRequest, unsupportedAlpacaOrder, validateAlpacaPreOrder } from './alpaca-order-request.ts';
export {
  parseAlpacaAccount,
  parseAlpacaFillActivity,
  parseAlpacaOrder,
  parseAlpacaOrderTree,
  parseAlpacaPosition,
  parseAlpacaStatus,
  parseTradeUpdateExecution,
} from './alpaca-parse.ts';
export type * from './alpaca-types.ts';
