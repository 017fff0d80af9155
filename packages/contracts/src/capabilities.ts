/** One builder for a broker's capability flags (`/broker/config`): what most brokers do, and what this one does differently. */
import type { BrokerConfig } from './schemas-broker.ts';

export type Capabilities = Omit<BrokerConfig, 'broker'>;

/** Every order type, modify, close, executions and history; no brackets, trailing stops, leverage or market hours. */
const COMMON: Capabilities = {
  supportOrderBrackets: false,
  supportPositionBrackets: false,
  supportTrailingStop: false,
  supportPartialClosePosition: true,
  supportNativeReversePosition: false,
  supportClosePosition: true,
  supportLeverage: false,
  supportPlaceOrderPreview: true,
  supportExecutions: true,
  supportOrdersHistory: true,
  supportModifyOrderPrice: true,
  supportModifyOrderQuantity: true,
  supportMarketOrders: true,
  supportLimitOrders: true,
  supportStopOrders: true,
  supportStopLimitOrders: true,
  supportedDurations: ['DAY', 'GTC', 'IOC', 'FOK'],
  supportMarketHours: false,
};

export function capabilities(overrides: Partial<Capabilities> = {}): Capabilities {
  return { ...COMMON, ...overrides };
}
