/** Interactive Brokers adapter: the broker, its factory, configuration, contract mapping, parse functions and market data. */
export { IB_CAPABILITIES, IbBroker, ibFactory } from './ib-broker.ts';
export { parseIbConfig } from './ib-config.ts';
export type { IbConfig } from './ib-config.ts';
export { DEFAULT_FUTURES_EXCHANGES, parseFutureCode, symbolOfContract, toIbContract } from './ib-contracts.ts';
export type { IbContractOptions, IbContractSpec } from './ib-contracts.ts';
export { buildIbOrders, validateIbPreOrder } from './ib-order-build.ts';
export { ibOrderToOrder, ibSummaryToAccount, mapIbOrderError, parseIbStatus } from './ib-parse.ts';
export * from '../market/ib-source.ts';
