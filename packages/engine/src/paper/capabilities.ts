/** What the paper engine supports, as a broker reports it (`/broker/config` without the broker's name). */
import type { BrokerConfig } from '@trading-pro/contracts';

export const PAPER_CAPABILITIES: Omit<BrokerConfig, 'broker'> = {
  supportOrderBrackets: true,
  supportPositionBrackets: true,
  supportTrailingStop: true,
  supportPartialClosePosition: true,
  supportNativeReversePosition: true,
  supportClosePosition: true,
  supportLeverage: true,
  supportPlaceOrderPreview: true,
  supportExecutions: true,
  supportOrdersHistory: true,
  supportModifyOrderPrice: true,
  supportModifyOrderQuantity: true,
  supportMarketOrders: true,
  supportLimitOrders: true,
  supportStopOrders: true,
  supportStopLimitOrders: true,
  supportedDurations: ['GTC', 'DAY', 'IOC', 'FOK'],
  supportMarketHours: true,
};
