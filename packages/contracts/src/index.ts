export * from './enums.ts';
export * from './errors.ts';
export * from './fixed.ts';
export * from './topic.ts';
export * from './ws.ts';
export * from './schemas-common.ts';
export * from './schemas-broker.ts';
export * from './schemas-datafeed.ts';
export { ALL_SCHEMAS } from './registry.ts';
